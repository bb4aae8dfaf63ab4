import { Injectable } from '@nestjs/common';
import { Clock, EventOutbox, Id, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { OrderRow, ShipmentRow } from './entities';
import { ORDER_EVENTS, orderEventPayload } from './order-events';
import { lockOrder, moveOrderStatus } from './order-status';
import { assertTransition } from './state-machine';

/** One parcel of an order, for contexts that follow parcels after they leave (logistics). */
export interface ShipmentRecord {
  id: string;
  orderId: string;
  carrierCode: string;
  trackingNo: string;
  lines: Array<{ lineId: string; quantity: number }>;
  shippedAt: string;
}

/**
 * What happens to an order after its parcels leave: the parcels, and delivery reported by whoever follows
 * them (the parcel tracker). System-side: callers decide visibility (the admin routes check the order desk).
 */
@Injectable()
export class OrderDelivery {
  private readonly orders: TenantRepository<OrderRow>;
  private readonly shipments: TenantRepository<ShipmentRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly clock: Clock,
  ) {
    this.orders = new TenantRepository(tx, OrderRow, 'order');
    this.shipments = new TenantRepository(tx, ShipmentRow, 'shipment');
  }

  /** The order's parcels, oldest first. */
  async shipmentsOf(ctx: RequestContext, orderId: Id): Promise<ShipmentRecord[]> {
    return (await this.shipments.find(ctx, { orderId }, { id: 'ASC' })).map(record);
  }

  async shipment(ctx: RequestContext, shipmentId: Id): Promise<ShipmentRecord | null> {
    const row = await this.shipments.findById(ctx, shipmentId);
    return row ? record(row) : null;
  }

  /**
   * Every parcel of a fully shipped order reached the buyer: shipped → delivered with order.delivered, and
   * `deliveredAt` (never in the future) is when the guarantee timer starts counting. False, changing
   * nothing, when the order is not `shipped` — parts still to ship, already delivered or completed, closed.
   */
  async markDelivered(ctx: RequestContext, orderId: Id, deliveredAt: Date): Promise<boolean> {
    return this.tx.run(async () => {
      await lockOrder(this.tx, ctx, orderId);
      const order = await this.orders.findById(ctx, orderId);
      if (!order) throw new NotFoundError('order', orderId);
      if (order.status !== 'shipped') return false;
      assertTransition(order.status, 'delivered');
      const now = this.clock.now();
      const at = deliveredAt.getTime() > now.getTime() ? now : deliveredAt;
      await this.tx
        .manager()
        .createQueryBuilder()
        .update(OrderRow)
        .set({ deliveredAt: at })
        .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id: orderId })
        .execute();
      order.deliveredAt = at;
      await moveOrderStatus(this.tx, ctx, order, 'delivered');
      await this.outbox.record(ctx, {
        type: ORDER_EVENTS.delivered,
        aggregateType: 'order',
        aggregateId: orderId,
        payload: orderEventPayload(order, 'shipped'),
      });
      return true;
    });
  }
}

function record(row: ShipmentRow): ShipmentRecord {
  return {
    id: row.id,
    orderId: row.orderId,
    carrierCode: row.carrierCode,
    trackingNo: row.trackingNo,
    lines: row.lines,
    shippedAt: row.createdAt.toISOString(),
  };
}
