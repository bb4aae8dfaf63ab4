import type { Id } from '@tongdao/kernel';
import type { OrderReceiver } from '../entities';

/** An order the seller's own shop takes (the WeChat shop): priced by us, paid through us. */
export interface PlaceOrderInput {
  shopId: Id;
  /** The channel account the shop sells through; the order is filed under it like any channel order. */
  channelAccountId: Id;
  customerId: Id;
  buyerName: string | null;
  receiver: OrderReceiver;
  buyerMessage?: string | null;
  /** At least one line; each SKU at most once. */
  lines: PlaceOrderLine[];
  shippingFen: number;
  discountFen: number;
  /** Unpaid after this, the reservations lapse and the order can be cancelled. */
  expiresAt: Date;
}

export interface PlaceOrderLine {
  skuId: Id;
  /** The listing the buyer saw (product id / SKU id on our own shop). */
  channelItemId: string;
  channelSkuId: string;
  title: string;
  quantity: number;
  unitPriceFen: number;
}

export interface OrderPaymentInput {
  method: 'wechatpay';
  transactionId: string;
  paidFen: number;
  paidAt: Date;
}

/**
 * What became of a payment: `paid` — the order is paid; `already_paid` — this same payment was taken before;
 * `restocked` — paid after its holds had lapsed and the stock could be held again; `no_stock` — paid too late,
 * the stock is gone; `not_payable` — the order was cancelled or closed, or paid by another transaction. For
 * the last two the caller must give the money back.
 */
export type MarkPaidOutcome = 'paid' | 'already_paid' | 'restocked' | 'no_stock' | 'not_payable';

export type UnpaidCancelReason = 'payment_expired' | 'buyer_cancelled' | 'seller_cancelled';
