import { Item, Order, Refund, Trade } from '../state/model';
import { tradePaymentFen } from '../trades/amounts';
import { fenToYuan, formatGmt8 } from '../wire/gmt8';

/** Control API views: ids as strings, money as yuan strings, times in GMT+8 like the platform. */
const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatGmt8(ms));

export interface SkuView {
  skuId: string;
  outerId: string;
  properties: string;
  price: string;
  quantity: number;
  modified: string;
}

export interface ItemView {
  numIid: string;
  sellerNick: string;
  title: string;
  outerId: string;
  price: string;
  quantity: number;
  modified: string;
  skus: SkuView[];
}

export interface OrderView {
  oid: string;
  status: string;
  refundStatus: string;
  refundId?: string;
  numIid: string;
  skuId?: string;
  outerIid: string;
  outerSkuId?: string;
  title: string;
  num: number;
  price: string;
  consignTime?: string;
  logisticsCompany?: string;
  invoiceNo?: string;
}

export interface TradeView {
  tid: string;
  sellerNick: string;
  status: string;
  created: string;
  modified: string;
  payTime?: string;
  consignTime?: string;
  endTime?: string;
  buyerNick: string;
  buyerOpenUid: string;
  payment: string;
  orders: OrderView[];
}

export interface RefundView {
  refundId: string;
  tid: string;
  oid: string;
  status: string;
  refundFee: string;
  hasGoodReturn: boolean;
  goodStatus: string;
  reason: string;
  refundPhase: string;
  created: string;
  modified: string;
}

export function itemView(item: Item): ItemView {
  return {
    numIid: item.numIid.toString(),
    sellerNick: item.sellerNick,
    title: item.title,
    outerId: item.outerId,
    price: fenToYuan(item.priceFen),
    quantity: item.quantity,
    modified: formatGmt8(item.modified),
    skus: item.skus.map((sku) => ({
      skuId: sku.skuId,
      outerId: sku.outerId,
      properties: sku.properties,
      price: fenToYuan(sku.priceFen),
      quantity: sku.quantity,
      modified: formatGmt8(sku.modified),
    })),
  };
}

function orderView(order: Order): OrderView {
  return {
    oid: order.oid.toString(),
    status: order.status,
    refundStatus: order.refundStatus,
    refundId: order.refundId?.toString(),
    numIid: order.numIid.toString(),
    skuId: order.skuId,
    outerIid: order.outerIid,
    outerSkuId: order.outerSkuId,
    title: order.title,
    num: order.num,
    price: fenToYuan(order.priceFen),
    consignTime: time(order.consignTime),
    logisticsCompany: order.logisticsCompany,
    invoiceNo: order.invoiceNo,
  };
}

export function tradeView(trade: Trade): TradeView {
  return {
    tid: trade.tid.toString(),
    sellerNick: trade.sellerNick,
    status: trade.status,
    created: formatGmt8(trade.created),
    modified: formatGmt8(trade.modified),
    payTime: time(trade.payTime),
    consignTime: time(trade.consignTime),
    endTime: time(trade.endTime),
    buyerNick: trade.buyerNick,
    buyerOpenUid: trade.buyerOpenUid,
    payment: fenToYuan(tradePaymentFen(trade)),
    orders: trade.orders.map(orderView),
  };
}

export function refundView(refund: Refund): RefundView {
  return {
    refundId: refund.refundId.toString(),
    tid: refund.tid.toString(),
    oid: refund.oid.toString(),
    status: refund.status,
    refundFee: fenToYuan(refund.refundFeeFen),
    hasGoodReturn: refund.hasGoodReturn,
    goodStatus: refund.goodStatus,
    reason: refund.reason,
    refundPhase: refund.refundPhase,
    created: formatGmt8(refund.created),
    modified: formatGmt8(refund.modified),
  };
}

/** "12.30" → 1230 without floating point. */
export function yuanToFen(yuan: string): number {
  const [whole, frac = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
