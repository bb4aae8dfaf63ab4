import type { OrderRow } from '../entities';
import type { AfterSaleRow } from './after-sale.entity';

/**
 * After-sale events (aggregateType `after_sale`, aggregateId = after-sale id), a published contract like
 * the order events: fields are only ever added. Money in integer fen, times ISO-8601 UTC.
 *
 * | type                  | when                                                              |
 * | --------------------- | ----------------------------------------------------------------- |
 * | after_sale.requested  | a buyer claim was recorded (from the desk or a channel)           |
 * | after_sale.approved   | staff (within their refund limit) or the channel agreed           |
 * | after_sale.rejected   | refused, with `rejectReason`                                      |
 * | after_sale.returned   | return-and-refund: the goods came back (`receivedQuantity`)       |
 * | after_sale.refunded   | the money went back to the buyer; the order's `refundedFen` grew  |
 * | after_sale.cancelled  | the buyer withdrew the claim                                      |
 */
export const AFTER_SALE_EVENTS = {
  requested: 'after_sale.requested',
  approved: 'after_sale.approved',
  rejected: 'after_sale.rejected',
  returned: 'after_sale.returned',
  refunded: 'after_sale.refunded',
  cancelled: 'after_sale.cancelled',
} as const;
export type AfterSaleEventType = (typeof AFTER_SALE_EVENTS)[keyof typeof AFTER_SALE_EVENTS];

export interface AfterSaleEventPayload {
  afterSaleId: string;
  orderId: string;
  lineId: string;
  shopId: string;
  channelAccountId: string;
  /** taobao | wechat | weibo */
  channelType: string;
  externalOrderId: string;
  customerId: string | null;
  /** refund_only | return_and_refund */
  kind: string;
  status: string;
  previousStatus: string | null;
  quantity: number;
  amountFen: number;
  reason: string;
  rejectReason: string | null;
  receivedQuantity: number;
  /** The order's refunded total after this change. */
  orderRefundedFen: number;
  at: string;
}

export function afterSalePayload(
  claim: AfterSaleRow,
  order: OrderRow,
  previousStatus: string | null,
): AfterSaleEventPayload {
  return {
    afterSaleId: claim.id,
    orderId: order.id,
    lineId: claim.lineId,
    shopId: order.shopId,
    channelAccountId: order.channelAccountId,
    channelType: order.channelType,
    externalOrderId: order.externalOrderId,
    customerId: order.customerId,
    kind: claim.kind,
    status: claim.status,
    previousStatus,
    quantity: claim.quantity,
    amountFen: claim.amountFen,
    reason: claim.reason,
    rejectReason: claim.rejectReason,
    receivedQuantity: claim.receivedQuantity,
    orderRefundedFen: order.refundedFen,
    at: new Date().toISOString(),
  };
}
