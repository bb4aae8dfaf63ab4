import { Column, Entity, Index } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

export const STORE_PAYMENT_STATES = [
  'prepaid',
  'paid',
  'closed',
  'refund_pending',
  'refunded',
  'refund_failed',
] as const;
/**
 * prepaid: a WeChat Pay transaction exists and waits for the buyer; paid: the order took the money; closed: the
 * order expired or was cancelled before paying (the transaction, if any, closed); refund_pending / refunded /
 * refund_failed: money arrived that the order could not keep, and is on its way back (or stuck).
 */
export type StorePaymentState = (typeof STORE_PAYMENT_STATES)[number];

/** One row per WeChat-shop order that reached the payment step (or expired without it). */
@Entity('store_payments')
@Index('uq_store_payments_order', ['merchantId', 'orderId'], { unique: true })
export class StorePaymentRow extends TenantEntity {
  @RefColumn('order_id')
  orderId: string;

  @RefColumn('shop_id')
  shopId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ type: 'varchar', length: 16 })
  state: StorePaymentState;

  @MoneyColumn('payable_fen')
  payableFen: number;

  @Column({ name: 'prepay_id', type: 'varchar', length: 64, nullable: true })
  prepayId: string | null;

  @UtcColumn('prepaid_at', { nullable: true })
  prepaidAt: Date | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 32, nullable: true })
  transactionId: string | null;

  @MoneyColumn('paid_fen', { nullable: true })
  paidFen: number | null;

  @UtcColumn('paid_at', { nullable: true })
  paidAt: Date | null;

  @UtcColumn('closed_at', { nullable: true })
  closedAt: Date | null;
}

/** Every notification that passed signature, timestamp and decryption — the proof of what WeChat Pay said. */
@Entity('store_payment_notifications')
@Index('uq_store_payment_notifications', ['channelAccountId', 'notificationId'], { unique: true })
export class StorePaymentNotificationRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  /** WeChat's notification id: identical on every retry and duplicate. */
  @Column({ name: 'notification_id', type: 'varchar', length: 64 })
  notificationId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 32 })
  eventType: string;

  @Column({ name: 'out_trade_no', type: 'varchar', length: 32 })
  outTradeNo: string;

  @Column({ name: 'out_refund_no', type: 'varchar', length: 64, nullable: true })
  outRefundNo: string | null;

  @Column({ name: 'transaction_id', type: 'varchar', length: 32, nullable: true })
  transactionId: string | null;

  @MoneyColumn('amount_fen')
  amountFen: number;

  /** The decrypted resource as WeChat Pay sent it. */
  @JsonColumn('resource')
  resource: object;

  /**
   * received (not yet handled — a retry finishes it), paid, restocked, already_paid, refund_requested,
   * unknown_order, amount_mismatch, merchant_mismatch, ignored, refund_succeeded, refund_failed, unknown_refund.
   */
  @Column({ type: 'varchar', length: 24 })
  outcome: string;

  @UtcColumn('handled_at', { nullable: true })
  handledAt: Date | null;
}

export const STORE_REFUND_STATES = [
  'pending',
  'processing',
  'succeeded',
  'abnormal',
  'closed',
  'failed',
] as const;
export type StoreRefundState = (typeof STORE_REFUND_STATES)[number];

/** Money going back through WeChat Pay: for an approved after-sale, or a whole payment the order could not keep. */
@Entity('store_payment_refunds')
@Index('uq_store_payment_refunds_no', ['outRefundNo'], { unique: true })
export class StorePaymentRefundRow extends TenantEntity {
  @RefColumn('order_id')
  orderId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  /** Ours, so that a retried request is the same refund: the after-sale id, or derived from the order. */
  @Column({ name: 'out_refund_no', type: 'varchar', length: 64 })
  outRefundNo: string;

  @RefColumn('after_sale_id', { nullable: true })
  afterSaleId: string | null;

  @MoneyColumn('amount_fen')
  amountFen: number;

  /** The transaction's total, which WeChat Pay wants repeated on each refund. */
  @MoneyColumn('total_fen')
  totalFen: number;

  @Column({ type: 'varchar', length: 16 })
  state: StoreRefundState;

  @Column({ name: 'refund_id', type: 'varchar', length: 64, nullable: true })
  refundId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  failure: string | null;

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  @UtcColumn('settled_at', { nullable: true })
  settledAt: Date | null;
}
