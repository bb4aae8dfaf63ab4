import { Order, Refund, Trade } from '../state/model';
import { TaobaoStore } from '../state/store';
import {
  orderPaymentFen,
  orderTotalFen,
  tradeDiscountFen,
  tradeNum,
  tradePaymentFen,
  tradeTotalFen,
} from '../trades/amounts';
import { fenToYuan, formatGmt8 } from '../wire/gmt8';
import { TopList, TopObject, TopValue } from '../wire/render';

const time = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : formatGmt8(ms));

const ORDER_FIELDS: Record<string, (o: Order) => TopValue> = {
  oid: (o) => o.oid,
  oid_str: (o) => o.oid.toString(),
  status: (o) => o.status,
  refund_status: (o) => o.refundStatus,
  refund_id: (o) => o.refundId,
  title: (o) => o.title,
  num_iid: (o) => o.numIid,
  sku_id: (o) => o.skuId,
  sku_properties_name: (o) => o.skuPropertiesName,
  outer_iid: (o) => o.outerIid,
  outer_sku_id: (o) => o.outerSkuId,
  num: (o) => o.num,
  price: (o) => fenToYuan(o.priceFen),
  total_fee: (o) => fenToYuan(orderTotalFen(o) - o.discountFen),
  payment: (o) => fenToYuan(orderPaymentFen(o)),
  discount_fee: (o) => fenToYuan(o.discountFen),
  adjust_fee: (o) => fenToYuan(o.adjustFen),
  divide_order_fee: (o) => fenToYuan(orderPaymentFen(o)),
  part_mjz_discount: () => '0.00',
  end_time: (o) => time(o.endTime),
  consign_time: (o) => time(o.consignTime),
  shipping_type: () => 'express',
  logistics_company: (o) => o.logisticsCompany,
  invoice_no: (o) => o.invoiceNo,
  cid: (o) => o.cid,
  seller_type: () => 'C',
  is_service_order: () => false,
};

const TRADE_FIELDS: Record<string, (t: Trade) => TopValue> = {
  tid: (t) => t.tid,
  tid_str: (t) => t.tid.toString(),
  status: (t) => t.status,
  type: () => 'fixed',
  created: (t) => time(t.created),
  modified: (t) => time(t.modified),
  pay_time: (t) => time(t.payTime),
  consign_time: (t) => time(t.consignTime),
  end_time: (t) => time(t.endTime),
  payment: (t) => fenToYuan(tradePaymentFen(t)),
  total_fee: (t) => fenToYuan(tradeTotalFen(t)),
  post_fee: (t) => fenToYuan(t.postFeeFen),
  discount_fee: (t) => fenToYuan(tradeDiscountFen(t)),
  adjust_fee: () => '0.00',
  received_payment: (t) => fenToYuan(t.status === 'TRADE_FINISHED' ? tradePaymentFen(t) : 0),
  buyer_nick: (t) => t.buyerNick,
  buyer_open_uid: (t) => t.buyerOpenUid,
  seller_nick: (t) => t.sellerNick,
  seller_flag: (t) => t.sellerFlag,
  has_buyer_message: (t) => t.buyerMessage !== undefined,
  buyer_message: (t) => t.buyerMessage,
  shipping_type: () => 'express',
  num: (t) => tradeNum(t),
  num_iid: (t) => t.orders[0].numIid,
  price: (t) => fenToYuan(t.orders[0].priceFen),
  title: (t) => t.orders[0].title,
  receiver_name: (t) => t.receiver.name,
  receiver_mobile: (t) => t.receiver.mobile,
  receiver_phone: () => '',
  receiver_state: (t) => t.receiver.state,
  receiver_city: (t) => t.receiver.city,
  receiver_district: (t) => t.receiver.district,
  receiver_town: (t) => t.receiver.town,
  receiver_address: (t) => t.receiver.address,
  receiver_zip: (t) => t.receiver.zip,
  receiver_country: () => '',
  oaid: (t) => t.oaid,
};

export interface FieldSelection {
  trade: string[];
  /** null: no orders wanted; otherwise the order fields to include. */
  order: string[] | null;
}

/** `fields` as TOP reads it: unknown names are ignored, `orders` means every order field, `orders.x` just x. */
export function parseTradeFields(fields: string): FieldSelection {
  const names = fields
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const trade = names.filter((name) => name in TRADE_FIELDS);
  let order: string[] | null = names.includes('orders') ? Object.keys(ORDER_FIELDS) : null;
  const picked = names.filter((n) => n.startsWith('orders.')).map((n) => n.slice('orders.'.length));
  if (!order && picked.length) order = picked.filter((name) => name in ORDER_FIELDS);
  return { trade, order };
}

export function tradeView(trade: Trade, selection: FieldSelection): TopObject {
  const out: TopObject = {};
  for (const name of selection.trade) out[name] = TRADE_FIELDS[name](trade);
  if (selection.order) {
    const fields = selection.order;
    out.orders = new TopList(
      'order',
      trade.orders.map((order) =>
        Object.fromEntries(fields.map((name) => [name, ORDER_FIELDS[name](order)])),
      ),
    );
  }
  return out;
}

const REFUND_FIELDS: Record<string, (r: Refund, t: Trade, o: Order) => TopValue> = {
  refund_id: (r) => r.refundId,
  tid: (r) => r.tid,
  oid: (r) => r.oid,
  title: (_r, _t, o) => o.title,
  buyer_nick: (_r, t) => t.buyerNick,
  buyer_open_uid: (_r, t) => t.buyerOpenUid,
  seller_nick: (r) => r.sellerNick,
  total_fee: (_r, _t, o) => fenToYuan(orderTotalFen(o)),
  payment: (_r, _t, o) => fenToYuan(orderPaymentFen(o)),
  refund_fee: (r) => fenToYuan(r.refundFeeFen),
  status: (r) => r.status,
  order_status: (_r, _t, o) => o.status,
  good_status: (r) => r.goodStatus,
  has_good_return: (r) => r.hasGoodReturn,
  reason: (r) => r.reason,
  desc: (r) => r.desc,
  created: (r) => formatGmt8(r.created),
  modified: (r) => formatGmt8(r.modified),
  num_iid: (_r, _t, o) => o.numIid,
  num: (_r, _t, o) => o.num,
  sku: (_r, _t, o) => o.skuId && `${o.skuId}|${o.skuPropertiesName ?? ''}`,
  outer_id: (_r, _t, o) => o.outerSkuId ?? o.outerIid,
  refund_phase: (r) => r.refundPhase,
};

export function refundView(store: TaobaoStore, refund: Refund, fields: string[]): TopObject | null {
  const trade = store.trades.get(refund.tid.toString());
  const order = trade?.orders.find((o) => o.oid === refund.oid);
  if (!trade || !order) return null;
  const out: TopObject = {};
  for (const name of fields) if (name in REFUND_FIELDS) out[name] = REFUND_FIELDS[name](refund, trade, order);
  return out;
}
