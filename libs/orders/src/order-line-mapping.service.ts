import { Injectable } from '@nestjs/common';
import { SkusService } from '@tongdao/catalog';
import { AuditLog, OrderAccessPolicy } from '@tongdao/identity';
import {
  ConflictError,
  EventOutbox,
  Id,
  NotFoundError,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderLineRow, OrderRow } from './entities';
import { ORDER_EVENTS, stockShortPayload } from './order-events';
import { OrderStockSync } from './order-stock-sync';
import { findVisibleOrder } from './visible-order';
import { stockPhase } from './state-machine';
import { OrderLineView, lineView } from './views';

/**
 * Staff map an unmapped line (a channel item we could not match) to a merchant SKU. From then on the line
 * takes part in stock like any other: reserved while the order is open, committed for what has shipped,
 * or marked short — in the same transaction as the mapping and its audit row.
 */
@Injectable()
export class OrderLineMapping {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
    private readonly skus: SkusService,
    private readonly stockSync: OrderStockSync,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
  }

  async mapLine(ctx: RequestContext, orderId: Id, lineId: Id, skuId: Id): Promise<OrderLineView> {
    const sku = await this.skus.get(ctx, skuId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!sku || sku.status !== 'active') {
      throw new ValidationFailedError('invalid_sku', 'The SKU does not exist or is archived', [
        { field: 'skuId', problem: 'an active SKU of this merchant' },
      ]);
    }
    return this.tx.run(async () => {
      const order = await findVisibleOrder(this.orders, this.access, ctx, orderId);
      const lines = await this.lines.find(ctx, { orderId });
      const line = lines.find((l) => l.id === lineId);
      if (!line) throw new NotFoundError('order line', lineId);
      if (line.skuId !== null) {
        throw new ConflictError('line_already_mapped', 'This line already sells a merchant SKU', [
          { field: 'lineId', problem: `mapped to ${line.skuId}` },
        ]);
      }
      line.skuId = sku.id;
      await this.stockSync.apply(ctx, [{ order, lines: [line] }]);
      await this.lines.save(ctx, line);
      const wasShort = order.hasStockShortLines;
      order.hasUnmappedLines = lines.some((l) => l.skuId === null);
      order.hasStockShortLines =
        stockPhase(order.status) !== 'none' && lines.some((l) => l.stock === 'short');
      await this.orders.save(ctx, order);
      if (order.hasStockShortLines && !wasShort) {
        await this.outbox.record(ctx, {
          type: ORDER_EVENTS.stockShort,
          aggregateType: 'order',
          aggregateId: order.id,
          payload: stockShortPayload(order, lines),
        });
      }
      await this.audit.record(ctx, {
        action: 'order.line.map',
        targetType: 'order',
        targetId: order.id,
        summary: { lineId, skuId: [null, sku.id], skuCode: sku.code, stock: line.stock },
      });
      return lineView(line);
    });
  }
}
