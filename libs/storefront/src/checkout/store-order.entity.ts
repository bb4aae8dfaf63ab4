import { Column, Entity, Index } from 'typeorm';
import { MoneyColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/**
 * The storefront's side of an order placed in the WeChat shop: who bought it (the signed-in buyer), what they
 * must pay and until when, and how they came (a share link, a seller's payment request). The order itself —
 * lines, status, stock — lives in the order desk; `id` is the order's id, and also the WeChat Pay
 * `out_trade_no` (26 characters of [0-9A-Z], inside the 6–32 the API allows).
 */
@Entity('store_orders')
@Index('uq_store_orders_idempotency', ['merchantId', 'customerId', 'idempotencyKey'], { unique: true })
export class StoreOrderRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('customer_id')
  customerId: string;

  @Column({ type: 'varchar', length: 64 })
  openid: string;

  /** Items + shipping − discount, fen: what WeChat Pay must report as `amount.total`. */
  @MoneyColumn('payable_fen')
  payableFen: number;

  /** The WeChat Pay `description` (≤ 127 characters): the first line's title, and how many more. */
  @Column({ type: 'varchar', length: 127 })
  description: string;

  /** Payment must start before this; the reservations lapse at the same moment. */
  @UtcColumn('expires_at')
  expiresAt: Date;

  @Column({ name: 'referrer_code', type: 'varchar', length: 16, nullable: true })
  referrerCode: string | null;

  @RefColumn('referrer_customer_id', { nullable: true })
  referrerCustomerId: string | null;

  @RefColumn('payment_request_id', { nullable: true })
  paymentRequestId: string | null;

  /** The buyer's Idempotency-Key, so a checkout retried after a lost answer does not order twice. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;
}
