import { UploadedOrder } from '../orders/book';
import { OrderLine, SHOP_STATUSES, ShopStatus, Tenant } from '../state/model';
import { parseErpTime } from '../wire/gmt8';

/** Why one uploaded order is refused; the call itself still succeeds. */
export interface Refusal {
  rejectCode: 'unknown_shop' | 'unknown_sku' | 'invalid_order' | 'rejected';
  msg: string;
}

type Raw = Record<string, unknown>;

const invalid = (field: string): Refusal => ({ rejectCode: 'invalid_order', msg: `订单数据错误: ${field}` });

function text(raw: Raw, name: string, required: boolean, max = 200): string | Refusal {
  const value = raw[name];
  if (value === undefined || value === null || value === '') return required ? invalid(name) : '';
  if (typeof value !== 'string' || value.length > max) return invalid(name);
  return value;
}

function amount(raw: Raw, name: string, required: boolean): number | Refusal {
  const value = raw[name];
  if (value === undefined || value === null) return required ? invalid(name) : 0;
  const n = typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return invalid(name);
  return n;
}

function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'rejectCode' in value;
}

function readLine(raw: unknown, index: number): OrderLine | Refusal {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return invalid(`items[${index}]`);
  const line = raw as Raw;
  const skuId = text(line, 'sku_id', true, 64);
  const outerOiId = text(line, 'outer_oi_id', true, 64);
  const name = text(line, 'name', false);
  const basePrice = amount(line, 'base_price', false);
  const price = line.price === undefined ? basePrice : amount(line, 'price', false);
  const lineAmount = amount(line, 'amount', false);
  for (const value of [skuId, outerOiId, name, basePrice, price, lineAmount])
    if (isRefusal(value)) return value;
  const qty = line.qty;
  if (typeof qty !== 'number' || !Number.isInteger(qty) || qty <= 0) return invalid(`items[${index}].qty`);
  return {
    skuId: skuId as string,
    outerOiId: outerOiId as string,
    name: name as string,
    qty,
    price: price as number,
    amount: lineAmount as number,
  };
}

/** One element of the upload array, checked against the tenant: shape first, then shop, then SKUs. */
export function readUploadedOrder(raw: unknown, tenant: Tenant): UploadedOrder | Refusal {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return invalid('order');
  const order = raw as Raw;
  const shopId = order.shop_id;
  if (typeof shopId !== 'number' || !Number.isInteger(shopId)) return invalid('shop_id');
  const soId = text(order, 'so_id', true, 64);
  const orderDate = text(order, 'order_date', true, 19);
  const shopStatus = text(order, 'shop_status', true, 40);
  const receiverName = text(order, 'receiver_name', false);
  const payAmount = amount(order, 'pay_amount', false);
  const freight = amount(order, 'freight', false);
  for (const value of [soId, orderDate, shopStatus, receiverName, payAmount, freight])
    if (isRefusal(value)) return value;
  if (parseErpTime(orderDate as string) === null) return invalid('order_date');
  if (!SHOP_STATUSES.includes(shopStatus as ShopStatus)) return invalid('shop_status');
  if (!Array.isArray(order.items) || order.items.length === 0 || order.items.length > 200)
    return invalid('items');
  const lines: OrderLine[] = [];
  for (const [index, rawLine] of order.items.entries()) {
    const line = readLine(rawLine, index);
    if (isRefusal(line)) return line;
    lines.push(line);
  }
  if (!tenant.shops.some((shop) => shop.shopId === shopId))
    return { rejectCode: 'unknown_shop', msg: `店铺[${shopId}]不存在` };
  const unknownSku = lines.find((line) => !tenant.skus.has(line.skuId));
  if (unknownSku) return { rejectCode: 'unknown_sku', msg: `商品编码[${unknownSku.skuId}]不存在` };
  return {
    shopId,
    soId: soId as string,
    orderDate: orderDate as string,
    shopStatus: shopStatus as ShopStatus,
    payAmount: payAmount as number,
    freight: freight as number,
    receiverName: receiverName as string,
    lines,
  };
}

export { isRefusal };
