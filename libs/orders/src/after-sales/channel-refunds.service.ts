import { Injectable, Logger } from '@nestjs/common';
import { Id, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from '../entities';
import { lockOrder } from '../order-status';
import { AfterSaleKind, AfterSaleRow, AfterSaleStatus } from './after-sale.entity';
import { AFTER_SALE_EVENTS, AfterSaleEventType } from './after-sale-events';
import { OPEN_STATUSES } from './after-sale-states';
import { AfterSaleRefunds } from './after-sale-refunds.service';
import { AfterSales } from './after-sales.service';

/** A refund as the channel reports it, already in our vocabulary (the adapter maps statuses and money). */
export interface ChannelRefund {
  channelRefundId: string;
  externalOrderId: string;
  externalLineId: string;
  kind: AfterSaleKind;
  /** Where the channel says the refund stands: requested, approved, rejected, refunded or cancelled. */
  status: Exclude<AfterSaleStatus, 'returned'>;
  quantity: number;
  amountFen: number;
  reason: string;
}

export type ChannelRefundOutcome = 'created' | 'updated' | 'unchanged' | 'skipped';

/**
 * After-sales the channel runs (Taobao's refund flow): the channel is the authority, so its status is
 * followed as it comes — idempotent by (order, channel refund id), never out of a settled state — with the
 * same money effects and events as a desk refund.
 */
@Injectable()
export class ChannelRefunds {
  private readonly logger = new Logger(ChannelRefunds.name);
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;
  private readonly claims: TenantRepository<AfterSaleRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly afterSales: AfterSales,
    private readonly refunds: AfterSaleRefunds,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
    this.claims = new TenantRepository(tx, AfterSaleRow, 'after-sale');
  }

  async record(
    ctx: RequestContext,
    channelAccountId: Id,
    refund: ChannelRefund,
  ): Promise<ChannelRefundOutcome> {
    const found = await this.orders.findOne(ctx, {
      channelAccountId,
      externalOrderId: refund.externalOrderId,
    });
    if (!found) return 'skipped';
    return this.tx.run(async () => {
      await lockOrder(this.tx, ctx, found.id);
      const order = await this.orders.getById(ctx, found.id);
      const line = await this.lines.findOne(ctx, {
        orderId: order.id,
        externalLineId: refund.externalLineId,
      });
      if (!line) {
        this.logger.warn(
          { orderId: order.id, line: refund.externalLineId },
          'channel refund for an unknown line',
        );
        return 'skipped';
      }
      const existing = await this.claims.findOne(ctx, {
        orderId: order.id,
        channelRefundId: refund.channelRefundId,
      });
      if (existing && (existing.status === refund.status || !OPEN_STATUSES.includes(existing.status))) {
        return 'unchanged';
      }
      const claim =
        existing ??
        (await this.claims.insert(ctx, {
          orderId: order.id,
          lineId: line.id,
          shopId: order.shopId,
          kind: refund.kind,
          status: 'requested',
          quantity: Math.min(Math.max(1, refund.quantity), line.quantity),
          amountFen: refund.amountFen,
          reason: refund.reason.slice(0, 200) || 'refund on the channel',
          source: order.channelType,
          channelRefundId: refund.channelRefundId,
          requestedBy: null,
          decidedBy: null,
          decidedAt: null,
          rejectReason: null,
          receivedQuantity: 0,
          restockedQuantity: 0,
          refundedAt: null,
        }));
      if (!existing) await this.afterSales.emit(ctx, AFTER_SALE_EVENTS.requested, claim, order, null);
      if (refund.status === 'requested') {
        await this.afterSales.refreshOrderState(ctx, order);
        return existing ? 'unchanged' : 'created';
      }
      const previous = claim.status;
      claim.amountFen = refund.amountFen;
      if (refund.status === 'refunded') {
        await this.refunds.applyRefund(ctx, claim, order);
      } else {
        claim.status = refund.status;
        if (refund.status === 'approved' || refund.status === 'rejected') claim.decidedAt = new Date();
        await this.claims.save(ctx, claim);
        await this.afterSales.refreshOrderState(ctx, order);
      }
      await this.afterSales.emit(ctx, eventOf(refund.status), claim, order, previous);
      return existing ? 'updated' : 'created';
    });
  }
}

function eventOf(status: 'approved' | 'rejected' | 'refunded' | 'cancelled'): AfterSaleEventType {
  return AFTER_SALE_EVENTS[status];
}
