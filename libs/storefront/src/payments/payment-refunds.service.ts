import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { AppConfig } from '@tongdao/config';
import { WechatPayError, WechatPayRefund } from '@tongdao/channels';
import { DomainError, EventOutbox, Id, RequestContext } from '@tongdao/kernel';
import { AfterSaleRefunds } from '@tongdao/orders';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { PAYMENT_EVENTS, PaymentRefundPayload } from './payment-events';
import { StorePaymentRefundRow, StorePaymentRow, StoreRefundState } from './payment.entities';
import { notifyUrl } from './store-payments.service';
import { WechatPayClients } from './wechatpay-clients';

export interface RefundRequest {
  orderId: Id;
  channelAccountId: Id;
  outRefundNo: string;
  afterSaleId: Id | null;
  amountFen: number;
  totalFen: number;
}

export type RefundSettlement = 'succeeded' | 'failed' | 'processing' | 'unchanged' | 'unknown';

/** A whole payment going back is keyed by its order, so every retry of the decision is the same refund. */
export function wholeRefundNo(orderId: Id): string {
  return `${orderId}-R`;
}

const OPEN: StoreRefundState[] = ['pending', 'processing'];

/**
 * Money back through WeChat Pay. A refund is first a row plus a `payment.refund_requested` event (in the
 * transaction that decided it); the event's job calls WeChat Pay with our out_refund_no, so retries are the
 * same refund; the outcome (the call's answer, a REFUND.* notification or a later query) settles it once.
 */
@Injectable()
export class PaymentRefunds {
  private readonly logger = new Logger(PaymentRefunds.name);
  private readonly refunds: TenantRepository<StorePaymentRefundRow>;
  private readonly payments: TenantRepository<StorePaymentRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly clients: WechatPayClients,
    private readonly outbox: EventOutbox,
    private readonly afterSaleRefunds: AfterSaleRefunds,
    private readonly config: AppConfig,
  ) {
    this.refunds = new TenantRepository(tx, StorePaymentRefundRow, 'refund');
    this.payments = new TenantRepository(tx, StorePaymentRow, 'payment');
  }

  /** Records the refund and queues its call; a second request with the same out_refund_no changes nothing. */
  async request(ctx: RequestContext, input: RefundRequest): Promise<void> {
    await this.tx.run(async () => {
      const existing = await this.refunds.findOne(ctx, { outRefundNo: input.outRefundNo });
      if (existing) return;
      let row: StorePaymentRefundRow;
      try {
        row = await this.refunds.insert(ctx, {
          ...input,
          state: 'pending',
          refundId: null,
          failure: null,
          attempts: 0,
          settledAt: null,
        });
      } catch (error) {
        if (isUniqueViolation(error)) return;
        throw error;
      }
      await this.emit(ctx, PAYMENT_EVENTS.refundRequested, row);
    });
  }

  /** The job: one refund call. Transient failures throw (the job retries); refusals settle it as failed. */
  async execute(ctx: RequestContext, outRefundNo: string): Promise<RefundSettlement> {
    const row = await this.refunds.findOne(ctx, { outRefundNo });
    if (!row || !OPEN.includes(row.state)) return 'unchanged';
    const account = await this.clients.forAccount(ctx, row.channelAccountId);
    let answer: WechatPayRefund;
    try {
      answer = await account.client.refund({
        outTradeNo: row.orderId,
        outRefundNo: row.outRefundNo,
        refundFen: row.amountFen,
        totalFen: row.totalFen,
        notifyUrl: notifyUrl(this.config, row.channelAccountId),
        reason: row.afterSaleId ? '售后退款' : '订单无法履约，全额退款',
      });
    } catch (error) {
      if (error instanceof WechatPayError && !error.transient && error.code !== 'RESPONSE_UNVERIFIED') {
        return this.fail(ctx, row, `${error.code}: ${error.message}`);
      }
      row.attempts += 1;
      await this.refunds.save(ctx, row);
      throw error;
    }
    return this.settle(ctx, answer);
  }

  /**
   * Applies what WeChat Pay says about a refund, once: SUCCESS records the money back (the after-sale becomes
   * refunded, which moves the order's refundedFen and settlement); ABNORMAL / CLOSED leave the after-sale
   * approved and raise `payment.refund_failed`. 'unknown' when the refund is not ours.
   */
  async settle(ctx: RequestContext, refund: WechatPayRefund): Promise<RefundSettlement> {
    const row = await this.refunds.findOne(ctx, { outRefundNo: refund.outRefundNo });
    if (!row || row.orderId !== refund.outTradeNo || row.amountFen !== refund.refundFen) {
      this.logger.error(
        { outRefundNo: refund.outRefundNo, outTradeNo: refund.outTradeNo, refundFen: refund.refundFen },
        'WeChat Pay reports a refund we did not ask for',
      );
      return 'unknown';
    }
    if (refund.status === 'SUCCESS') return this.succeed(ctx, row, refund);
    if (refund.status === 'ABNORMAL' || refund.status === 'CLOSED')
      return this.fail(ctx, row, refund.status, refund.refundId);
    if (row.state === 'pending' && (await this.move(ctx, row, ['pending'], 'processing', refund.refundId)))
      return 'processing';
    return 'unchanged';
  }

  /** Refunds not settled for a while (a lost notification, a job that gave up): asked again, which is safe. */
  async stale(olderThan: Date, limit: number): Promise<StorePaymentRefundRow[]> {
    const oldest = await this.tx
      .manager()
      .getRepository(StorePaymentRefundRow)
      .find({ where: { state: In(OPEN) }, order: { updatedAt: 'ASC' }, take: limit });
    return oldest.filter((r) => r.updatedAt < olderThan);
  }

  private async succeed(
    ctx: RequestContext,
    row: StorePaymentRefundRow,
    refund: WechatPayRefund,
  ): Promise<RefundSettlement> {
    return this.tx.run(async () => {
      if (!(await this.move(ctx, row, OPEN, 'succeeded', refund.refundId))) return 'unchanged';
      if (row.afterSaleId) {
        await this.afterSaleRefunds
          .markRefunded(ctx, row.afterSaleId, `WeChat Pay refund ${refund.refundId}`)
          .catch((error: unknown) => {
            // Staff may have recorded it by hand meanwhile; the money went back either way.
            if (error instanceof DomainError && error.code === 'illegal_transition') {
              this.logger.warn(
                { afterSaleId: row.afterSaleId },
                'after-sale no longer waiting for its refund',
              );
              return;
            }
            throw error;
          });
      } else {
        await this.markPayment(ctx, row.orderId, 'refunded');
      }
      await this.emit(ctx, PAYMENT_EVENTS.refunded, row);
      return 'succeeded';
    });
  }

  private async fail(
    ctx: RequestContext,
    row: StorePaymentRefundRow,
    failure: string,
    refundId: string | null = null,
  ): Promise<RefundSettlement> {
    return this.tx.run(async () => {
      const state: StoreRefundState =
        failure === 'ABNORMAL' ? 'abnormal' : failure === 'CLOSED' ? 'closed' : 'failed';
      row.failure = failure.slice(0, 200);
      if (!(await this.move(ctx, row, OPEN, state, refundId))) return 'unchanged';
      if (!row.afterSaleId) await this.markPayment(ctx, row.orderId, 'refund_failed');
      await this.emit(ctx, PAYMENT_EVENTS.refundFailed, row);
      this.logger.error(
        { orderId: row.orderId, outRefundNo: row.outRefundNo, afterSaleId: row.afterSaleId, failure },
        'WeChat Pay refund failed: the buyer has not been paid back',
      );
      return 'failed';
    });
  }

  /** Compare-and-set on the refund's state, so concurrent outcomes settle it once. */
  private async move(
    ctx: RequestContext,
    row: StorePaymentRefundRow,
    from: StoreRefundState[],
    to: StoreRefundState,
    refundId: string | null,
  ): Promise<boolean> {
    const now = new Date();
    const changes = {
      state: to,
      refundId: refundId ?? row.refundId,
      failure: row.failure,
      settledAt: to === 'processing' ? null : now,
      updatedAt: now,
    };
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(StorePaymentRefundRow)
      .set(changes)
      .where('merchant_id = :merchantId AND id = :id AND state IN (:...from)', {
        merchantId: ctx.tenantId,
        id: row.id,
        from,
      })
      .execute();
    if (result.affected === 0) return false;
    Object.assign(row, changes);
    return true;
  }

  private async markPayment(
    ctx: RequestContext,
    orderId: Id,
    state: 'refunded' | 'refund_failed',
  ): Promise<void> {
    const payment = await this.payments.findOne(ctx, { orderId });
    if (!payment) return;
    payment.state = state;
    await this.payments.save(ctx, payment);
  }

  private async emit(ctx: RequestContext, type: string, row: StorePaymentRefundRow): Promise<void> {
    const payload: PaymentRefundPayload = {
      orderId: row.orderId,
      channelAccountId: row.channelAccountId,
      outRefundNo: row.outRefundNo,
      afterSaleId: row.afterSaleId,
      amountFen: row.amountFen,
      state: row.state,
      failure: row.failure,
      at: new Date().toISOString(),
    };
    await this.outbox.record(ctx, { type, aggregateType: 'order', aggregateId: row.orderId, payload });
  }
}
