import { Injectable } from '@nestjs/common';
import { AuditLog, OrderAccessPolicy } from '@tongdao/identity';
import { StockService } from '@tongdao/inventory';
import { ConflictError, EventOutbox, Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { findVisibleOrder } from './visible-order';
import { OrderLineRow, OrderRow, ShipmentRow } from './entities';
import { ORDER_EVENTS, orderEventPayload } from './order-events';
import { OrderStatus, assertTransition } from './state-machine';
import { moveOrderStatus, orderChangedMeanwhile } from './order-status';

export interface ShipInput {
  /** Omit to ship everything not yet shipped. */
  lines?: Array<{ lineId: Id; quantity: number }>;
  carrierCode: string;
  trackingNo: string;
}

export interface ShipmentView {
  id: string;
  orderId: string;
  carrierCode: string;
  trackingNo: string;
  lines: Array<{ lineId: string; quantity: number }>;
  orderStatus: OrderStatus;
  shippedAt: string;
}

/**
 * Staff-side fulfilment and cancellation. One transaction each: the shipment or cancellation, the stock
 * commit or release, the status move, the event and the audit row stand or fall together.
 */
@Injectable()
export class OrderFulfilment {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly lines: TenantRepository<OrderLineRow>;
  private readonly shipments: TenantRepository<ShipmentRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly access: OrderAccessPolicy,
    private readonly stock: StockService,
    private readonly outbox: EventOutbox,
    private readonly audit: AuditLog,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.lines = new TenantRepository(tx, OrderLineRow, 'order line');
    this.shipments = new TenantRepository(tx, ShipmentRow, 'shipment');
  }

  async ship(ctx: RequestContext, orderId: Id, input: ShipInput): Promise<ShipmentView> {
    return this.tx.run(async () => {
      const order = await this.visible(ctx, orderId);
      if (order.status !== 'paid' && order.status !== 'partially_shipped') {
        throw new ConflictError('illegal_transition', `An order that is ${order.status} cannot be shipped`, [
          { field: 'status', problem: `${order.status} → shipped is not allowed` },
        ]);
      }
      const lines = await this.lines.find(ctx, { orderId }, { externalLineId: 'ASC' });
      const wanted =
        input.lines ??
        lines.filter((l) => leftToShip(l) > 0).map((l) => ({ lineId: l.id, quantity: leftToShip(l) }));
      const problems: Array<{ field: string; problem: string }> = [];
      wanted.forEach((w, i) => {
        const line = lines.find((l) => l.id === w.lineId);
        if (!line) problems.push({ field: `lines[${i}].lineId`, problem: 'not a line of this order' });
        else if (w.quantity > leftToShip(line))
          problems.push({
            field: `lines[${i}].quantity`,
            problem: `at most ${leftToShip(line)} left to ship`,
          });
      });
      if (new Set(wanted.map((w) => w.lineId)).size !== wanted.length)
        problems.push({ field: 'lines', problem: 'each line once' });
      if (wanted.length === 0) problems.push({ field: 'lines', problem: 'nothing left to ship' });
      if (problems.length > 0)
        throw new ValidationFailedError('invalid_shipment', 'The shipment does not fit the order', problems);

      for (const w of wanted) {
        const line = lines.find((l) => l.id === w.lineId)!;
        if (line.stock === 'reserved' && line.reservationId)
          await this.stock.commit(ctx, line.reservationId, w.quantity);
        line.shippedQuantity += w.quantity;
        if (line.stock === 'reserved' && leftToShip(line) === 0) {
          // Units refunded before shipping were left reserved until the rest shipped: give them back now.
          if (line.cancelledQuantity > 0 && line.reservationId)
            await this.stock.release(ctx, line.reservationId, 'order_refunded');
          line.stock = 'committed';
        }
        await this.writeShipped(ctx, line, w.quantity);
      }
      const next: OrderStatus = lines.every((l) => leftToShip(l) === 0) ? 'shipped' : 'partially_shipped';
      assertTransition(order.status, next);
      const previous = order.status;
      await this.moveStatus(ctx, order, next);
      const shipment = await this.shipments.insert(ctx, {
        orderId,
        carrierCode: input.carrierCode,
        trackingNo: input.trackingNo,
        lines: wanted,
        shippedBy: ctx.staffId,
      });
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.shipped,
        aggregateType: 'order',
        aggregateId: orderId,
        payload: {
          ...orderEventPayload(order, previous),
          shipment: {
            id: shipment.id,
            carrierCode: input.carrierCode,
            trackingNo: input.trackingNo,
            lines: wanted,
          },
        },
      });
      await this.audit.record(ctx, {
        action: 'order.ship',
        targetType: 'order',
        targetId: orderId,
        summary: {
          shipmentId: shipment.id,
          carrierCode: input.carrierCode,
          trackingNo: input.trackingNo,
          lines: wanted,
          status: [previous, next],
        },
      });
      return {
        id: shipment.id,
        orderId,
        carrierCode: shipment.carrierCode,
        trackingNo: shipment.trackingNo,
        lines: wanted,
        orderStatus: next,
        shippedAt: shipment.createdAt.toISOString(),
      };
    });
  }

  async cancel(ctx: RequestContext, orderId: Id, reason: string): Promise<OrderStatus> {
    return this.tx.run(async () => {
      const order = await this.visible(ctx, orderId);
      assertTransition(order.status, 'cancelled');
      for (const line of await this.lines.find(ctx, { orderId })) {
        if (line.stock === 'reserved' && line.reservationId) {
          await this.stock.release(ctx, line.reservationId, 'order_cancelled');
          line.stock = 'released';
          await this.lines.save(ctx, line);
        }
      }
      const previous = order.status;
      await this.moveStatus(ctx, order, 'cancelled');
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.cancelled,
        aggregateType: 'order',
        aggregateId: orderId,
        payload: {
          ...orderEventPayload(order, previous),
          reason,
        },
      });
      await this.audit.record(ctx, {
        action: 'order.cancel',
        targetType: 'order',
        targetId: orderId,
        summary: { reason, status: [previous, 'cancelled'] },
      });
      return order.status;
    });
  }

  private moveStatus(ctx: RequestContext, order: OrderRow, next: OrderStatus): Promise<void> {
    return moveOrderStatus(this.tx, ctx, order, next);
  }

  /** Guarded in SQL too, so two parcels shipped at once can never ship more than the line holds. */
  private async writeShipped(ctx: RequestContext, line: OrderLineRow, quantity: number): Promise<void> {
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .update(OrderLineRow)
      .set({
        shippedQuantity: () => `shipped_quantity + ${Number(quantity)}`,
        stock: line.stock,
        updatedAt: new Date(),
      })
      .where(
        'merchant_id = :merchantId AND id = :id AND shipped_quantity + cancelled_quantity + :quantity <= quantity',
        {
          merchantId: ctx.tenantId,
          id: line.id,
          quantity,
        },
      )
      .execute();
    if (result.affected === 0) throw orderChangedMeanwhile();
  }

  private visible(ctx: RequestContext, id: Id): Promise<OrderRow> {
    return findVisibleOrder(this.orders, this.access, ctx, id);
  }
}

/** Units of a line still to ship: neither shipped nor refunded before shipping. */
export function leftToShip(line: OrderLineRow): number {
  return line.quantity - line.shippedQuantity - line.cancelledQuantity;
}
