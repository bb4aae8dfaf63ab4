import { Column, Entity } from 'typeorm';
import { IntColumn, MoneyColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

export const AFTER_SALE_KINDS = ['refund_only', 'return_and_refund'] as const;
export type AfterSaleKind = (typeof AFTER_SALE_KINDS)[number];

export const AFTER_SALE_STATUSES = [
  'requested',
  'approved',
  'returned',
  'refunded',
  'rejected',
  'cancelled',
] as const;
export type AfterSaleStatus = (typeof AFTER_SALE_STATUSES)[number];

/** One buyer claim on one order line: money back only, or goods back then money. Amounts in fen. */
@Entity('after_sales')
export class AfterSaleRow extends TenantEntity {
  @Column({ name: 'order_id', type: 'varchar', length: 26 })
  orderId: string;

  @Column({ name: 'line_id', type: 'varchar', length: 26 })
  lineId: string;

  @Column({ name: 'shop_id', type: 'varchar', length: 26 })
  shopId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: AfterSaleKind;

  @Column({ type: 'varchar', length: 16 })
  status: AfterSaleStatus;

  @IntColumn('quantity')
  quantity: number;

  @MoneyColumn('amount_fen')
  amountFen: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  /** `desk` when staff recorded it, otherwise the channel it came from. */
  @Column({ type: 'varchar', length: 16 })
  source: string;

  /** The channel's refund id; with the order it makes channel refunds idempotent. */
  @Column({ name: 'channel_refund_id', type: 'varchar', length: 64, nullable: true })
  channelRefundId: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 26, nullable: true })
  requestedBy: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 26, nullable: true })
  decidedBy: string | null;

  @UtcColumn('decided_at', { nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'reject_reason', type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @IntColumn('received_quantity', { default: 0 })
  receivedQuantity: number;

  @IntColumn('restocked_quantity', { default: 0 })
  restockedQuantity: number;

  @UtcColumn('refunded_at', { nullable: true })
  refundedAt: Date | null;
}
