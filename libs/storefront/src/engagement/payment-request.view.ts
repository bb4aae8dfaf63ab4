import type {
  PaymentRequestDeliveryState,
  PaymentRequestRow,
  PaymentRequestState,
} from './payment-request.entity';

export interface PaymentRequestLineView {
  skuId: string;
  productId: string;
  title: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
}

/** What the buyer sees behind the link. */
export interface BuyerPaymentRequestView {
  id: string;
  shopId: string;
  lines: PaymentRequestLineView[];
  totalFen: number;
  note: string | null;
  state: PaymentRequestState;
  expiresAt: string;
  /** The order placed from it, once the buyer checked out. */
  orderId: string | null;
}

/** What staff see: the buyer's view plus delivery and the shelf prices the seller overrode. */
export interface PaymentRequestView extends BuyerPaymentRequestView {
  customerId: string;
  channelAccountId: string;
  url: string;
  lines: Array<PaymentRequestLineView & { shelfUnitPriceFen: number }>;
  delivery: PaymentRequestDeliveryState;
  deliveryError: string | null;
  deliveryAttempts: number;
  createdBy: string | null;
  createdAt: string;
  paidAt: string | null;
  cancelledAt: string | null;
}

/** Open requests past their time without an order read as expired; an order already placed keeps it open. */
export function effectiveState(row: PaymentRequestRow, now: Date): PaymentRequestState {
  if (row.state === 'open' && row.orderId === null && row.expiresAt.getTime() <= now.getTime())
    return 'expired';
  return row.state;
}

export function paymentRequestUrl(publicUrl: string, row: Pick<PaymentRequestRow, 'shopId' | 'id'>): string {
  return `${publicUrl}/store/v1/shops/${row.shopId}/payment-requests/${row.id}`;
}

export function buyerPaymentRequestView(row: PaymentRequestRow, now: Date): BuyerPaymentRequestView {
  return {
    id: row.id,
    shopId: row.shopId,
    lines: row.lines.map((l) => ({
      skuId: l.skuId,
      productId: l.productId,
      title: l.title,
      quantity: l.quantity,
      unitPriceFen: l.unitPriceFen,
      totalFen: l.totalFen,
    })),
    totalFen: row.totalFen,
    note: row.note,
    state: effectiveState(row, now),
    expiresAt: row.expiresAt.toISOString(),
    orderId: row.orderId,
  };
}

export function paymentRequestView(row: PaymentRequestRow, now: Date, publicUrl: string): PaymentRequestView {
  return {
    ...buyerPaymentRequestView(row, now),
    lines: row.lines.map((l) => ({ ...l })),
    customerId: row.customerId,
    channelAccountId: row.channelAccountId,
    url: paymentRequestUrl(publicUrl, row),
    delivery: row.delivery,
    deliveryError: row.deliveryError,
    deliveryAttempts: row.deliveryAttempts,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    paidAt: row.paidAt ? row.paidAt.toISOString() : null,
    cancelledAt: row.cancelledAt ? row.cancelledAt.toISOString() : null,
  };
}
