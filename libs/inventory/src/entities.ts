import { Column, Entity } from 'typeorm';
import { IntColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/** A place stock sits in. Every merchant has one default warehouse, created on first use. */
@Entity('warehouses')
export class Warehouse extends TenantEntity {
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault: boolean;
}

/**
 * The pool of one SKU in one warehouse. Sellable = onHand − reserved − safetyStock. `version` moves on every
 * change; the stock push compares it to know whether a channel saw the latest figure.
 */
@Entity('stock_levels')
export class StockLevel extends TenantEntity {
  @RefColumn('sku_id')
  skuId: string;

  @RefColumn('warehouse_id')
  warehouseId: string;

  @IntColumn('on_hand', { default: 0 })
  onHand: number;

  @IntColumn('reserved', { default: 0 })
  reserved: number;

  @IntColumn('safety_stock', { default: 0 })
  safetyStock: number;

  @IntColumn('version', { default: 0 })
  version: number;
}

export type ReservationStatus = 'active' | 'committed' | 'released';

/** Units held for a reference (an order line) until shipped (commit) or given back (release/expiry). */
@Entity('stock_reservations')
export class ReservationRow extends TenantEntity {
  @RefColumn('sku_id')
  skuId: string;

  @RefColumn('warehouse_id')
  warehouseId: string;

  @RefColumn('level_id')
  levelId: string;

  @IntColumn('quantity')
  quantity: number;

  @IntColumn('committed_quantity', { default: 0 })
  committedQuantity: number;

  @IntColumn('released_quantity', { default: 0 })
  releasedQuantity: number;

  @Column({ type: 'varchar', length: 16 })
  status: ReservationStatus;

  @Column({ name: 'reference_type', type: 'varchar', length: 40 })
  referenceType: string;

  @Column({ name: 'reference_id', type: 'varchar', length: 64 })
  referenceId: string;

  @UtcColumn('expires_at', { nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'release_reason', type: 'varchar', length: 40, nullable: true })
  releaseReason: string | null;
}

export type LedgerType = 'reserve' | 'commit' | 'release' | 'adjust' | 'safety';

/** One stock change, append-only. Per level, the deltas sum to the level's current onHand and reserved. */
@Entity('stock_ledger')
export class LedgerRow extends TenantEntity {
  @RefColumn('sku_id')
  skuId: string;

  @RefColumn('warehouse_id')
  warehouseId: string;

  @RefColumn('level_id')
  levelId: string;

  @Column({ type: 'varchar', length: 16 })
  type: LedgerType;

  @IntColumn('quantity')
  quantity: number;

  @IntColumn('on_hand_delta')
  onHandDelta: number;

  @IntColumn('reserved_delta')
  reservedDelta: number;

  @IntColumn('on_hand_before')
  onHandBefore: number;

  @IntColumn('on_hand_after')
  onHandAfter: number;

  @IntColumn('reserved_before')
  reservedBefore: number;

  @IntColumn('reserved_after')
  reservedAfter: number;

  @RefColumn('reservation_id', { nullable: true })
  reservationId: string | null;

  @Column({ name: 'reference_type', type: 'varchar', length: 40, nullable: true })
  referenceType: string | null;

  @Column({ name: 'reference_id', type: 'varchar', length: 64, nullable: true })
  referenceId: string | null;

  @Column({ type: 'varchar', length: 32 })
  reason: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @RefColumn('actor_staff_id', { nullable: true })
  actorStaffId: string | null;
}

export type AllocationMode = 'share_all' | 'percentage' | 'fixed_cap';

/** How much of the pool one channel account may offer, for one SKU, for all SKUs, or both. */
@Entity('allocation_rules')
export class AllocationRuleRow extends TenantEntity {
  @RefColumn('sku_id', { nullable: true })
  skuId: string | null;

  @RefColumn('channel_account_id', { nullable: true })
  channelAccountId: string | null;

  /** `${skuId|*}:${channelAccountId|*}`: one rule per scope (NULLs do not collide in unique indices). */
  @Column({ name: 'scope_key', type: 'varchar', length: 60 })
  scopeKey: string;

  @Column({ type: 'varchar', length: 16 })
  mode: AllocationMode;

  @IntColumn('percent', { nullable: true })
  percent: number | null;

  @IntColumn('cap', { nullable: true })
  cap: number | null;

  @IntColumn('buffer', { default: 0 })
  buffer: number;
}

/** Per-SKU push bookkeeping: `generation` names the next push job (see StockPushJob). */
@Entity('stock_push_state')
export class StockPushStateRow extends TenantEntity {
  @RefColumn('sku_id')
  skuId: string;

  @IntColumn('generation', { default: 0 })
  generation: number;

  /** Set when scheduling a push failed (queue down); the sweep schedules it again. */
  @Column({ type: 'boolean', default: false })
  dirty: boolean;
}

export type StockPushStatus = 'pushed' | 'skipped' | 'failed';

/** What was (or was not) sent to a channel: the log staff read when a channel shows the wrong figure. */
@Entity('stock_pushes')
export class StockPushRow extends TenantEntity {
  @RefColumn('sku_id')
  skuId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ name: 'channel_type', type: 'varchar', length: 32 })
  channelType: string;

  @RefColumn('listing_id')
  listingId: string;

  @Column({ name: 'channel_item_id', type: 'varchar', length: 64 })
  channelItemId: string;

  @Column({ name: 'channel_sku_id', type: 'varchar', length: 64, nullable: true })
  channelSkuId: string | null;

  @IntColumn('quantity')
  quantity: number;

  @Column({ type: 'varchar', length: 16 })
  status: StockPushStatus;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  @IntColumn('generation')
  generation: number;
}
