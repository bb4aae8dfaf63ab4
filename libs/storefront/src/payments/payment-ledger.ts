import { Injectable } from '@nestjs/common';
import { Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import type { StoreOrderRow } from '../checkout/store-order.entity';
import { StorePaymentNotificationRow, StorePaymentRow, StorePaymentState } from './payment.entities';

export interface NotificationFacts {
  outTradeNo: string;
  outRefundNo: string | null;
  transactionId: string | null;
  amountFen: number;
  resource: object;
}

export interface TakenPayment {
  transactionId: string;
  paidFen: number;
  paidAt: Date;
}

/**
 * The payments area's own records: each accepted notification (stored once, by WeChat's id) and the one
 * store_payments row per order. Writes here are idempotent, because duplicates of one notification may be
 * handled side by side.
 */
@Injectable()
export class PaymentLedger {
  private readonly notifications: TenantRepository<StorePaymentNotificationRow>;
  private readonly payments: TenantRepository<StorePaymentRow>;

  constructor(private readonly tx: TransactionRunner) {
    this.notifications = new TenantRepository(tx, StorePaymentNotificationRow, 'payment notification');
    this.payments = new TenantRepository(tx, StorePaymentRow, 'payment');
  }

  /** The stored notification: new (`received`), or the one a retry or duplicate already left. */
  async store(
    ctx: RequestContext,
    channelAccountId: Id,
    notificationId: string,
    eventType: string,
    facts: NotificationFacts,
  ): Promise<StorePaymentNotificationRow> {
    try {
      return await this.notifications.insert(ctx, {
        channelAccountId,
        notificationId: notificationId.slice(0, 64),
        eventType: eventType.slice(0, 32),
        outTradeNo: facts.outTradeNo.slice(0, 32),
        outRefundNo: facts.outRefundNo?.slice(0, 64) ?? null,
        transactionId: facts.transactionId?.slice(0, 32) ?? null,
        amountFen: facts.amountFen,
        resource: facts.resource,
        outcome: 'received',
        handledAt: null,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.notifications.findOne(ctx, {
        channelAccountId,
        notificationId: notificationId.slice(0, 64),
      });
      if (!existing) throw error;
      return existing;
    }
  }

  async finish(ctx: RequestContext, row: StorePaymentNotificationRow, outcome: string): Promise<void> {
    row.outcome = outcome;
    row.handledAt = new Date();
    row.updatedAt = row.handledAt;
    // A plain UPDATE: `save` would read the row back first to find what changed.
    await this.tx
      .manager()
      .update(
        StorePaymentNotificationRow,
        { merchantId: ctx.tenantId, id: row.id },
        { outcome, handledAt: row.handledAt, updatedAt: row.updatedAt },
      );
  }

  async paymentOf(ctx: RequestContext, orderId: Id): Promise<StorePaymentRow | null> {
    return this.payments.findOne(ctx, { orderId });
  }

  /** The money arrived: kept by the order (`paid`) or on its way back (`refund_pending`). */
  async recordTaken(
    ctx: RequestContext,
    order: StoreOrderRow,
    state: Extract<StorePaymentState, 'paid' | 'refund_pending'>,
    taken: TakenPayment,
  ): Promise<StorePaymentRow> {
    return this.upsert(ctx, order, (row) => {
      // A refund already under way or done is never undone by a late duplicate.
      if (row.state === 'refunded' || row.state === 'refund_failed') return;
      if (row.state === 'refund_pending' && state === 'paid') return;
      Object.assign(row, { state, ...taken });
    });
  }

  /** The order will not be paid: its transaction (if any) is closed. */
  async recordClosed(ctx: RequestContext, order: StoreOrderRow, at: Date): Promise<void> {
    await this.upsert(ctx, order, (row) => {
      if (row.state !== 'prepaid') return;
      row.state = 'closed';
      row.closedAt = at;
    });
  }

  private async upsert(
    ctx: RequestContext,
    order: StoreOrderRow,
    change: (row: StorePaymentRow) => void,
  ): Promise<StorePaymentRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run(async () => {
          const existing = await this.payments.findOne(ctx, { orderId: order.id });
          const row =
            existing ??
            this.payments.create(ctx, {
              orderId: order.id,
              shopId: order.shopId,
              channelAccountId: order.channelAccountId,
              state: 'prepaid',
              payableFen: order.payableFen,
              prepayId: null,
              prepaidAt: null,
              transactionId: null,
              paidFen: null,
              paidAt: null,
              closedAt: null,
            });
          change(row);
          if (existing) {
            row.updatedAt = new Date();
            const { state, transactionId, paidFen, paidAt, closedAt, updatedAt } = row;
            await this.tx
              .manager()
              .update(
                StorePaymentRow,
                { merchantId: ctx.tenantId, id: row.id },
                { state, transactionId, paidFen, paidAt, closedAt, updatedAt },
              );
            return row;
          }
          await this.tx.manager().insert(StorePaymentRow, row);
          return row;
        });
      } catch (error) {
        // Two duplicates creating the row at once: the loser reads the winner's row and applies its change.
        if (!isUniqueViolation(error) || attempt > 0) throw error;
      }
    }
  }
}
