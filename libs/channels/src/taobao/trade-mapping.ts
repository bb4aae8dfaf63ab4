import { ValidationFailedError, parseChinaLocalTime, yuanToFen } from '@tongdao/kernel';
import type { ChannelOrder, ChannelOrderLine, OrderStatus } from '@tongdao/orders';
import { isObject } from './top-client';

/** Taobao Trade.status → ours (PROTOCOLS §3.7). The raw status is kept in channelStatus. */
export const TAOBAO_STATUS: Readonly<Record<string, OrderStatus>> = {
  TRADE_NO_CREATE_PAY: 'pending_payment',
  WAIT_BUYER_PAY: 'pending_payment',
  PAY_PENDING: 'pending_payment',
  WAIT_PRE_AUTH_CONFIRM: 'pending_payment',
  WAIT_SELLER_SEND_GOODS: 'paid',
  PAID_FORBID_CONSIGN: 'paid',
  SELLER_CONSIGNED_PART: 'partially_shipped',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'delivered',
  TRADE_FINISHED: 'completed',
  // Closed after payment (refunded in full) vs. closed before payment (never paid, never ship).
  TRADE_CLOSED: 'closed',
  TRADE_CLOSED_BY_TAOBAO: 'cancelled',
};

/** Line statuses whose units have left the warehouse. */
const SHIPPED_LINE = new Set(['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED']);

type Raw = Record<string, unknown>;

/**
 * A TOP Trade (JSON, as trade.fullinfo.get or increment.get return it) in the shape ingestion takes: yuan
 * strings to fen exactly, GMT+8 times to UTC, lines by oid with the seller's outer ids for SKU mapping.
 * Throws a ValidationFailedError naming the field when Taobao sent something we cannot read.
 */
export function tradeToChannelOrder(trade: Raw): ChannelOrder {
  const tid = text(trade, 'tid');
  const status = text(trade, 'status');
  const ours = TAOBAO_STATUS[status];
  if (!ours) throw bad('status', `unknown Taobao trade status ${status}`);
  const lines = listOf(trade.orders, 'order').map((o, i) => lineOf(o, i));
  if (lines.length === 0) throw bad('orders', 'a trade with no orders');
  const itemsFen = money(trade, 'total_fee') ?? lines.reduce((sum, l) => sum + l.totalFen, 0);
  const buyerOpenUid = optional(trade, 'buyer_open_uid');
  const buyerNick = optional(trade, 'buyer_nick');
  const payTime = optional(trade, 'pay_time');
  return {
    externalOrderId: tid,
    version: time(trade, 'modified'),
    status: ours,
    channelStatus: status,
    placedAt: time(trade, 'created'),
    buyer: {
      name: buyerNick,
      identities: [
        ...(buyerOpenUid ? [{ kind: 'taobao_open_id' as const, value: buyerOpenUid }] : []),
        ...(buyerNick && !buyerOpenUid ? [{ kind: 'taobao_nick' as const, value: buyerNick }] : []),
      ],
    },
    receiver: {
      name: optional(trade, 'receiver_name'),
      phone: optional(trade, 'receiver_mobile') ?? optional(trade, 'receiver_phone'),
      province: optional(trade, 'receiver_state'),
      city: optional(trade, 'receiver_city'),
      district: optional(trade, 'receiver_district'),
      address: optional(trade, 'receiver_address'),
      postcode: optional(trade, 'receiver_zip'),
    },
    lines,
    amounts: {
      itemsFen,
      shippingFen: money(trade, 'post_fee') ?? 0,
      discountFen: money(trade, 'discount_fee') ?? 0,
      paidFen: money(trade, 'payment') ?? 0,
    },
    payment: payTime
      ? {
          method: 'alipay',
          paidAt: parseTime('pay_time', payTime),
          transactionId: optional(trade, 'alipay_no'),
        }
      : null,
    buyerMessage: optional(trade, 'buyer_message'),
  };
}

function lineOf(order: Raw, index: number): ChannelOrderLine {
  const at = (name: string) => `orders[${index}].${name}`;
  const quantity = Number(order.num);
  if (!Number.isSafeInteger(quantity) || quantity < 1) throw bad(at('num'), 'a positive whole number');
  const unitPriceFen = money(order, 'price', at('price')) ?? 0;
  const status = optional(order, 'status');
  return {
    externalLineId: text(order, 'oid', at('oid')),
    channelItemId: text(order, 'num_iid', at('num_iid')),
    channelSkuId: optional(order, 'sku_id'),
    outerId: optional(order, 'outer_sku_id') ?? optional(order, 'outer_iid'),
    title: (optional(order, 'title') ?? '').slice(0, 200) || `item ${String(order.num_iid)}`,
    quantity,
    unitPriceFen,
    totalFen: money(order, 'total_fee', at('total_fee')) ?? unitPriceFen * quantity,
    shippedQuantity:
      status && SHIPPED_LINE.has(status) ? quantity : optional(order, 'consign_time') ? quantity : 0,
  };
}

/** TOP wraps lists by element name (`{"order":[…]}`); with simplify=true they come flat. */
export function listOf(value: unknown, element: string): Raw[] {
  const list = isObject(value) ? value[element] : value;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw bad(element, 'a list');
  return list.filter(isObject);
}

function text(raw: Raw, name: string, field = name): string {
  const value = raw[name];
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '')
    throw bad(field, 'required');
  return String(value);
}

function optional(raw: Raw, name: string): string | null {
  const value = raw[name];
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

function money(raw: Raw, name: string, field = name): number | null {
  const value = optional(raw, name);
  if (value === null) return null;
  try {
    return yuanToFen(value);
  } catch {
    throw bad(field, `"${value}" is not an amount in yuan`);
  }
}

function time(raw: Raw, name: string): Date {
  return parseTime(name, text(raw, name));
}

function parseTime(field: string, value: string): Date {
  try {
    return parseChinaLocalTime(value);
  } catch {
    throw bad(field, `"${value}" is not yyyy-MM-dd HH:mm:ss`);
  }
}

function bad(field: string, problem: string): ValidationFailedError {
  return new ValidationFailedError('invalid_taobao_trade', 'Taobao sent a trade we cannot read', [
    { field, problem },
  ]);
}
