import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { sendOutbound } from '../../shared/outbound-http';
import { Account, Parcel, Push, Subscription } from '../state/model';
import { TrackerStore } from '../state/store';
import { md5Upper } from '../wire/kuaidi100';
import { pushParam } from './payload';

const RETRY_WAIT_MS = 30 * 60 * 1000;
const RETRIES = 3;
const ANSWER_BODY_KEPT = 64 * 1024;

/**
 * Sends tracking pushes as Kuaidi100 does: a form POST of `param` (and `sign = UPPER(MD5(param + salt))` when the
 * subscription gave a salt). Only a JSON answer `{"result":true,"returnCode":"200"}` acknowledges; anything else
 * is sent again 30 minutes later (× the account's retryScale), three times, then given up (§5.3, assumed).
 */
@Injectable()
export class Pusher implements OnModuleDestroy {
  private readonly shutdown = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly store: TrackerStore) {}

  push(
    account: Account,
    subscription: Subscription,
    parcel: Parcel,
    status: Push['pushStatus'],
    message = '',
  ): Push {
    const param = pushParam(parcel, subscription, status, message);
    const faults: string[] = [];
    let sign: string | undefined;
    if (subscription.salt !== undefined) {
      sign = md5Upper(param + subscription.salt);
      if (account.faults.badSign) {
        sign = md5Upper(`${param}${subscription.salt}-`);
        faults.push('badSign');
      }
    }
    const push: Push = {
      id: `p${this.store.nextSeq()}`,
      subscriptionId: subscription.id,
      key: account.key,
      com: parcel.com,
      number: parcel.number,
      url: subscription.callbackUrl,
      pushStatus: status,
      state: parcel.scans.at(-1)?.state ?? null,
      param,
      sign,
      faults,
      delivery: 'pending',
      attempts: [],
      createdAt: this.store.now(),
    };
    this.store.addPush(push);
    this.attempt(account, push, account.faults.duplicatePushes ?? 0);
    return push;
  }

  /** Runs `fn` after `delayMs` unless the sandbox closes first. */
  later(delayMs: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.shutdown.signal.aborted) fn();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    this.cancelAll();
    await Promise.all([...this.running]);
  }

  private attempt(account: Account, push: Push, duplicates: number): void {
    push.nextAttemptAt = undefined;
    const work = this.send(account, push).then((acknowledged) => {
      if (this.shutdown.signal.aborted) return;
      if (!acknowledged && push.attempts.length <= RETRIES) {
        const wait = RETRY_WAIT_MS * account.settings.retryScale;
        push.nextAttemptAt = this.store.now() + wait;
        this.later(wait, () => this.attempt(account, push, duplicates));
        return;
      }
      if (!acknowledged) {
        push.delivery = 'failed';
        push.finishedAt = this.store.now();
      }
      if (duplicates > 0) this.duplicate(account, push, duplicates - 1);
    });
    const tracked = work.catch(() => undefined);
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private duplicate(account: Account, original: Push, remaining: number): void {
    const copy: Push = {
      ...original,
      id: `p${this.store.nextSeq()}`,
      duplicateOf: original.duplicateOf ?? original.id,
      delivery: 'pending',
      attempts: [],
      createdAt: this.store.now(),
      finishedAt: undefined,
    };
    this.store.addPush(copy);
    this.attempt(account, copy, remaining);
  }

  private async send(account: Account, push: Push): Promise<boolean> {
    const started = this.store.now();
    const attempt: Push['attempts'][number] = {
      n: push.attempts.length + 1,
      startedAt: started,
      latencyMs: 0,
    };
    push.attempts.push(attempt);
    const fields: Record<string, string> = { param: push.param };
    if (push.sign !== undefined) fields.sign = push.sign;
    try {
      const answer = await sendOutbound({
        url: push.url,
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams(fields).toString(),
        timeoutMs: account.settings.pushTimeoutMs,
        signal: this.shutdown.signal,
        maxBodyBytes: ANSWER_BODY_KEPT,
      });
      attempt.latencyMs = this.store.now() - started;
      attempt.status = answer.status;
      attempt.responseBody = answer.body.slice(0, 2000);
      if (answer.status >= 200 && answer.status < 300 && acknowledges(answer.body)) {
        push.delivery = 'acknowledged';
        push.finishedAt = this.store.now();
        return true;
      }
    } catch (error) {
      attempt.latencyMs = this.store.now() - started;
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    return false;
  }
}

function acknowledges(body: string): boolean {
  try {
    const answer = JSON.parse(body) as { result?: unknown; returnCode?: unknown };
    return answer.result === true && String(answer.returnCode) === '200';
  } catch {
    return false;
  }
}
