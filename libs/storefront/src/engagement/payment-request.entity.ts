import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/** One line the seller picked, at the seller's price (the shelf price is kept only for reference). */
export interface PaymentRequestLine {
  skuId: string;
  productId: string;
  title: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
  /** What the shelf asked when the request was made, fen. */
  shelfUnitPriceFen: number;
}

/**
 * `open` until the buyer's order is paid (`paid`) or staff cancel it (`cancelled`); an open request whose
 * time ran out without an order reads as `expired` (nothing sweeps it: the state is derived on read).
 */
export type PaymentRequestState = 'open' | 'paid' | 'expired' | 'cancelled';
/** `pending` only between saving and the send's outcome (or after a crash there): resend fixes it. */
export type PaymentRequestDeliveryState = 'pending' | 'sent' | 'failed';

/** A seller's "invitation to pay": goods and a price for one buyer, pushed to them in WeChat. */
@Entity('store_payment_requests')
export class PaymentRequestRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  /** The shop's WeChat account the link was sent through and the order will be placed on. */
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('customer_id')
  customerId: string;

  @JsonColumn('lines')
  lines: PaymentRequestLine[];

  @MoneyColumn('total_fen')
  totalFen: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  /** Stored states are open, paid and cancelled; `expired` is derived from expiresAt. */
  @Column({ type: 'varchar', length: 16 })
  state: PaymentRequestState;

  @UtcColumn('expires_at')
  expiresAt: Date;

  /** The order the buyer placed from it; cleared again if that order is cancelled unpaid. */
  @RefColumn('order_id', { nullable: true })
  orderId: string | null;

  @RefColumn('created_by', { nullable: true })
  createdBy: string | null;

  @Column({ type: 'varchar', length: 16 })
  delivery: PaymentRequestDeliveryState;

  @Column({ name: 'delivery_error', type: 'varchar', length: 200, nullable: true })
  deliveryError: string | null;

  @IntColumn('delivery_attempts', { default: 0 })
  deliveryAttempts: number;

  @UtcColumn('paid_at', { nullable: true })
  paidAt: Date | null;

  @UtcColumn('cancelled_at', { nullable: true })
  cancelledAt: Date | null;
}
