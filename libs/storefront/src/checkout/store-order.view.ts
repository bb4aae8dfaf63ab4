import type { OrderView } from '@tongdao/orders';
import type { StoreOrderRow } from './store-order.entity';

/** An order as its buyer sees it in the WeChat shop: the desk's order plus what to pay and by when. */
export interface StoreOrderView {
  id: string;
  shopId: string;
  status: string;
  itemsFen: number;
  shippingFen: number;
  discountFen: number;
  /** What the buyer pays (items + shipping − discount), fen. */
  payableFen: number;
  paidFen: number;
  refundedFen: number;
  /** Pay before this (ISO-8601 UTC); afterwards the order is cancelled and its stock returns. */
  expiresAt: string;
  placedAt: string;
  paidAt: string | null;
  receiver: OrderView['receiver'];
  buyerMessage: string | null;
  afterSaleState: string | null;
  settlementState: string;
  referrerCode: string | null;
  paymentRequestId: string | null;
  lines?: Array<{
    id: string;
    skuId: string | null;
    title: string;
    quantity: number;
    unitPriceFen: number;
    totalFen: number;
    shippedQuantity: number;
  }>;
}

export function storeOrderView(order: OrderView, store: StoreOrderRow): StoreOrderView {
  return {
    id: order.id,
    shopId: order.shopId,
    status: order.status,
    itemsFen: order.itemsFen,
    shippingFen: order.shippingFen,
    discountFen: order.discountFen,
    payableFen: store.payableFen,
    paidFen: order.paidFen,
    refundedFen: order.refundedFen,
    expiresAt: store.expiresAt.toISOString(),
    placedAt: order.placedAt,
    paidAt: order.payment?.paidAt ?? null,
    receiver: order.receiver,
    buyerMessage: order.buyerMessage,
    afterSaleState: order.afterSaleState,
    settlementState: order.settlement.state,
    referrerCode: store.referrerCode,
    paymentRequestId: store.paymentRequestId,
    ...(order.lines
      ? {
          lines: order.lines.map((l) => ({
            id: l.id,
            skuId: l.skuId,
            title: l.title,
            quantity: l.quantity,
            unitPriceFen: l.unitPriceFen,
            totalFen: l.totalFen,
            shippedQuantity: l.shippedQuantity,
          })),
        }
      : {}),
  };
}
