import { CsvError, parse } from 'csv-parse/sync';
import { ErrorDetail, ValidationFailedError } from '@tongdao/kernel';

/** One parcel per row, each its own transaction: this bounds a file to a few minutes of work. */
export const MAX_SHIPMENT_ROWS = 5000;

export const SHIPMENT_COLUMNS = [
  'order_id',
  'external_order_id',
  'carrier_code',
  'tracking_no',
  'line_id',
  'quantity',
] as const;
type Column = (typeof SHIPMENT_COLUMNS)[number];

export type ShipmentHeader = Partial<Record<Column, number>>;

export interface ShipmentCsvRecord {
  /** Record number, the header being 1 (blank lines are skipped and not counted). */
  row: number;
  cells: string[];
}

export interface ShipmentRowInput {
  row: number;
  orderId: string | null;
  externalOrderId: string | null;
  carrierCode: string;
  trackingNo: string;
  line: { lineId: string; quantity: number } | null;
}

export type ParsedShipmentRow =
  { ok: true; value: ShipmentRowInput } | { ok: false; row: number; fields: ErrorDetail[] };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CARRIER = /^[A-Za-z0-9_]{2,32}$/;
const TRACKING = /^[A-Za-z0-9-]{4,64}$/;

/** Every record of the file; a file that is not CSV is refused as a whole. */
export function shipmentRecords(text: string): ShipmentCsvRecord[] {
  try {
    const parsed = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { records: number } }>;
    return parsed.map(({ record, info }) => ({ row: info.records, cells: record }));
  } catch (error) {
    if (error instanceof CsvError) {
      throw new ValidationFailedError('invalid_csv', 'The file is not valid CSV', [
        { field: '(file)', problem: error.message.slice(0, 200) },
      ]);
    }
    throw error;
  }
}

export function readShipmentHeader(cells: string[]): ShipmentHeader {
  const header: ShipmentHeader = {};
  const problems: ErrorDetail[] = [];
  cells.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!(SHIPMENT_COLUMNS as readonly string[]).includes(name))
      problems.push({ field: `column ${i + 1}`, problem: `unknown column "${raw.slice(0, 40)}"` });
    else if (header[name as Column] !== undefined) problems.push({ field: name, problem: 'appears twice' });
    else header[name as Column] = i;
  });
  for (const required of ['carrier_code', 'tracking_no'] as const)
    if (header[required] === undefined) problems.push({ field: required, problem: 'missing column' });
  if (header.order_id === undefined && header.external_order_id === undefined)
    problems.push({ field: 'order_id', problem: 'need an order_id or an external_order_id column' });
  if ((header.line_id === undefined) !== (header.quantity === undefined))
    problems.push({ field: 'line_id', problem: 'line_id and quantity come together' });
  if (problems.length > 0)
    throw new ValidationFailedError(
      'invalid_header',
      `The header must use the columns ${SHIPMENT_COLUMNS.join(', ')}`,
      problems,
    );
  return header;
}

/** Checks a whole upload before it is accepted: syntax, header, size. Rows are judged one by one later. */
export function inspectShipmentCsv(text: string): { totalRows: number } {
  const records = shipmentRecords(text);
  if (records.length === 0)
    throw new ValidationFailedError('empty_file', 'The file is empty', [
      { field: '(file)', problem: 'no header row' },
    ]);
  readShipmentHeader(records[0].cells);
  const totalRows = records.length - 1;
  if (totalRows === 0)
    throw new ValidationFailedError('empty_file', 'The file has no rows below its header', [
      { field: '(file)', problem: 'no data rows' },
    ]);
  if (totalRows > MAX_SHIPMENT_ROWS)
    throw new ValidationFailedError('too_many_rows', `At most ${MAX_SHIPMENT_ROWS} rows per file`, [
      { field: '(file)', problem: `${totalRows} rows` },
    ]);
  return { totalRows };
}

/** One row to a ship request, or the problems with its cells. When both ids are given, order_id wins. */
export function parseShipmentRow(header: ShipmentHeader, record: ShipmentCsvRecord): ParsedShipmentRow {
  const cell = (c: Column): string => (header[c] === undefined ? '' : (record.cells[header[c]] ?? '').trim());
  const problems: ErrorDetail[] = [];
  const orderId = cell('order_id') || null;
  const externalOrderId = cell('external_order_id') || null;
  if (!orderId && !externalOrderId)
    problems.push({ field: 'order_id', problem: 'give order_id or external_order_id' });
  if (orderId && !ULID.test(orderId)) problems.push({ field: 'order_id', problem: 'not an order id' });
  if (!orderId && externalOrderId && externalOrderId.length > 64)
    problems.push({ field: 'external_order_id', problem: 'at most 64 characters' });
  const carrierCode = cell('carrier_code');
  if (!CARRIER.test(carrierCode))
    problems.push({ field: 'carrier_code', problem: '2–32 letters, digits or _' });
  const trackingNo = cell('tracking_no');
  if (!TRACKING.test(trackingNo))
    problems.push({ field: 'tracking_no', problem: '4–64 letters, digits or -' });
  const lineId = cell('line_id');
  const quantityText = cell('quantity');
  let line: ShipmentRowInput['line'] = null;
  if (lineId || quantityText) {
    const quantity = Number(quantityText);
    if (!ULID.test(lineId)) problems.push({ field: 'line_id', problem: 'a line id of the order' });
    if (!/^\d{1,7}$/.test(quantityText) || quantity < 1)
      problems.push({ field: 'quantity', problem: 'a whole number of units, at least 1' });
    line = { lineId, quantity };
  }
  if (problems.length > 0) return { ok: false, row: record.row, fields: problems };
  return { ok: true, value: { row: record.row, orderId, externalOrderId, carrierCode, trackingNo, line } };
}
