import { Injectable, Logger } from '@nestjs/common';
import { DomainError, Id, RequestContext } from '@tongdao/kernel';
import { StockService } from '@tongdao/inventory';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from './entities';
import { stockPhase } from './state-machine';

/**
 * Makes each mapped line's stock agree with its order's status: held (reserved) while pending or paid,
 * committed once shipped, released when cancelled or closed. Every step is idempotent (reservations are
 * keyed by the line), so running it again after a crash or a redelivery only finishes what was left.
 * A line that cannot be reserved is marked `short`: the sale happened on the channel and is never refused.
 */
@Injectable()
export class OrderStockSync {
  private readonly logger = new Logger(OrderStockSync.name);
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly stock: StockService,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  async sync(ctx: RequestContext, orderId: Id): Promise<void> {
    const order = await this.orders.getById(ctx, orderId);
    const phase = stockPhase(order.status);
    const lines = await this.lines.find(ctx, { orderId });
    let short = false;
    for (const line of lines) {
      if (!line.skuId) continue;
      if (phase === 'hold' && (line.stock === 'none' || line.stock === 'short')) {
        try {
          const reservation = await this.stock.reserve(ctx, {
            skuId: line.skuId,
            quantity: line.quantity,
            reference: { type: 'order_line', id: line.id },
          });
          await this.mark(ctx, line, 'reserved', reservation.id);
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'insufficient_stock') throw error;
          await this.mark(ctx, line, 'short', null);
          short = true;
        }
      } else if (phase === 'consumed' && line.stock === 'reserved' && line.reservationId) {
        await this.stock.commit(ctx, line.reservationId);
        await this.mark(ctx, line, 'committed', line.reservationId);
      } else if (phase === 'none' && line.stock === 'reserved' && line.reservationId) {
        await this.stock.release(
          ctx,
          line.reservationId,
          order.status === 'cancelled' ? 'order_cancelled' : 'order_closed',
        );
        await this.mark(ctx, line, 'released', line.reservationId);
      } else if (line.stock === 'short') {
        short = phase === 'hold';
      }
    }
    if (order.hasStockShortLines !== short) {
      order.hasStockShortLines = short;
      await this.tx.run(() => this.orders.save(ctx, order));
      if (short) this.logger.warn({ orderId }, 'order has lines without stock');
    }
  }

  private async mark(
    ctx: RequestContext,
    line: OrderLineRow,
    stock: OrderLineRow['stock'],
    reservationId: Id | null,
  ): Promise<void> {
    line.stock = stock;
    line.reservationId = reservationId;
    await this.tx.run(() => this.lines.save(ctx, line));
  }
}
