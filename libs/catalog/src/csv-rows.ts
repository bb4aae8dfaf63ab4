import { DomainError, ErrorDetail, ValidationFailedError, yuanToFen } from '@tongdao/kernel';
import { parseAttributeText } from './attributes';
import { Attributes } from './entities';
import { skuCodeProblem, barcodeProblem } from './rules';

/** The import file's columns; the first three are required, the order is free. */
export const IMPORT_COLUMNS = [
  'product_title',
  'sku_code',
  'price_yuan',
  'barcode',
  'weight_grams',
  'attributes',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: ImportColumn[] = ['product_title', 'sku_code', 'price_yuan'];

export type ImportHeader = Partial<Record<ImportColumn, number>>;

/** Reads the header record; a bad header is the one thing that rejects the whole file (400, before queuing). */
export function readImportHeader(record: string[]): ImportHeader {
  const header: ImportHeader = {};
  const details: ErrorDetail[] = [];
  record.forEach((raw, position) => {
    const name = raw.trim().toLowerCase();
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      details.push({
        field: `header.${raw}`,
        problem: `unknown column; expected ${IMPORT_COLUMNS.join(', ')}`,
      });
    } else if (header[name as ImportColumn] !== undefined) {
      details.push({ field: `header.${name}`, problem: 'column appears twice' });
    } else {
      header[name as ImportColumn] = position;
    }
  });
  for (const required of REQUIRED) {
    if (header[required] === undefined)
      details.push({ field: `header.${required}`, problem: 'required column missing' });
  }
  if (details.length > 0)
    throw new ValidationFailedError('invalid_csv_header', 'The CSV header is not usable', details);
  return header;
}

export interface ImportRow {
  row: number;
  productTitle: string;
  code: string;
  priceFen: number;
  /** null: the cell was blank — a new SKU gets none, an existing SKU keeps what it has. */
  barcode: string | null;
  weightGrams: number | null;
  attributes: Attributes | null;
}

export type ParsedRow = { ok: true; value: ImportRow } | { ok: false; row: number; errors: ErrorDetail[] };

/** One data record → an upsertable row, or every problem with it (a row is reported whole, not first-error). */
export function parseImportRecord(header: ImportHeader, record: string[], row: number): ParsedRow {
  const cell = (column: ImportColumn): string => {
    const at = header[column];
    return at === undefined ? '' : (record[at] ?? '').trim();
  };
  const errors: ErrorDetail[] = [];
  const width = Object.keys(header).length;
  if (record.length > width) {
    errors.push({
      field: '(row)',
      problem: `has ${record.length} cells but the header has ${width} columns`,
    });
  }

  const productTitle = cell('product_title');
  if (!productTitle) errors.push({ field: 'product_title', problem: 'required' });
  else if (productTitle.length > 200)
    errors.push({ field: 'product_title', problem: 'at most 200 characters' });

  const code = cell('sku_code');
  const codeProblem = skuCodeProblem(code);
  if (codeProblem) errors.push({ field: 'sku_code', problem: codeProblem });

  let priceFen = 0;
  const price = cell('price_yuan');
  if (!price) errors.push({ field: 'price_yuan', problem: 'required' });
  else {
    try {
      priceFen = yuanToFen(price);
      if (priceFen < 0) errors.push({ field: 'price_yuan', problem: 'must not be negative' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push({ field: 'price_yuan', problem: `"${price}" is not a yuan amount like 128.00` });
    }
  }

  const barcodeText = cell('barcode');
  const barcode = barcodeText === '' ? null : barcodeText;
  const barcodeIssue = barcode === null ? null : barcodeProblem(barcode);
  if (barcodeIssue) errors.push({ field: 'barcode', problem: barcodeIssue });

  const weightText = cell('weight_grams');
  let weightGrams: number | null = null;
  if (weightText !== '') {
    if (/^\d{1,9}$/.test(weightText)) weightGrams = Number(weightText);
    else errors.push({ field: 'weight_grams', problem: 'expected a whole number of grams' });
  }

  const parsedAttributes = parseAttributeText(cell('attributes'));
  if (!parsedAttributes.ok) errors.push({ field: 'attributes', problem: parsedAttributes.problem });

  if (errors.length > 0) return { ok: false, row, errors };
  return {
    ok: true,
    value: {
      row,
      productTitle,
      code,
      priceFen,
      barcode,
      weightGrams,
      attributes: parsedAttributes.ok && cell('attributes') !== '' ? parsedAttributes.attributes : null,
    },
  };
}
