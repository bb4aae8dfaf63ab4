/** The simulated Taobao's own records. Money is integer fen, times epoch ms; the wire format is applied on output. */

export type TradeStatus =
  | 'TRADE_NO_CREATE_PAY'
  | 'WAIT_BUYER_PAY'
  | 'SELLER_CONSIGNED_PART'
  | 'WAIT_SELLER_SEND_GOODS'
  | 'WAIT_BUYER_CONFIRM_GOODS'
  | 'TRADE_BUYER_SIGNED'
  | 'TRADE_FINISHED'
  | 'TRADE_CLOSED'
  | 'TRADE_CLOSED_BY_TAOBAO';

export const TRADE_STATUSES: readonly TradeStatus[] = [
  'TRADE_NO_CREATE_PAY',
  'WAIT_BUYER_PAY',
  'SELLER_CONSIGNED_PART',
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_BUYER_SIGNED',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
  'TRADE_CLOSED_BY_TAOBAO',
];

export type RefundStatus =
  | 'WAIT_SELLER_AGREE'
  | 'WAIT_BUYER_RETURN_GOODS'
  | 'WAIT_SELLER_CONFIRM_GOODS'
  | 'SELLER_REFUSE_BUYER'
  | 'CLOSED'
  | 'SUCCESS';

export const REFUND_STATUSES: readonly RefundStatus[] = [
  'WAIT_SELLER_AGREE',
  'WAIT_BUYER_RETURN_GOODS',
  'WAIT_SELLER_CONFIRM_GOODS',
  'SELLER_REFUSE_BUYER',
  'CLOSED',
  'SUCCESS',
];

export interface Seller {
  userId: bigint;
  nick: string;
  tmcGroup: string;
}

export interface SandboxApp {
  appKey: string;
  appSecret: string;
  createdAt: number;
}

export interface Session {
  sessionKey: string;
  appKey: string;
  sellerNick: string;
  expiresAt: number;
}

export interface Sku {
  skuId: string;
  outerId: string;
  properties: string;
  priceFen: number;
  quantity: number;
  modified: number;
}

export interface Item {
  numIid: bigint;
  sellerNick: string;
  title: string;
  outerId: string;
  priceFen: number;
  /** Without SKUs the item's own stock; with SKUs always their sum. */
  quantity: number;
  skus: Sku[];
  cid: number;
  modified: number;
}

export interface Receiver {
  name: string;
  mobile: string;
  state: string;
  city: string;
  district: string;
  town: string;
  address: string;
  zip: string;
}

export interface Order {
  oid: bigint;
  status: TradeStatus;
  refundStatus: RefundStatus | 'NO_REFUND';
  refundId?: bigint;
  numIid: bigint;
  skuId?: string;
  skuPropertiesName?: string;
  outerIid: string;
  outerSkuId?: string;
  title: string;
  cid: number;
  num: number;
  priceFen: number;
  discountFen: number;
  adjustFen: number;
  consignTime?: number;
  endTime?: number;
  logisticsCompany?: string;
  invoiceNo?: string;
}

export interface Trade {
  tid: bigint;
  sellerNick: string;
  status: TradeStatus;
  created: number;
  modified: number;
  payTime?: number;
  consignTime?: number;
  endTime?: number;
  buyerNick: string;
  buyerOpenUid: string;
  buyerMessage?: string;
  sellerFlag: number;
  postFeeFen: number;
  receiver: Receiver;
  oaid: string;
  orders: Order[];
}

export interface Refund {
  refundId: bigint;
  tid: bigint;
  oid: bigint;
  sellerNick: string;
  status: RefundStatus;
  refundFeeFen: number;
  hasGoodReturn: boolean;
  goodStatus: 'BUYER_NOT_RECEIVED' | 'BUYER_RECEIVED' | 'BUYER_RETURNED_GOODS';
  reason: string;
  desc: string;
  created: number;
  modified: number;
  refundPhase: 'onsale' | 'aftersale';
}

export interface Shipment {
  tid: string;
  oids: string[];
  outSid: string;
  companyCode: string;
  split: boolean;
  appKey: string;
  at: string;
}

export interface CallRecord {
  seq: number;
  at: string;
  method: string;
  appKey: string;
  session?: string;
  params: Record<string, string>;
  /** `ok`, `error:<code>[:<sub_code>]`, or `http:<status>` for a simulated gateway failure. */
  outcome: string;
  durationMs: number;
}

export interface QuantityChange {
  at: string;
  numIid: string;
  skuId?: string;
  type: 1 | 2;
  quantity: number;
  resulting: number;
  appKey: string;
}
