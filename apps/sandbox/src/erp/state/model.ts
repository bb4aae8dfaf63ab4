/** What the simulated ERP holds per tenant (one ERP company, 公司 co_id, authorised for one app). */

export interface ErpShop {
  shopId: number;
  name: string;
}

export interface ErpWarehouse {
  wmsCoId: number;
  name: string;
}

export interface ErpSku {
  skuId: string;
  name: string;
}

/** One SKU in one warehouse; `qty` is on hand, `orderLock` what unsent orders hold. */
export interface StockRow {
  skuId: string;
  wmsCoId: number;
  qty: number;
  orderLock: number;
  modified: number;
}

export interface Tenant {
  appKey: string;
  appSecret: string;
  coId: number;
  accessToken: string;
  refreshToken: string;
  tokenExpired: boolean;
  shops: ErpShop[];
  warehouses: ErpWarehouse[];
  skus: Map<string, ErpSku>;
  /** Keyed `${skuId}|${wmsCoId}`. */
  stock: Map<string, StockRow>;
  createdAt: number;
}

export const ERP_STATUSES = ['WaitConfirm', 'Sent', 'Cancelled'] as const;
export type ErpStatus = (typeof ERP_STATUSES)[number];

export const SHOP_STATUSES = [
  'WAIT_BUYER_PAY',
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
] as const;
export type ShopStatus = (typeof SHOP_STATUSES)[number];

export interface OrderLine {
  skuId: string;
  outerOiId: string;
  name: string;
  qty: number;
  price: number;
  amount: number;
}

/** The order as the merchant described it on upload (what a re-upload may replace while unsent). */
export interface OrderContent {
  orderDate: string;
  shopStatus: ShopStatus;
  payAmount: number;
  freight: number;
  receiverName: string;
  lines: OrderLine[];
}

export interface Shipment {
  lId: string;
  lcId: string;
  logisticsCompany: string;
  wmsCoId: number;
  sentAt: number;
}

export interface ErpOrder extends OrderContent {
  oId: number;
  appKey: string;
  shopId: number;
  soId: string;
  status: ErpStatus;
  /** Where the order's stock is locked and shipped from. */
  wmsCoId: number;
  shipment?: Shipment;
  modified: number;
  cancelledAt?: number;
}

/** Every (shop_id, so_id) the ERP was sent, accepted or not, and how often. */
export interface Receipt {
  appKey: string;
  shopId: number;
  soId: string;
  uploadCalls: number;
  oId?: number;
  lastResult: { issuccess: boolean; msg: string; rejectCode?: string };
  firstAt: number;
  lastAt: number;
}

export interface ErpCallRecord {
  seq: number;
  at: string;
  path: string;
  appKey: string;
  outcome: string;
  durationMs: number;
  biz?: string;
}
