import { fenToYuan } from '@tongdao/kernel';
import { OrderView } from '../views';

/** Excel reads a UTF-8 file as the local code page (GBK in China) unless it starts with a BOM. */
export const UTF8_BOM = '\uFEFF';

/**
 * One row per order (the lines are summarised in `items`): the desk works orders, and one row per order
 * keeps row counts, progress and money totals meaning the same thing as the list. Money columns say their
 * unit in the name; times are ISO-8601 UTC.
 */
export const EXPORT_COLUMNS = [
  'order_id',
  'external_order_id',
  'channel_type',
  'channel_account_id',
  'shop_id',
  'status',
  'channel_status',
  'placed_at_utc',
  'paid_at_utc',
  'buyer_name',
  'receiver_name',
  'receiver_phone',
  'receiver_province',
  'receiver_city',
  'receiver_district',
  'receiver_address',
  'receiver_postcode',
  'line_count',
  'quantity_total',
  'items',
  'items_yuan',
  'shipping_yuan',
  'discount_yuan',
  'paid_yuan',
  'refunded_yuan',
  'payment_method',
  'buyer_message',
  'seller_memo',
  'seller_flag',
  'tags',
  'assigned_staff_id',
  'pii_masked',
  'updated_at_utc',
] as const;

/** Characters that make a spreadsheet treat a cell as a formula (or, for tab/CR, smuggle one in). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A CSV cell that is safe to open in Excel/WPS: a value starting like a formula gets a leading apostrophe
 * (shown as text, not evaluated), then RFC 4180 quoting when needed.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Array<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function csvHeader(): string {
  return UTF8_BOM + csvLine([...EXPORT_COLUMNS]);
}

/** The order as the viewer sees it (already masked where the tier says so) as one CSV line. */
export function orderCsvLine(view: OrderView): string {
  const lines = view.lines ?? [];
  const r = view.receiver;
  return csvLine([
    view.id,
    view.externalOrderId,
    view.channelType,
    view.channelAccountId,
    view.shopId,
    view.status,
    view.channelStatus,
    view.placedAt,
    view.payment?.paidAt ? new Date(view.payment.paidAt).toISOString() : null,
    view.buyerName,
    r.name,
    r.phone,
    r.province,
    r.city,
    r.district,
    r.address,
    r.postcode,
    lines.length,
    lines.reduce((sum, l) => sum + l.quantity, 0),
    lines.map((l) => `${l.title} ×${l.quantity}${l.outerId ? ` [${l.outerId}]` : ''}`).join(' | '),
    fenToYuan(view.itemsFen),
    fenToYuan(view.shippingFen),
    fenToYuan(view.discountFen),
    fenToYuan(view.paidFen),
    fenToYuan(view.refundedFen),
    view.payment?.method ?? null,
    view.buyerMessage,
    view.sellerMemo,
    view.sellerFlag,
    view.tags.join(';'),
    view.assignedStaffId,
    view.piiMasked,
    view.updatedAt,
  ]);
}
