import { Injectable, Logger } from '@nestjs/common';
import { PaymentNotification, WechatPayTransaction } from '@tongdao/channels';
import { DomainError, EventOutbox, RequestContext } from '@tongdao/kernel';
import { MarkPaidOutcome, OrderPlacement } from '@tongdao/orders';
import { TransactionRunner } from '@tongdao/persistence';
import { StoreOrderRow } from '../checkout/store-order.entity';
import { StoreOrders } from '../checkout/store-orders.service';
import { PAYMENT_EVENTS, PaymentMismatchPayload } from './payment-events';
import { PaymentLedger, TakenPayment } from './payment-ledger';
import { StorePaymentNotificationRow } from './payment.entities';
import { PaymentRefunds, wholeRefundNo } from './payment-refunds.service';
import type { NotifyAnswer } from './payment-notifications.service';
import { WechatPayAccount } from './wechatpay-clients';

const OK: NotifyAnswer = { status: 200, body: null };

/**
 * A verified, stored TRANSACTION.SUCCESS becomes a paid order exactly once: the order must be this account's,
 * the amount the order's payable (else refused, recorded and alerted, order untouched); then the order
 * takes the payment, or — paid too late, no stock, or cancelled — the whole amount is queued to go back.
 */
@Injectable()
export class PaymentTaking {
  private readonly logger = new Logger(PaymentTaking.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly orders: StoreOrders,
    private readonly placement: OrderPlacement,
    private readonly ledger: PaymentLedger,
    private readonly refunds: PaymentRefunds,
    private readonly outbox: EventOutbox,
  ) {}

  /** A TRANSACTION.* notification, already verified and stored. */
  async take(
    ctx: RequestContext,
    account: WechatPayAccount,
    notification: PaymentNotification,
    stored: StorePaymentNotificationRow,
  ): Promise<NotifyAnswer> {
    if (notification.eventType !== 'TRANSACTION.SUCCESS') {
      await this.ledger.finish(ctx, stored, 'ignored');
      return OK;
    }
    return this.settle(ctx, account, notification.transaction, stored);
  }

  /**
   * A transaction as WeChat Pay reports it (a notification, or a query when closing an expired order found
   * it paid). `stored` is the notification, when there is one, to record the outcome on.
   */
  async settle(
    ctx: RequestContext,
    account: WechatPayAccount,
    transaction: WechatPayTransaction,
    stored: StorePaymentNotificationRow | null,
  ): Promise<NotifyAnswer> {
    if (transaction.tradeState !== 'SUCCESS') {
      if (stored) await this.ledger.finish(ctx, stored, 'ignored');
      return OK;
    }
    if (transaction.mchid !== account.mchid || transaction.appid !== account.appid)
      return this.mismatch(ctx, account, transaction, stored, 'merchant_mismatch', null);
    const order = await this.orders.byOutTradeNo(account.channelAccountId, transaction.outTradeNo);
    if (!order || order.merchantId !== account.merchantId)
      return this.mismatch(ctx, account, transaction, stored, 'unknown_order', null);
    if (transaction.totalFen !== order.payableFen || !transaction.transactionId)
      return this.mismatch(ctx, account, transaction, stored, 'amount_mismatch', order.payableFen);

    const taken: TakenPayment = {
      transactionId: transaction.transactionId,
      paidFen: transaction.totalFen,
      paidAt: paidAt(transaction.successTime),
    };
    let outcome: MarkPaidOutcome;
    try {
      outcome = await this.placement.markPaid(ctx, order.id, { method: 'wechatpay', ...taken });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'amount_mismatch')
        return this.mismatch(ctx, account, transaction, stored, 'amount_mismatch', order.payableFen);
      throw error;
    }
    if (outcome === 'paid' || outcome === 'restocked' || outcome === 'already_paid') {
      await this.tx.run(async () => {
        await this.ledger.recordTaken(ctx, order, 'paid', taken);
        if (stored) await this.ledger.finish(ctx, stored, outcome);
      });
      return OK;
    }
    // The order cannot keep this money: make sure it is called off, then give everything back.
    if (outcome === 'no_stock') await this.placement.cancelUnpaid(ctx, order.id, 'payment_expired');
    await this.giveBack(ctx, order, taken, stored);
    this.logger.warn(
      { orderId: order.id, outcome },
      'payment arrived for an order that cannot take it; refunding',
    );
    return OK;
  }

  private async giveBack(
    ctx: RequestContext,
    order: StoreOrderRow,
    taken: TakenPayment,
    stored: StorePaymentNotificationRow | null,
  ): Promise<void> {
    await this.tx.run(async () => {
      await this.ledger.recordTaken(ctx, order, 'refund_pending', taken);
      await this.refunds.request(ctx, {
        orderId: order.id,
        channelAccountId: order.channelAccountId,
        outRefundNo: wholeRefundNo(order.id),
        afterSaleId: null,
        amountFen: taken.paidFen,
        totalFen: taken.paidFen,
      });
      if (stored) await this.ledger.finish(ctx, stored, 'refund_requested');
    });
  }

  private async mismatch(
    ctx: RequestContext,
    account: WechatPayAccount,
    transaction: WechatPayTransaction,
    stored: StorePaymentNotificationRow | null,
    problem: 'unknown_order' | 'amount_mismatch' | 'merchant_mismatch',
    expectedFen: number | null,
  ): Promise<NotifyAnswer> {
    const payload: PaymentMismatchPayload = {
      channelAccountId: account.channelAccountId,
      notificationId: stored?.notificationId ?? null,
      outTradeNo: transaction.outTradeNo,
      problem,
      expectedFen,
      reportedFen: transaction.totalFen,
      mchid: transaction.mchid,
      transactionId: transaction.transactionId,
      at: new Date().toISOString(),
    };
    await this.tx.run(async () => {
      if (stored) await this.ledger.finish(ctx, stored, problem);
      await this.outbox.record(ctx, {
        type: PAYMENT_EVENTS.mismatch,
        aggregateType: 'order',
        aggregateId: transaction.outTradeNo.slice(0, 64),
        payload,
      });
    });
    this.logger.error(payload, 'WeChat Pay transaction does not match the order: refused, order unchanged');
    return { status: 400, body: { code: 'FAIL', message: problem } };
  }
}

function paidAt(successTime: string | null): Date {
  const at = successTime ? new Date(successTime) : new Date();
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
