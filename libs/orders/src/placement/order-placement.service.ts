import { Injectable } from '@nestjs/common';
import { ChannelAccountDirectory } from '@tongdao/catalog';
import {
  Clock,
  ConflictError,
  DomainError,
  EventOutbox,
  Id,
  NotFoundError,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { ReservationHolds, StockService } from '@tongdao/inventory';
import { TenantRepository, TransactionRunner, insertRows } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from '../entities';
import { ORDER_EVENTS, orderEventPayload } from '../order-events';
import { lockOrder, orderChangedMeanwhile } from '../order-status';
import { OrderStatus, assertTransition } from '../state-machine';
import { OrderView, lineView, orderView } from '../views';
import { assertPlaceOrderInput } from './placement.validation';
import { MarkPaidOutcome, OrderPaymentInput, PlaceOrderInput, UnpaidCancelReason } from './placement.types';

/** Thrown inside the payment transaction to undo it when lapsed holds cannot be taken again. */
class StockGone extends Error {}

/**
 * Orders the merchant's own shop takes: placed unpaid with every line's stock held until the payment window
 * closes (all lines or none: a buyer is never sold what is not there), then paid exactly once, cancelled when
 * the window passes, and completed when the buyer confirms receipt. Channel orders come through OrderIngestion
 * instead; both end in the same table and desk.
 */
@Injectable()
export class OrderPlacement {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly accounts: ChannelAccountDirectory,
    private readonly stock: StockService,
    private readonly holds: ReservationHolds,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  /** One transaction: the order, its lines, their holds (409 insufficient_stock) and order.created. */
  async place(ctx: RequestContext, input: PlaceOrderInput): Promise<OrderView> {
    assertPlaceOrderInput(input);
    const account = await this.accounts.get(ctx, input.channelAccountId);
    if (account.shopId !== input.shopId) {
      throw new ValidationFailedError('validation_failed', 'The channel account belongs to another shop', [
        { field: 'channelAccountId', problem: 'not an account of this shop' },
      ]);
    }
    const now = this.clock.now();
    const itemsFen = input.lines.reduce((sum, l) => sum + l.quantity * l.unitPriceFen, 0);
    const order = this.orders.create(ctx, {
      shopId: input.shopId,
      channelAccountId: account.id,
      channelType: account.type,
      externalOrderId: '',
      channelVersion: now,
      status: 'pending_payment',
      channelStatus: 'pending_payment',
      customerId: input.customerId,
      buyerName: input.buyerName?.slice(0, 100) ?? null,
      receiver: input.receiver,
      receiverPhone: input.receiver.phone,
      receiverName: input.receiver.name?.slice(0, 100) ?? null,
      itemsFen,
      shippingFen: input.shippingFen,
      discountFen: input.discountFen,
      paidFen: 0,
      payment: null,
      placedAt: now,
      buyerMessage: input.buyerMessage?.slice(0, 500) ?? null,
      sellerMemo: null,
      sellerFlag: 0,
      tags: [],
      assignedStaffId: null,
      hasUnmappedLines: false,
      hasStockShortLines: false,
      // The columns' defaults, spelled out so the view returned below is the stored order, unread.
      refundedFen: 0,
      afterSaleState: null,
      settlementState: 'none',
      deliveredAt: null,
      settleAt: null,
      settledAt: null,
    });
    // Our own shop is the channel: the order's id is its channel id too (and the WeChat Pay out_trade_no).
    const orderId = order.id;
    order.externalOrderId = orderId;
    const lines = input.lines.map((l) =>
      this.lines.create(ctx, {
        orderId,
        externalLineId: l.channelSkuId,
        skuId: l.skuId,
        channelItemId: l.channelItemId,
        channelSkuId: l.channelSkuId,
        outerId: null,
        title: l.title.slice(0, 200),
        quantity: l.quantity,
        shippedQuantity: 0,
        cancelledQuantity: 0,
        unitPriceFen: l.unitPriceFen,
        totalFen: l.quantity * l.unitPriceFen,
        stock: 'reserved',
        reservationId: null,
      }),
    );
    return this.tx.run(async () => {
      const manager = this.tx.manager();
      // The stock rows are the hot locks (every buyer of a SKU waits on its row): take them last, so they
      // are held for the fewest statements before the commit.
      await insertRows(manager, OrderRow, [order]);
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.created,
        aggregateType: 'order',
        aggregateId: orderId,
        payload: orderEventPayload(order, null),
      });
      const held = await this.stock.reserveMany(
        ctx,
        lines.map((l) => ({
          skuId: l.skuId!,
          quantity: l.quantity,
          reference: { type: 'order_line', id: l.id },
          expiresAt: input.expiresAt,
        })),
      );
      lines.forEach((l, i) => (l.reservationId = held[i].id));
      await insertRows(manager, OrderLineRow, lines);
      return orderView(order, lines.map(lineView));
    });
  }

  /** Where an order stands, in one narrow read (no lines): 404 for another merchant's. */
  async statusOf(ctx: RequestContext, orderId: Id): Promise<OrderStatus> {
    const row = await this.orders
      .query(ctx, 'o')
      .select(['o.id', 'o.status'])
      .andWhere('o.id = :orderId', { orderId })
      .getOne();
    if (!row) throw new NotFoundError('order', orderId);
    return row.status;
  }

  /**
   * Takes a payment for an unpaid order, once: concurrent or repeated notifications of one payment settle on
   * the order's row lock. Holds still running are kept for good; holds that lapsed are taken again if the
   * stock is still there. A payment whose amount is not the order's payable is refused (409 amount_mismatch).
   */
  async markPaid(ctx: RequestContext, orderId: Id, payment: OrderPaymentInput): Promise<MarkPaidOutcome> {
    try {
      return await this.tx.run(async () => {
        await lockOrder(this.tx, ctx, orderId);
        const order = await this.orders.getById(ctx, orderId);
        if (order.status !== 'pending_payment') {
          const same = order.payment?.transactionId === payment.transactionId;
          return same && order.paidFen > 0 ? 'already_paid' : 'not_payable';
        }
        const payable = order.itemsFen + order.shippingFen - order.discountFen;
        if (payment.paidFen !== payable) {
          throw new ConflictError(
            'amount_mismatch',
            `The payment is ${payment.paidFen} fen, the order ${payable}`,
            [{ field: 'paidFen', problem: `expected ${payable}` }],
          );
        }
        const lines = await this.lines.find(ctx, { orderId });
        const restocked = await this.holdForGood(ctx, lines);
        await this.recordPaid(ctx, order, payment);
        return restocked ? 'restocked' : 'paid';
      });
    } catch (error) {
      if (error instanceof StockGone) return 'no_stock';
      throw error;
    }
  }

  /** Cancels an order still waiting for payment and gives its stock back; false when it is no longer unpaid. */
  async cancelUnpaid(ctx: RequestContext, orderId: Id, reason: UnpaidCancelReason): Promise<boolean> {
    return this.tx.run(async () => {
      await lockOrder(this.tx, ctx, orderId);
      const order = await this.orders.getById(ctx, orderId);
      if (order.status !== 'pending_payment') return false;
      for (const line of await this.lines.find(ctx, { orderId })) {
        if (line.stock !== 'reserved' || !line.reservationId) continue;
        await this.stock.release(ctx, line.reservationId, 'order_cancelled');
        line.stock = 'released';
        await this.lines.save(ctx, line);
      }
      await this.moveTo(ctx, order, 'cancelled', { channelStatus: 'cancelled' });
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.cancelled,
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { ...orderEventPayload(order, 'pending_payment'), reason },
      });
      return true;
    });
  }

  /** The buyer has the goods: shipped or delivered → completed (which releases a guarantee's held funds). */
  async confirmReceipt(ctx: RequestContext, orderId: Id): Promise<OrderView> {
    return this.tx.run(async () => {
      await lockOrder(this.tx, ctx, orderId);
      const order = await this.orders.getById(ctx, orderId);
      if (order.status !== 'completed') {
        const previous = order.status;
        assertTransition(previous, 'completed');
        await this.moveTo(ctx, order, 'completed', { channelStatus: 'completed' });
        await this.outbox.record(ctx, {
          type: ORDER_EVENTS.completed,
          aggregateType: 'order',
          aggregateId: orderId,
          payload: orderEventPayload(order, previous),
        });
      }
      return orderView(order, (await this.lines.find(ctx, { orderId }, { id: 'ASC' })).map(lineView));
    });
  }

  /** Keeps the order's running holds and re-takes lapsed ones; true when any had lapsed. */
  private async holdForGood(ctx: RequestContext, lines: OrderLineRow[]): Promise<boolean> {
    const held = lines.filter((l) => l.stock === 'reserved' && l.reservationId);
    const lapsed = new Set(
      await this.holds.keep(
        ctx,
        held.map((l) => l.reservationId!),
      ),
    );
    const retake = held.filter((l) => lapsed.has(l.reservationId!));
    if (retake.length === 0) return false;
    try {
      const again = await this.stock.reserveMany(
        ctx,
        retake.map((l) => ({
          skuId: l.skuId!,
          quantity: l.quantity,
          // A new reference: the lapsed hold still answers for the old one.
          reference: { type: 'order_line_late', id: l.id },
        })),
      );
      for (const [i, line] of retake.entries()) {
        line.reservationId = again[i].id;
        await this.lines.save(ctx, line);
      }
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'insufficient_stock') throw new StockGone();
      throw error;
    }
  }

  private async recordPaid(ctx: RequestContext, order: OrderRow, payment: OrderPaymentInput): Promise<void> {
    await this.moveTo(ctx, order, 'paid', {
      channelStatus: 'paid',
      paidFen: payment.paidFen,
      payment: {
        method: payment.method,
        paidAt: payment.paidAt.toISOString(),
        transactionId: payment.transactionId,
      },
    });
    await this.outbox.record(ctx, {
      type: ORDER_EVENTS.paid,
      aggregateType: 'order',
      aggregateId: order.id,
      payload: orderEventPayload(order, 'pending_payment'),
    });
  }

  /** Compare-and-set on the status read under the lock; the channel version moves with every change. */
  private async moveTo(
    ctx: RequestContext,
    order: OrderRow,
    next: OrderRow['status'],
    changes: Partial<Pick<OrderRow, 'channelStatus' | 'paidFen' | 'payment'>>,
  ): Promise<void> {
    assertTransition(order.status, next);
    const now = this.clock.now();
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderRow)
      .set({ ...changes, status: next, channelVersion: now, updatedAt: now })
      .where('merchant_id = :merchantId AND id = :id AND status = :status', {
        merchantId: ctx.tenantId,
        id: order.id,
        status: order.status,
      })
      .execute();
    if (result.affected === 0) throw orderChangedMeanwhile();
    Object.assign(order, changes, { status: next, channelVersion: now, updatedAt: now });
  }
}
