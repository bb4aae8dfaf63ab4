/**
 * What Tongdao needs from a seller's ERP, whatever its brand: orders out (upload, cancel), stock and
 * shipments back (paged pulls over a modified-time window). One implementation per ERP kind; the
 * Jushuitan-style one is the reference. Amounts are integer fen, times UTC — connectors convert at their edge.
 */
export interface ErpConnector {
  /** Uploads at most MAX_UPLOAD_BATCH orders in one call; one outcome per order, in input order. */
  uploadOrders(batch: readonly ErpOrder[]): Promise<ErpUploadOutcome[]>;
  /** Cancels orders the ERP already holds; one outcome per order, in input order. */
  cancelOrders(orders: readonly ErpCancel[]): Promise<ErpCancelOutcome[]>;
  pullStock(query: ErpStockQuery): Promise<ErpPage<ErpStockRow>>;
  pullShipments(query: ErpWindowQuery & { erpShopId?: string | null }): Promise<ErpPage<ErpShipment>>;
  /** One cheap authenticated call: throws ErpError when the connection does not work. */
  ping(): Promise<void>;
}

/** The ERP's own call limit per upload (Jushuitan: 50 orders a call). */
export const MAX_UPLOAD_BATCH = 50;
/** Longest modified window the ERP accepts in one query. */
export const MAX_WINDOW_MS = 7 * 24 * 3600_000;

export interface ErpOrder {
  /** Our order id: the ERP's so_id, and the idempotency key of the upload. */
  soId: string;
  erpShopId: string;
  placedAt: Date;
  paidAt: Date | null;
  /** open: waiting to ship; closed: cancelled/closed on our side (the ERP cancels it too). */
  state: 'paid' | 'shipped' | 'completed' | 'closed';
  buyerId: string | null;
  receiver: {
    name: string | null;
    phone: string | null;
    province: string | null;
    city: string | null;
    district: string | null;
    address: string | null;
  };
  paidFen: number;
  shippingFen: number;
  buyerMessage: string | null;
  sellerMemo: string | null;
  payment: { id: string | null; method: string | null } | null;
  lines: ErpOrderLine[];
}

export interface ErpOrderLine {
  /** Our line id, unique per order (outer_oi_id). */
  lineId: string;
  /** The merchant SKU code (商家编码): how the ERP knows the goods. */
  skuCode: string;
  channelSkuId: string | null;
  title: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
}

export type ErpUploadOutcome =
  { soId: string; kind: 'stored'; erpOrderId: string } | { soId: string; kind: 'rejected'; reason: string };

export interface ErpCancel {
  soId: string;
  erpOrderId: string;
  reason: string;
}

export type ErpCancelOutcome =
  { erpOrderId: string; kind: 'cancelled' } | { erpOrderId: string; kind: 'refused'; reason: string };

export interface ErpWindowQuery {
  /** Both or neither; the window is at most MAX_WINDOW_MS. Without one, stock pulls read everything. */
  modifiedFrom?: Date;
  modifiedTo?: Date;
  page: number;
  pageSize?: number;
}

export interface ErpStockQuery extends ErpWindowQuery {
  erpWarehouseId?: string | null;
  /** Only these SKU codes (at most MAX_CODES_PER_QUERY), every warehouse unless one is named. */
  skuCodes?: readonly string[];
}

export const MAX_CODES_PER_QUERY = 100;

export interface ErpPage<T> {
  items: T[];
  hasNext: boolean;
}

export interface ErpStockRow {
  /** The merchant SKU code the ERP keys its goods by. */
  outerSkuCode: string;
  erpWarehouseId: string;
  /** Physical units on hand in that warehouse. */
  quantity: number;
  modifiedAt: Date | null;
}

export interface ErpShipment {
  /** The so_id we uploaded: our order id. */
  externalOrderId: string;
  erpOrderId: string;
  /** Our carrier code (SF, ZTO, POST …): the connector translates its ERP's company codes. */
  carrierCode: string;
  trackingNo: string;
  shippedAt: Date | null;
  lines: Array<{ skuCode: string; lineId: string | null; quantity: number }> | null;
}
