import { fenToYuan, formatChinaLocalTime, parseChinaLocalTime } from '@tongdao/kernel';
import { ErpOrder, ErpShipment, ErpStockRow } from './erp-connector';
import { isRecord, scalarText } from './jushuitan-client';

const SHOP_STATUS: Record<ErpOrder['state'], string> = {
  paid: 'WAIT_SELLER_SEND_GOODS',
  shipped: 'WAIT_BUYER_CONFIRM_GOODS',
  completed: 'TRADE_FINISHED',
  closed: 'TRADE_CLOSED',
};

/** Jushuitan logistics company codes (lc_id) that differ from ours; the rest are the same (SF, ZTO, YTO …). */
const CARRIERS_FROM_JUSHUITAN: Readonly<Record<string, string>> = {
  YZPY: 'POST',
  POSTB: 'POST',
  DBKD: 'DBL',
  HTKY: 'BEST',
};

export function ourCarrierCode(lcId: string): string {
  const code = lcId.trim().toUpperCase();
  return CARRIERS_FROM_JUSHUITAN[code] ?? code;
}

/** Fen → the yuan number Jushuitan wants, through the exact decimal text (never fen / 100 in floating point). */
export function yuanNumber(fen: number): number {
  return Number(fenToYuan(fen));
}

/** One order of `/open/jushuitan/orders/upload`; absent values are left out rather than sent empty. */
export function toJushuitanOrder(order: ErpOrder): Record<string, unknown> {
  const r = order.receiver;
  return compact({
    shop_id: Number(order.erpShopId),
    so_id: order.soId,
    order_date: formatChinaLocalTime(order.placedAt),
    shop_status: SHOP_STATUS[order.state],
    shop_buyer_id: order.buyerId,
    receiver_state: r.province,
    receiver_city: r.city,
    receiver_district: r.district,
    receiver_address: r.address,
    receiver_name: r.name,
    receiver_mobile: r.phone,
    pay_amount: yuanNumber(order.paidFen),
    freight: yuanNumber(order.shippingFen),
    buyer_message: order.buyerMessage,
    remark: order.sellerMemo,
    items: order.lines.map((line) =>
      compact({
        sku_id: line.skuCode,
        shop_sku_id: line.channelSkuId,
        outer_oi_id: line.lineId,
        name: line.title,
        qty: line.quantity,
        base_price: yuanNumber(line.unitPriceFen),
        amount: yuanNumber(line.totalFen),
      }),
    ),
    pay: order.paidAt
      ? compact({
          outer_pay_id: order.payment?.id ?? order.soId,
          pay_date: formatChinaLocalTime(order.paidAt),
          payment: order.payment?.method ?? 'online',
          buyer_account: order.buyerId,
          amount: yuanNumber(order.paidFen),
        })
      : null,
  });
}

export function fromJushuitanStock(row: unknown): ErpStockRow | null {
  if (!isRecord(row) || typeof row.sku_id !== 'string' || row.sku_id === '') return null;
  const quantity = Number(row.qty);
  if (!Number.isSafeInteger(quantity)) return null;
  return {
    outerSkuCode: row.sku_id,
    erpWarehouseId: scalarText(row.wms_co_id),
    quantity,
    modifiedAt: localTime(row.modified),
  };
}

export function fromJushuitanShipment(row: unknown): ErpShipment | null {
  if (!isRecord(row) || typeof row.so_id !== 'string' || !row.l_id) return null;
  const items = Array.isArray(row.items) ? row.items.filter(isRecord) : null;
  return {
    externalOrderId: row.so_id,
    erpOrderId: scalarText(row.o_id),
    carrierCode: ourCarrierCode(scalarText(row.lc_id)),
    trackingNo: scalarText(row.l_id),
    shippedAt: localTime(row.send_date),
    lines: items
      ? items.map((item) => ({
          skuCode: scalarText(item.sku_id),
          lineId: typeof item.outer_oi_id === 'string' && item.outer_oi_id ? item.outer_oi_id : null,
          quantity: Number(item.qty),
        }))
      : null,
  };
}

/** The ERP's window bounds: GMT+8 local time, whole seconds. */
export function windowParams(from?: Date, to?: Date): Record<string, string> {
  if (!from || !to) return {};
  return { modified_begin: formatChinaLocalTime(from), modified_end: formatChinaLocalTime(to) };
}

function localTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  try {
    return parseChinaLocalTime(value);
  } catch {
    return null;
  }
}

function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined && value !== ''),
  );
}
