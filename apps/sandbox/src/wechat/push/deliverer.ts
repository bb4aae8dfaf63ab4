import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { sendOutbound } from '../../shared/outbound-http';
import { Delivery, OfficialAccount } from '../state/model';
import { WechatStore } from '../state/store';
import { envelope, Stamp, verificationUrl } from './envelope';
import { buildPush, PushEvent } from './events';
import { interpretReply, USER_NOTICE } from './reply';

/** What WeChat's pusher sends on every request; it never keeps the connection alive. */
const WECHAT_HEADERS: Record<string, string> = {
  'User-Agent': 'Mozilla/4.0',
  Accept: '*/*',
  Pragma: 'no-cache',
};

export interface PushOptions {
  /** false: return the pending delivery at once and deliver in the background. */
  wait?: boolean;
}

/**
 * Sends pushes to the merchant's callback URL as WeChat does (§1.4): the same bytes up to `pushAttempts` times
 * while the server stays silent past the timeout or answers non-2xx, then reads the passive reply. Every attempt
 * is recorded on the delivery. The duplicate switch sends a second, byte-identical copy after the first.
 */
@Injectable()
export class PushDeliverer implements OnModuleDestroy {
  private readonly shutdown = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly store: WechatStore) {}

  async push(
    account: OfficialAccount,
    openid: string,
    event: PushEvent,
    options: PushOptions = {},
  ): Promise<Delivery> {
    const now = this.store.now();
    const createTime = Math.floor(now / 1000);
    const msgId = event.kind === 'text' ? this.store.nextMsgId() : '';
    const message = buildPush(account, openid, createTime, event, msgId);
    const sealed = envelope(account, message.fields, openid, this.stamp(createTime));
    const delivery = this.newDelivery(account, {
      openid,
      event: event.kind,
      messageKey: message.messageKey,
      method: 'POST',
      url: sealed.url,
      body: sealed.body,
      plaintext: sealed.plaintext,
    });
    const faults = this.store.misbehaviourOf(account.appId);
    const duplicate = faults.hit('duplicatePushes', faults.config.duplicatePushes);
    const work = this.deliver(account, delivery).then(async () => {
      if (!duplicate || this.shutdown.signal.aborted) return;
      const copy = this.newDelivery(account, { ...delivery, duplicateOf: delivery.id });
      await this.deliver(account, copy);
    });
    await this.track(work, options.wait ?? true);
    return delivery;
  }

  /** A push the platform makes a little later on its own, e.g. the outcome of a template send. */
  pushLater(account: OfficialAccount, openid: string, event: PushEvent, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // The callback URL may have been removed meanwhile: then there is nobody to tell.
      if (account.callbackUrl) this.push(account, openid, event, { wait: false }).catch(() => undefined);
    }, delayMs);
    this.timers.add(timer);
  }

  /** The GET check the console makes when a URL is saved (§1.1): one try, the body must be `echostr` verbatim. */
  async verifyUrl(account: OfficialAccount, callbackUrl: string): Promise<Delivery> {
    const createTime = Math.floor(this.store.now() / 1000);
    const echostr = this.store.rng.digits(19);
    const delivery = this.newDelivery(account, {
      event: 'verify',
      messageKey: echostr,
      method: 'GET',
      url: verificationUrl(callbackUrl, account.token, this.stamp(createTime), echostr),
      body: '',
      plaintext: echostr,
    });
    await this.track(this.deliver(account, delivery, 1, echostr), true);
    return delivery;
  }

  /** Cuts in-flight connections so that closing the app never waits on a silent merchant server. */
  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }

  private stamp(createTime: number): Stamp {
    return {
      timestamp: String(createTime),
      nonce: this.store.rng.digits(10),
      random: this.store.rng.bytes(16),
    };
  }

  private newDelivery(
    account: OfficialAccount,
    fields: Pick<Delivery, 'event' | 'messageKey' | 'method' | 'url' | 'body' | 'plaintext'> &
      Partial<Pick<Delivery, 'openid' | 'duplicateOf'>>,
  ): Delivery {
    const delivery: Delivery = {
      id: `d${this.store.nextSeq()}`,
      appId: account.appId,
      openid: fields.openid,
      event: fields.event,
      messageKey: fields.messageKey,
      duplicateOf: fields.duplicateOf,
      mode: account.mode,
      method: fields.method,
      url: fields.url,
      body: fields.body,
      plaintext: fields.plaintext,
      state: 'pending',
      attempts: [],
      createdAt: this.store.now(),
    };
    this.store.addDelivery(delivery);
    return delivery;
  }

  private async track(work: Promise<void>, wait: boolean): Promise<void> {
    const guarded = work.catch(() => undefined);
    this.running.add(guarded);
    void guarded.finally(() => this.running.delete(guarded));
    if (wait) await guarded;
  }

  private async deliver(
    account: OfficialAccount,
    delivery: Delivery,
    attempts = account.settings.pushAttempts,
    echostr?: string,
  ): Promise<void> {
    for (let n = 1; n <= attempts && !this.shutdown.signal.aborted; n += 1) {
      const started = Date.now();
      const attempt: Delivery['attempts'][number] = { n, startedAt: this.store.now(), latencyMs: 0 };
      delivery.attempts.push(attempt);
      try {
        const post = delivery.method === 'POST';
        const answer = await sendOutbound({
          url: delivery.url,
          method: delivery.method,
          headers: post ? { ...WECHAT_HEADERS, 'Content-Type': 'text/xml' } : WECHAT_HEADERS,
          body: post ? delivery.body : undefined,
          timeoutMs: account.settings.pushTimeoutMs,
          signal: this.shutdown.signal,
          maxBodyBytes: 1024 * 1024,
        });
        attempt.latencyMs = Date.now() - started;
        attempt.status = answer.status;
        attempt.responseBody = answer.body;
        if (answer.status >= 200 && answer.status < 300) {
          delivery.reply =
            echostr === undefined
              ? interpretReply(account, delivery.openid ?? '', answer.body)
              : echoed(answer.body, echostr);
          delivery.state = 'delivered';
          delivery.finishedAt = this.store.now();
          return;
        }
      } catch (error) {
        attempt.latencyMs = Date.now() - started;
        attempt.error = error instanceof Error ? error.message : String(error);
      }
    }
    delivery.state = 'failed';
    delivery.finishedAt = this.store.now();
    delivery.reply = { kind: 'invalid', raw: '', problem: 'no 2xx answer in time', userNotice: USER_NOTICE };
  }
}

function echoed(body: string, echostr: string): Delivery['reply'] {
  return body === echostr
    ? { kind: 'ack', raw: body }
    : { kind: 'invalid', raw: body, problem: 'the body is not the echostr (token验证失败)' };
}
