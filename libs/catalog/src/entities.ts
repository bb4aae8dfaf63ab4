import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, MoneyColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

export type ProductStatus = 'active' | 'archived';
export type SkuStatus = 'active' | 'archived';
export type Attributes = Record<string, string>;

/** One attribute a product's SKUs vary by (颜色, 尺码 …); `values` empty means any value. */
export interface AttributeDef {
  name: string;
  values: string[];
}

@Entity('catalog_products')
export class Product extends TenantEntity {
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ProductStatus;

  @JsonColumn('attribute_defs', { nullable: true })
  attributeDefs: AttributeDef[] | null;
}

/** The unit the merchant sells and stocks; `code` is the merchant's own SKU code (商家编码), unique per merchant. */
@Entity('catalog_skus')
export class Sku extends TenantEntity {
  @RefColumn('product_id')
  productId: string;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @JsonColumn('attributes')
  attributes: Attributes;

  @MoneyColumn('price_fen')
  priceFen: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  barcode: string | null;

  @IntColumn('weight_grams', { nullable: true })
  weightGrams: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: SkuStatus;
}

/**
 * `manual`: a staff member mapped or unmapped this listing, and auto-matching leaves it alone from then on.
 * `auto`: matched on outer id = SKU code; re-matched when the outer id changes. null: never decided.
 */
export type MappingSource = 'auto' | 'manual';

/** One sellable thing on a channel (an item, or one SKU of an item) and the merchant SKU it sells. */
@Entity('catalog_listings')
export class ChannelListing extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @Column({ name: 'channel_type', type: 'varchar', length: 16 })
  channelType: string;

  @Column({ name: 'channel_item_id', type: 'varchar', length: 64 })
  channelItemId: string;

  /** '' for an item without SKU variants, so (account, item, sku) can carry a unique index on both engines. */
  @Column({ name: 'channel_sku_id', type: 'varchar', length: 64 })
  channelSkuId: string;

  @Column({ name: 'outer_id', type: 'varchar', length: 64, nullable: true })
  outerId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @RefColumn('sku_id', { nullable: true })
  skuId: string | null;

  @Column({ name: 'mapping_source', type: 'varchar', length: 16, nullable: true })
  mappingSource: MappingSource | null;

  @UtcColumn('mapped_at', { nullable: true })
  mappedAt: Date | null;
}

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportRowError {
  /** Record number in the file, the header being row 1 (what a spreadsheet shows). */
  row: number;
  field: string;
  problem: string;
}

/** One CSV upload and its progress. The file itself is kept here so any worker process can run it. */
@Entity('catalog_imports')
export class CatalogImport extends TenantEntity {
  @Column({ type: 'varchar', length: 16 })
  status: ImportStatus;

  @Column({ name: 'csv_text', type: 'text', select: false })
  csvText: string;

  @IntColumn('total_rows', { nullable: true })
  totalRows: number | null;

  @IntColumn('processed_rows', { default: 0 })
  processedRows: number;

  @IntColumn('created_count', { default: 0 })
  createdCount: number;

  @IntColumn('updated_count', { default: 0 })
  updatedCount: number;

  @IntColumn('unchanged_count', { default: 0 })
  unchangedCount: number;

  @IntColumn('error_count', { default: 0 })
  errorCount: number;

  @JsonColumn('errors')
  errors: ImportRowError[];

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 26, nullable: true })
  requestedBy: string | null;

  @UtcColumn('started_at', { nullable: true })
  startedAt: Date | null;

  @UtcColumn('finished_at', { nullable: true })
  finishedAt: Date | null;
}
