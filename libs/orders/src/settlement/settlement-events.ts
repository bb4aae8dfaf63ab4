import { Injectable } from '@nestjs/common';
import { EventHandler, PublishedEvent, RequestContext } from '@tongdao/kernel';
import { AFTER_SALE_EVENTS } from '../after-sales/after-sale-events';
import { ORDER_EVENTS } from '../order-events';
import { Settlement } from './settlement.service';

type OrderRef = PublishedEvent<{ orderId: string }>;

/**
 * Keeps settlement in step with the order: each event only says "look at this order again", and the
 * state is recomputed from the order as it is now, so duplicates and out-of-order delivery are harmless.
 */
@Injectable()
export class SettlementEvents {
  constructor(private readonly settlement: Settlement) {}

  @EventHandler(ORDER_EVENTS.paid, 'orders.settlement.paid')
  onPaid(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  @EventHandler(ORDER_EVENTS.shipped, 'orders.settlement.shipped')
  onShipped(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  @EventHandler(ORDER_EVENTS.delivered, 'orders.settlement.delivered')
  onDelivered(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  @EventHandler(ORDER_EVENTS.completed, 'orders.settlement.completed')
  onCompleted(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  @EventHandler(ORDER_EVENTS.cancelled, 'orders.settlement.cancelled')
  onCancelled(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  @EventHandler(AFTER_SALE_EVENTS.refunded, 'orders.settlement.refunded')
  onRefunded(event: OrderRef): Promise<void> {
    return this.sync(event);
  }

  private sync(event: OrderRef): Promise<void> {
    const ctx = RequestContext.system(event.merchantId, `event:${event.id}`);
    return this.settlement.sync(ctx, event.payload.orderId, new Date(event.occurredAt));
  }
}
