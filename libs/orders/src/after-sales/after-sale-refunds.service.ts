import { Injectable } from '@nestjs/common';
import { AuditLog, OrderAccessPolicy } from '@tongdao/identity';
import { StockService } from '@tongdao/inventory';
import { EventOutbox, Id, NotFoundError, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from '../entities';
import { ORDER_EVENTS, orderEventPayload } from '../order-events';
import { leftToShip } from '../order-fulfilment.service';
import { lockOrderOfAfterSale, moveOrderStatus, orderChangedMeanwhile } from '../order-status';
import { canTransition } from '../state-machine';
import { findVisibleOrder } from '../visible-order';
import { AfterSaleRow } from './after-sale.entity';
import { AFTER_SALE_EVENTS } from './after-sale-events';
import { assertAfterSaleMove } from './after-sale-states';
import { AfterSaleView, afterSaleView } from './after-sale.view';
import { AfterSales } from './after-sales.service';

/**
 * The two steps that move goods and money: receiving a return (restocking what is resellable) and recording
 * that the buyer was paid back. A refund grows the order's refundedFen (guarded in SQL so it can never pass
 * paidFen), gives back the stock of units that had not shipped, and closes the order once everything paid
 * went back or nothing is left to ship.
 */
@Injectable()
export class AfterSaleRefunds {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;
  private readonly claims: TenantRepository<AfterSaleRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
    private readonly stock: StockService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
    private readonly afterSales: AfterSales,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
    this.claims = new TenantRepository(tx, AfterSaleRow, 'after-sale');
  }

  /** Goods are back in the warehouse; `restock` puts the resellable ones into the pool (ledger reason `return`). */
  async receiveReturn(
    ctx: RequestContext,
    id: Id,
    input: { quantity: number; restockQuantity: number; warehouseId?: string | null },
  ): Promise<AfterSaleView> {
    return this.tx.run(async () => {
      const { claim, order } = await this.lockedClaim(ctx, id);
      assertAfterSaleMove(claim.kind, claim.status, 'returned');
      const problems: Array<{ field: string; problem: string }> = [];
      if (input.quantity > claim.quantity)
        problems.push({ field: 'quantity', problem: `at most the ${claim.quantity} units claimed` });
      if (input.restockQuantity > input.quantity)
        problems.push({ field: 'restockQuantity', problem: 'at most the units received' });
      const line = await this.lines.getById(ctx, claim.lineId);
      if (input.restockQuantity > 0 && !line.skuId)
        problems.push({ field: 'restockQuantity', problem: 'the line is not mapped to a SKU; map it first' });
      if (problems.length > 0)
        throw new ValidationFailedError('invalid_return', 'The return does not fit the after-sale', problems);
      if (input.restockQuantity > 0) {
        await this.stock.adjust(ctx, {
          skuId: line.skuId!,
          warehouseId: input.warehouseId ?? null,
          delta: input.restockQuantity,
          reason: 'return',
          note: `after-sale ${claim.id}`,
        });
      }
      const previous = claim.status;
      claim.status = 'returned';
      claim.receivedQuantity = input.quantity;
      claim.restockedQuantity = input.restockQuantity;
      await this.claims.save(ctx, claim);
      await this.afterSales.refreshOrderState(ctx, order);
      await this.afterSales.emit(ctx, AFTER_SALE_EVENTS.returned, claim, order, previous);
      await this.audit.record(ctx, {
        action: 'after_sale.receive_return',
        targetType: 'order',
        targetId: order.id,
        summary: { afterSaleId: id, received: input.quantity, restocked: input.restockQuantity },
      });
      return afterSaleView(claim);
    });
  }

  /** The money went back to the buyer (the channel confirmed it, or staff paid it outside Tongdao). */
  async markRefunded(ctx: RequestContext, id: Id, note: string | null = null): Promise<AfterSaleView> {
    return this.tx.run(async () => {
      const { claim, order } = await this.lockedClaim(ctx, id);
      assertAfterSaleMove(claim.kind, claim.status, 'refunded');
      const previous = claim.status;
      await this.applyRefund(ctx, claim, order);
      await this.afterSales.emit(ctx, AFTER_SALE_EVENTS.refunded, claim, order, previous);
      await this.audit.record(ctx, {
        action: 'after_sale.refund',
        targetType: 'order',
        targetId: order.id,
        summary: {
          afterSaleId: id,
          amountFen: claim.amountFen,
          refundedFen: order.refundedFen,
          ...(note ? { note } : {}),
        },
      });
      return afterSaleView(claim);
    });
  }

  /**
   * The money effects of a refund, inside the caller's transaction with the order locked: refundedFen grows
   * (never past paidFen), unshipped units of a refund-only claim leave the order, the order closes when done.
   */
  async applyRefund(ctx: RequestContext, claim: AfterSaleRow, order: OrderRow): Promise<void> {
    await this.addRefunded(ctx, order, claim.amountFen);
    const line = await this.lines.getById(ctx, claim.lineId);
    if (claim.kind === 'refund_only') await this.cancelUnshipped(ctx, line, claim.quantity);
    claim.status = 'refunded';
    claim.refundedAt = new Date();
    await this.claims.save(ctx, claim);
    await this.afterSales.refreshOrderState(ctx, order);
    await this.closeIfDone(ctx, order);
  }

  private async lockedClaim(ctx: RequestContext, id: Id): Promise<{ claim: AfterSaleRow; order: OrderRow }> {
    await lockOrderOfAfterSale(this.tx, ctx, id);
    const claim = await this.claims.findById(ctx, id);
    if (!claim) throw new NotFoundError('after-sale', id);
    const order = await findVisibleOrder(this.orders, this.access, ctx, claim.orderId).catch(
      (error: unknown) => {
        throw error instanceof NotFoundError ? new NotFoundError('after-sale', id) : error;
      },
    );
    return { claim, order };
  }

  private async addRefunded(ctx: RequestContext, order: OrderRow, amountFen: number): Promise<void> {
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderRow)
      .set({ refundedFen: () => `refunded_fen + ${Number(amountFen)}`, updatedAt: new Date() })
      .where('merchant_id = :merchantId AND id = :id AND refunded_fen + :amount <= paid_fen', {
        merchantId: ctx.tenantId,
        id: order.id,
        amount: amountFen,
      })
      .execute();
    if (result.affected === 0) {
      throw new ValidationFailedError('refund_exceeds_paid', 'Refunds cannot exceed what the buyer paid', [
        { field: 'amountFen', problem: `${order.refundedFen} of ${order.paidFen} fen already refunded` },
      ]);
    }
    order.refundedFen += amountFen;
  }

  /** Refunded units that had not shipped will never ship; once the line has nothing left to ship its stock goes back. */
  private async cancelUnshipped(ctx: RequestContext, line: OrderLineRow, quantity: number): Promise<void> {
    const units = Math.min(quantity, leftToShip(line));
    if (units === 0) return;
    line.cancelledQuantity += units;
    if (line.stock === 'reserved' && leftToShip(line) === 0 && line.reservationId) {
      await this.stock.release(ctx, line.reservationId, 'order_refunded');
      line.stock = line.shippedQuantity > 0 ? 'committed' : 'released';
    }
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderLineRow)
      .set({
        cancelledQuantity: () => `cancelled_quantity + ${units}`,
        stock: line.stock,
        updatedAt: new Date(),
      })
      .where(
        'merchant_id = :merchantId AND id = :id AND shipped_quantity + cancelled_quantity + :units <= quantity',
        {
          merchantId: ctx.tenantId,
          id: line.id,
          units,
        },
      )
      .execute();
    if (result.affected === 0) throw orderChangedMeanwhile();
  }

  /**
   * Everything paid went back, or no unit is left to ship and none shipped: the order is closed and any
   * stock still held is released. A partly shipped order whose remaining units were refunded is shipped.
   */
  private async closeIfDone(ctx: RequestContext, order: OrderRow): Promise<void> {
    const lines = await this.lines.find(ctx, { orderId: order.id });
    const nothingLeft = lines.every((l) => leftToShip(l) === 0);
    const noneShipped = lines.every((l) => l.shippedQuantity === 0);
    const fullyRefunded = order.paidFen > 0 && order.refundedFen >= order.paidFen;
    const previous = order.status;
    if (
      (fullyRefunded || (nothingLeft && noneShipped)) &&
      canTransition(order.status, 'closed') &&
      order.status !== 'closed'
    ) {
      for (const line of lines) {
        if (line.stock === 'reserved' && line.reservationId) {
          await this.stock.release(ctx, line.reservationId, 'order_refunded');
          line.stock = 'released';
          await this.lines.save(ctx, line);
        }
      }
      await moveOrderStatus(this.tx, ctx, order, 'closed');
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.cancelled,
        aggregateType: 'order',
        aggregateId: order.id,
        payload: { ...orderEventPayload(order, previous), reason: 'refunded' },
      });
    } else if (nothingLeft && order.status === 'partially_shipped') {
      await moveOrderStatus(this.tx, ctx, order, 'shipped');
    }
  }
}
