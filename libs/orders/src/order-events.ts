import type { OrderRow } from './entities';

/**
 * Payloads of the order events in the outbox. Stable: plugins, webhooks, notifications and analytics read
 * them. Money in fen, times ISO-8601 UTC.
 */
export interface OrderEventPayload {
  orderId: string;
  shopId: string;
  channelAccountId: string;
  channelType: string;
  externalOrderId: string;
  status: string;
  previousStatus: string | null;
  customerId: string | null;
  paidFen: number;
  at: string;
}

export const ORDER_EVENTS = {
  created: 'order.created',
  paid: 'order.paid',
  shipped: 'order.shipped',
  delivered: 'order.delivered',
  cancelled: 'order.cancelled',
} as const;

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
