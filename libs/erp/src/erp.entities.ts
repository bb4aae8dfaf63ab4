import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

export const ERP_KINDS = ['jushuitan'] as const;
export type ErpKind = (typeof ERP_KINDS)[number];
export const STOCK_SOURCES = ['erp', 'tongdao'] as const;
/** erp: the ERP's counts overwrite on hand; tongdao: stock is kept here and the ERP's counts are ignored. */
export type StockSource = (typeof STOCK_SOURCES)[number];
/** active; auth_failed: the credentials stopped working (uploads wait until they are replaced); paused. */
export type ErpConnectionStatus = 'active' | 'auth_failed' | 'paused';

export interface ErpShopBinding {
  shopId: string;
  /** The ERP's id of the shop (Jushuitan shop_id). */
  erpShopId: string;
}

/** A merchant's link to its ERP (one per merchant): where, with which credentials, for which shops. */
@Entity('erp_connections')
export class ErpConnectionRow extends TenantEntity {
  @Column({ type: 'varchar', length: 16 })
  kind: ErpKind;

  @Column({ name: 'base_url', type: 'varchar', length: 255 })
  baseUrl: string;

  @Column({ name: 'app_key', type: 'varchar', length: 100 })
  appKey: string;

  /** App secret and tokens, sealed by ChannelSecrets; never returned by the API. */
  @Column({ type: 'text' })
  secrets: string;

  @JsonColumn('shops')
  shops: ErpShopBinding[];

  /** The ERP warehouse (wms_co_id) whose counts are ours; null: the ERP's default. */
  @Column({ name: 'erp_warehouse_id', type: 'varchar', length: 32, nullable: true })
  erpWarehouseId: string | null;

  /** Our warehouse those counts land in; null: the merchant's default warehouse. */
  @RefColumn('warehouse_id', { nullable: true })
  warehouseId: string | null;

  @Column({ name: 'stock_source', type: 'varchar', length: 16 })
  stockSource: StockSource;

  @Column({ type: 'varchar', length: 16 })
  status: ErpConnectionStatus;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Everything the ERP modified before this time has been read back (stock / shipments). */
  @UtcColumn('stock_cursor', { nullable: true })
  stockCursor: Date | null;

  @UtcColumn('shipment_cursor', { nullable: true })
  shipmentCursor: Date | null;

  @UtcColumn('last_sync_at', { nullable: true })
  lastSyncAt: Date | null;
}

/** queued → uploaded → cancelled; queued → rejected (the ERP said no) | dead (retries used up) | cancelled. */
export const LINK_STATES = ['queued', 'uploaded', 'rejected', 'dead', 'cancelled'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** One order on its way to (or in) the ERP; the so_id is our order id and the upload's idempotency key. */
@Entity('erp_order_links')
export class ErpOrderLinkRow extends TenantEntity {
  @RefColumn('connection_id')
  connectionId: string;

  @RefColumn('order_id')
  orderId: string;

  @RefColumn('shop_id')
  shopId: string;

  @Column({ name: 'so_id', type: 'varchar', length: 64 })
  soId: string;

  /** The ERP's own id (Jushuitan o_id), once stored there. */
  @Column({ name: 'erp_order_id', type: 'varchar', length: 64, nullable: true })
  erpOrderId: string | null;

  @Column({ type: 'varchar', length: 16 })
  state: LinkState;

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  @UtcColumn('next_attempt_at')
  nextAttemptAt: Date;

  /** An uploader holds the row until leaseUntil; another may take it after (a crashed worker's rows). */
  @Column({ name: 'lease_token', type: 'varchar', length: 26, nullable: true })
  leaseToken: string | null;

  @UtcColumn('lease_until', { nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** The ERP's reason for refusing the order (or refusing to cancel it). */
  @Column({ name: 'reject_reason', type: 'varchar', length: 500, nullable: true })
  rejectReason: string | null;

  /** When order.paid was recorded: the start of the payment → ERP lag. */
  @UtcColumn('paid_at')
  paidAt: Date;

  @UtcColumn('uploaded_at', { nullable: true })
  uploadedAt: Date | null;

  @UtcColumn('cancelled_at', { nullable: true })
  cancelledAt: Date | null;
}

/** A parcel the ERP reported, applied once per (order, tracking number). */
@Entity('erp_shipment_receipts')
export class ErpShipmentReceiptRow extends TenantEntity {
  @RefColumn('order_id')
  orderId: string;

  @Column({ name: 'tracking_no', type: 'varchar', length: 64 })
  trackingNo: string;

  @Column({ name: 'carrier_code', type: 'varchar', length: 32 })
  carrierCode: string;

  @RefColumn('shipment_id', { nullable: true })
  shipmentId: string | null;

  /** shipped | skipped (the order could not take it: already shipped elsewhere, cancelled …) */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;
}

export const SYNC_LOG_KINDS = ['order_upload', 'order_cancel', 'stock', 'shipment', 'connection'] as const;
export type SyncLogKind = (typeof SYNC_LOG_KINDS)[number];

/** What happened to one order or one SKU in one exchange with the ERP, for staff to follow. */
@Entity('erp_sync_log')
export class ErpSyncLogRow extends TenantEntity {
  @Column({ type: 'varchar', length: 16 })
  kind: SyncLogKind;

  @RefColumn('order_id', { nullable: true })
  orderId: string | null;

  @RefColumn('sku_id', { nullable: true })
  skuId: string | null;

  /** The ERP-side reference: o_id, SKU code, tracking number. */
  @Column({ name: 'erp_ref', type: 'varchar', length: 64, nullable: true })
  erpRef: string | null;

  @Column({ type: 'varchar', length: 24 })
  outcome: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;
}
