import { Injectable, Logger } from '@nestjs/common';
import {
  NotificationHeaders,
  PaymentNotification,
  RefundNotification,
  WechatPayRefusalReason,
  parsePaymentNotification,
  parseRefundNotification,
} from '@tongdao/channels';
import { Clock, RequestContext } from '@tongdao/kernel';
import { PaymentLedger } from './payment-ledger';
import { PaymentRefunds } from './payment-refunds.service';
import { PaymentTaking } from './payment-taking';
import { WechatPayAccount, WechatPayClients } from './wechatpay-clients';

/** The HTTP answer WeChat Pay expects (§2.5): 200 with no body, or 4xx/5xx with `{code: "FAIL", message}`. */
export interface NotifyAnswer {
  status: number;
  body: { code: 'FAIL'; message: string } | null;
}

const REFUSAL_STATUS: Record<WechatPayRefusalReason, number> = {
  bad_signature: 401,
  wrong_serial: 401,
  stale_timestamp: 401,
  undecryptable: 400,
  malformed: 400,
};

/** Outcomes stored for a notification we refused after reading it; its retries are refused the same way. */
const REFUSED_OUTCOMES = new Set(['unknown_order', 'amount_mismatch', 'merchant_mismatch', 'unknown_refund']);

const ACCEPTED: NotifyAnswer = { status: 200, body: null };

function refused(status: number, message: string): NotifyAnswer {
  return { status, body: { code: 'FAIL', message } };
}

/**
 * `POST /channels/wechatpay/:channelAccountId/notify`. Signature, timestamp and decryption are checked with that
 * account's keys before anything is believed; then the notification is stored once (by its id — retries and
 * duplicates find it), and handed to PaymentTaking (TRANSACTION.*) or PaymentRefunds (REFUND.*). Nothing slow
 * happens here: refunds are queued, so WeChat Pay gets its answer well inside 5 s.
 */
@Injectable()
export class PaymentNotifications {
  private readonly logger = new Logger(PaymentNotifications.name);

  constructor(
    private readonly clients: WechatPayClients,
    private readonly ledger: PaymentLedger,
    private readonly taking: PaymentTaking,
    private readonly refunds: PaymentRefunds,
    private readonly clock: Clock,
  ) {}

  async receive(
    channelAccountId: string,
    headers: NotificationHeaders,
    rawBody: string,
  ): Promise<NotifyAnswer> {
    const account = await this.clients.forNotification(channelAccountId);
    if (!account) return refused(404, 'no WeChat Pay merchant for this account');
    // Only picks which parser verifies it; both check the signature before returning anything from the body.
    if (declaredEventType(rawBody).startsWith('REFUND.')) {
      const parsed = parseRefundNotification(headers, rawBody, account.keys, this.clock.now());
      if (!parsed.ok) return this.refuse(account, parsed.refusal.reason, parsed.refusal.message);
      return this.onRefund(account, parsed.notification);
    }
    const parsed = parsePaymentNotification(headers, rawBody, account.keys, this.clock.now());
    if (!parsed.ok) return this.refuse(account, parsed.refusal.reason, parsed.refusal.message);
    return this.onPayment(account, parsed.notification);
  }

  private async onPayment(
    account: WechatPayAccount,
    notification: PaymentNotification,
  ): Promise<NotifyAnswer> {
    const { transaction } = notification;
    const ctx = RequestContext.system(account.merchantId, `wechatpay-notify:${notification.id}`);
    const stored = await this.ledger.store(
      ctx,
      account.channelAccountId,
      notification.id,
      notification.eventType,
      {
        outTradeNo: transaction.outTradeNo,
        outRefundNo: null,
        transactionId: transaction.transactionId,
        amountFen: transaction.totalFen,
        resource: transaction,
      },
    );
    if (stored.outcome !== 'received') return answerFor(stored.outcome);
    return this.taking.take(ctx, account, notification, stored);
  }

  private async onRefund(account: WechatPayAccount, notification: RefundNotification): Promise<NotifyAnswer> {
    const { refund } = notification;
    const ctx = RequestContext.system(account.merchantId, `wechatpay-notify:${notification.id}`);
    const stored = await this.ledger.store(
      ctx,
      account.channelAccountId,
      notification.id,
      notification.eventType,
      {
        outTradeNo: refund.outTradeNo,
        outRefundNo: refund.outRefundNo,
        transactionId: refund.transactionId,
        amountFen: refund.refundFen,
        resource: refund,
      },
    );
    if (stored.outcome !== 'received') return answerFor(stored.outcome);
    const settled = await this.refunds.settle(ctx, refund);
    if (settled === 'unknown') {
      await this.ledger.finish(ctx, stored, 'unknown_refund');
      return refused(400, 'unknown out_refund_no');
    }
    await this.ledger.finish(ctx, stored, `refund_${settled}`);
    return ACCEPTED;
  }

  private refuse(account: WechatPayAccount, reason: WechatPayRefusalReason, message: string): NotifyAnswer {
    this.logger.warn(
      { channelAccountId: account.channelAccountId, reason, message },
      'WeChat Pay notification refused',
    );
    return refused(REFUSAL_STATUS[reason], `${reason}: ${message}`);
  }
}

function answerFor(outcome: string): NotifyAnswer {
  return REFUSED_OUTCOMES.has(outcome) ? refused(400, `refused before: ${outcome}`) : ACCEPTED;
}

function declaredEventType(rawBody: string): string {
  try {
    const eventType = (JSON.parse(rawBody) as { event_type?: unknown } | null)?.event_type;
    return typeof eventType === 'string' ? eventType : '';
  } catch {
    return '';
  }
}
