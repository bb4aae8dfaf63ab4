import { ValidationFailedError } from '@tongdao/kernel';
import { parseImportRecord, readImportHeader } from './csv-rows';

const header = readImportHeader([
  'product_title',
  'sku_code',
  'price_yuan',
  'barcode',
  'weight_grams',
  'attributes',
]);

describe('CSV import rows', () => {
  it('reads a header in any order and case, and refuses unknown, missing or repeated columns', () => {
    expect(readImportHeader(['SKU_CODE', ' price_yuan ', 'product_title'])).toEqual({
      sku_code: 0,
      price_yuan: 1,
      product_title: 2,
    });
    expect(() => readImportHeader(['sku_code', 'price_yuan'])).toThrow(ValidationFailedError);
    expect(() => readImportHeader(['product_title', 'sku_code', 'price_yuan', 'colour'])).toThrow(/header/);
    expect(() => readImportHeader(['product_title', 'sku_code', 'price_yuan', 'sku_code'])).toThrow(
      ValidationFailedError,
    );
  });

  it('converts yuan to fen exactly', () => {
    const parsed = parseImportRecord(header, ['T恤', 'T-1', '128.10', '690123', '220', 'colour=红'], 2);
    expect(parsed).toEqual({
      ok: true,
      value: {
        row: 2,
        productTitle: 'T恤',
        code: 'T-1',
        priceFen: 12810,
        barcode: '690123',
        weightGrams: 220,
        attributes: { colour: '红' },
      },
    });
    // 0.29 * 100 is 28.999999999999996 in floating point; string arithmetic gives 29.
    expect(parseImportRecord(header, ['t', 'c', '0.29', '', '', ''], 3)).toMatchObject({
      ok: true,
      value: { priceFen: 29 },
    });
  });

  it('treats blank optional cells as not given', () => {
    expect(parseImportRecord(header, ['t', 'c', '1', '', '', ''], 2)).toMatchObject({
      ok: true,
      value: { barcode: null, weightGrams: null, attributes: null },
    });
    const short = readImportHeader(['product_title', 'sku_code', 'price_yuan']);
    expect(parseImportRecord(short, ['t', 'c', '1'], 2)).toMatchObject({ ok: true });
  });

  it('reports every bad field of a row with the row number', () => {
    const parsed = parseImportRecord(header, ['', 'bad code', '-1.00', 'x y', '1.5', 'colour'], 7);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.row).toBe(7);
    expect(parsed.errors.map((e) => e.field)).toEqual([
      'product_title',
      'sku_code',
      'price_yuan',
      'barcode',
      'weight_grams',
      'attributes',
    ]);
    expect(parseImportRecord(header, ['t', 'c', '12.345', '', '', ''], 2)).toMatchObject({
      ok: false,
      errors: [{ field: 'price_yuan' }],
    });
    expect(parseImportRecord(header, ['t', 'c', '1', '', '', '', 'extra'], 2)).toMatchObject({
      ok: false,
      errors: [{ field: '(row)' }],
    });
  });
});
