import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { sendOutbound } from '../../shared/outbound-http';
import { faultNames } from '../state/misbehaviour';
import { Merchant, Notification, Refund, Transaction } from '../state/model';
import { WechatpayStore } from '../state/store';
import { aesGcmEncrypt, notificationMessage, rfc3339Gmt8, rsaSign } from '../wire/crypto';
import { refundResource, transactionResource } from './resources';

/** §2.5: the waits before retries 1…15 when a notification is not acknowledged (24 h 4 m in all). */
export const RETRY_SCHEDULE_S = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
] as const;

/**
 * Sends v3 notifications as WeChat Pay does: a JSON body whose `resource` is AES-256-GCM encrypted with the
 * merchant's APIv3 key, signed with the platform key over `timestamp\nnonce\nbody\n`. 200/204 acknowledges; any
 * other status, a refused connection or silence past the timeout is retried on the §2.5 schedule (scaled per
 * merchant). The body is the same bytes on every attempt; each attempt is signed afresh (new timestamp and
 * nonce), since a signature from hours ago would fail every receiver's replay check.
 */
@Injectable()
export class Notifier implements OnModuleDestroy {
  private readonly shutdown = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly store: WechatpayStore) {}

  transactionSuccess(merchant: Merchant, tx: Transaction): Notification {
    const resource = transactionResource(tx);
    const faults = this.store.misbehaviourOf(merchant.mchid);
    if (faults.tamperAmountFen) {
      const amount = resource.amount as Record<string, number>;
      amount.total += faults.tamperAmountFen;
      amount.payer_total += faults.tamperAmountFen;
    }
    return this.start(merchant, {
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      url: tx.notifyUrl,
      outTradeNo: tx.outTradeNo,
      resource,
    });
  }

  refundSettled(merchant: Merchant, refund: Refund): Notification | undefined {
    if (!refund.notifyUrl) return undefined;
    const summary = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭', PROCESSING: '' }[
      refund.status
    ];
    return this.start(merchant, {
      eventType: `REFUND.${refund.status as 'SUCCESS' | 'ABNORMAL' | 'CLOSED'}`,
      summary,
      originalType: 'refund',
      url: refund.notifyUrl,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
      resource: refundResource(merchant, refund),
    });
  }

  /** Runs `fn` after `delayMs` unless the sandbox closes first (pay-late, refund settlement). */
  later(delayMs: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.shutdown.signal.aborted) fn();
    }, delayMs);
    this.timers.add(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }

  private start(
    merchant: Merchant,
    spec: {
      eventType: Notification['eventType'];
      summary: string;
      originalType: string;
      url: string;
      outTradeNo: string;
      outRefundNo?: string;
      resource: Record<string, unknown>;
    },
  ): Notification {
    const now = Date.now();
    const nonce = this.store.rng.alnum(12);
    const body = JSON.stringify({
      id: this.eventId(),
      create_time: rfc3339Gmt8(now),
      resource_type: 'encrypt-resource',
      event_type: spec.eventType,
      summary: spec.summary,
      resource: {
        original_type: spec.originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: aesGcmEncrypt(merchant.apiV3Key, nonce, spec.originalType, JSON.stringify(spec.resource)),
        associated_data: spec.originalType,
        nonce,
      },
    });
    const notification: Notification = {
      id: `n${this.store.nextSeq()}`,
      mchid: merchant.mchid,
      eventType: spec.eventType,
      outTradeNo: spec.outTradeNo,
      outRefundNo: spec.outRefundNo,
      url: spec.url,
      body,
      resource: spec.resource,
      faults: faultNames(this.store.misbehaviourOf(merchant.mchid)),
      state: 'pending',
      attempts: [],
      createdAt: now,
    };
    this.store.addNotification(notification);
    this.attempt(
      merchant,
      notification,
      this.store.misbehaviourOf(merchant.mchid).duplicateNotifications ?? 0,
    );
    return notification;
  }

  private eventId(): string {
    const h = this.store.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private attempt(merchant: Merchant, notification: Notification, duplicates: number): void {
    notification.nextAttemptAt = undefined;
    const work = this.send(merchant, notification).then((acknowledged) => {
      if (this.shutdown.signal.aborted) return;
      const n = notification.attempts.length;
      if (!acknowledged && n <= RETRY_SCHEDULE_S.length) {
        const wait = RETRY_SCHEDULE_S[n - 1] * 1000 * merchant.settings.retryScale;
        notification.nextAttemptAt = Date.now() + wait;
        this.later(wait, () => this.attempt(merchant, notification, duplicates));
        return;
      }
      if (!acknowledged) {
        notification.state = 'failed';
        notification.finishedAt = Date.now();
      }
      if (duplicates > 0) this.duplicate(merchant, notification, duplicates - 1);
    });
    const tracked = work.catch(() => undefined);
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** The platform sends the same notification again (same id, same bytes) once the previous copy settled. */
  private duplicate(merchant: Merchant, original: Notification, remaining: number): void {
    const copy: Notification = {
      ...original,
      id: `n${this.store.nextSeq()}`,
      duplicateOf: original.duplicateOf ?? original.id,
      state: 'pending',
      attempts: [],
      createdAt: Date.now(),
      finishedAt: undefined,
    };
    this.store.addNotification(copy);
    this.attempt(merchant, copy, remaining);
  }

  private async send(merchant: Merchant, notification: Notification): Promise<boolean> {
    const faults = this.store.misbehaviourOf(merchant.mchid);
    const platform = this.store.platformKey();
    const timestamp = String(Math.floor(Date.now() / 1000) - (faults.staleTimestampSeconds ?? 0));
    const nonce = this.store.nonce();
    const signed = faults.badSignature ? `${notification.body} ` : notification.body;
    const headers = {
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': platform.serial,
      'Wechatpay-Signature': rsaSign(platform.privateKeyPem, notificationMessage(timestamp, nonce, signed)),
      'Request-ID': `08${this.store.rng.hex(30).toUpperCase()}`,
      'Content-Type': 'application/json',
      'User-Agent': 'Mozilla/4.0',
      Accept: '*/*',
    };
    const started = Date.now();
    const attempt: Notification['attempts'][number] = {
      n: notification.attempts.length + 1,
      startedAt: started,
      latencyMs: 0,
      timestamp,
    };
    notification.attempts.push(attempt);
    try {
      const answer = await sendOutbound({
        url: notification.url,
        method: 'POST',
        headers,
        body: notification.body,
        timeoutMs: merchant.settings.notifyTimeoutMs, // §2.5: 5 s, then the attempt counts as unanswered
        signal: this.shutdown.signal,
        maxBodyBytes: 64 * 1024,
      });
      attempt.latencyMs = Date.now() - started;
      attempt.status = answer.status;
      attempt.responseBody = answer.body.slice(0, 2000);
      if (answer.status === 200 || answer.status === 204) {
        notification.state = 'acknowledged';
        notification.finishedAt = Date.now();
        return true;
      }
    } catch (error) {
      attempt.latencyMs = Date.now() - started;
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    return false;
  }
}
