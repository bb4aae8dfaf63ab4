import type { OrderLineRow, OrderRow } from './entities';

/**
 * The order events written to the outbox (aggregateType `order`, aggregateId = order id). Their payloads
 * are a published contract — plugins, webhooks, notifications, the ERP link and analytics read them — so
 * fields are only ever added, never renamed or removed. Money in integer fen, times ISO-8601 UTC.
 *
 * | type                | when                                                                    | payload                 |
 * | ------------------- | ----------------------------------------------------------------------- | ----------------------- |
 * | order.created       | first sight of a channel order (any status)                             | OrderEventPayload       |
 * | order.paid          | the order became paid (also when first seen already paid or shipped)    | OrderEventPayload       |
 * | order.shipped       | fully shipped by the channel; or each parcel shipped from the desk      | + `shipment` (desk)     |
 * | order.delivered     | the channel reports delivery, or the tracker: every parcel signed for   | OrderEventPayload       |
 * | order.completed     | the buyer confirmed receipt (or the channel auto-confirmed)             | OrderEventPayload       |
 * | order.cancelled     | cancelled (buyer/seller/desk) or closed by the channel                  | + `reason` (desk)       |
 * | order.stock_short   | alert: some mapped lines could not be reserved; the order was kept      | OrderStockShortPayload  |
 * | order.settled       | guarantee transaction: held funds released (buyer confirmed / auto)     | + `settlement`          |
 *
 * An order closed because everything paid was refunded emits order.cancelled with `reason: "refunded"`.
 */
export const ORDER_EVENTS = {
  created: 'order.created',
  paid: 'order.paid',
  shipped: 'order.shipped',
  delivered: 'order.delivered',
  completed: 'order.completed',
  cancelled: 'order.cancelled',
  stockShort: 'order.stock_short',
  settled: 'order.settled',
} as const;
export type OrderEventType = (typeof ORDER_EVENTS)[keyof typeof ORDER_EVENTS];

export interface OrderEventPayload {
  orderId: string;
  shopId: string;
  channelAccountId: string;
  /** taobao | wechat | weibo */
  channelType: string;
  externalOrderId: string;
  /** The order's status after the change. */
  status: string;
  /** Its status before; null for order.created and for events of an order's first sight. */
  previousStatus: string | null;
  customerId: string | null;
  paidFen: number;
  /** When the event was recorded. */
  at: string;
}

/** order.shipped from the desk carries the parcel. */
export interface OrderShippedPayload extends OrderEventPayload {
  shipment?: {
    id: string;
    carrierCode: string;
    trackingNo: string;
    lines: Array<{ lineId: string; quantity: number }>;
  };
}

/** order.cancelled from the desk carries the staff's reason. */
export interface OrderCancelledPayload extends OrderEventPayload {
  reason?: string;
}

/** order.settled: `how` is buyer_confirmed or auto_confirmed; settledFen = paid minus refunded. */
export interface OrderSettledPayload extends OrderEventPayload {
  settlement: { how: string; settledFen: number };
}

export interface OrderStockShortPayload extends OrderEventPayload {
  lines: Array<{ lineId: string; skuId: string; quantity: number }>;
}

export function orderEventPayload(order: OrderRow, previousStatus: string | null): OrderEventPayload {
  return {
    orderId: order.id,
    shopId: order.shopId,
    channelAccountId: order.channelAccountId,
    channelType: order.channelType,
    externalOrderId: order.externalOrderId,
    status: order.status,
    previousStatus,
    customerId: order.customerId,
    paidFen: order.paidFen,
    at: new Date().toISOString(),
  };
}

export function stockShortPayload(order: OrderRow, lines: readonly OrderLineRow[]): OrderStockShortPayload {
  return {
    ...orderEventPayload(order, null),
    lines: lines
      .filter((l) => l.stock === 'short' && l.skuId)
      .map((l) => ({ lineId: l.id, skuId: l.skuId!, quantity: l.quantity })),
  };
}
