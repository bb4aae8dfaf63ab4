import { performance } from 'node:perf_hooks';
import { TestApp, startTestApp } from '@tongdao/testing';
import { TestMerchant, count, csv, importUntilDone, newMerchant, uploadCsv } from './catalog-support';

const HEADER = 'product_title,sku_code,price_yuan,barcode,weight_grams,attributes';

describe('catalog CSV import on MariaDB + Redis (Bull job)', () => {
  let t: TestApp;
  let m: TestMerchant;

  beforeAll(async () => {
    t = await startTestApp();
    m = await newMerchant(t);
  });
  afterAll(async () => t.close());

  const skuByCode = async (merchant: TestMerchant, code: string) =>
    (
      await t.http
        .get(`/admin/v1/skus?codePrefix=${encodeURIComponent(code)}`)
        .set('Authorization', merchant.token)
        .expect(200)
    ).body.items.find((s: { code: string }) => s.code === code);

  it('lands the good rows and reports each bad row with its row number and field', async () => {
    const file = csv([
      HEADER,
      '纯棉T恤,TEE-R-L,128.00,6901234567892,220,colour=红;size=L', // row 2 good
      '纯棉T恤,TEE-R-M,128.5,,,colour=红;size=M', // row 3 good
      '纯棉T恤,TEE-BAD-PRICE,12.345,,,', // row 4: price
      ',TEE-NO-TITLE,10,,,', // row 5: title
      '"Jeans, slim",JEANS-32,"299",,abc,waist=32', // row 6: weight
      'Jeans,JEANS-NEG,-1.00,,,', // row 7: negative price
      'Jeans,JEANS-ATTR,99,,,waist', // row 8: attributes
      'Jeans,JEANS-ATTR2,99,,,"waist=32;waist=33"', // row 9: attributes twice
      '"Jeans, slim",JEANS-30,199.00,,800,waist=30', // row 10 good
      'Socks,SOCK 1,5,,,', // row 11: code has a space
      'Socks,SOCK-1,5,,,,extra', // row 12: too many cells
      'Socks,SOCK-2,abc,xx!,,', // row 13: price and barcode
      '纯棉T恤,TEE-R-L,118.00,,,', // row 14: same code again → update of row 2
    ]);
    const res = await uploadCsv(t, m.token, file).expect(202);
    expect(res.body).toEqual({ importId: expect.any(String), totalRows: 13 });

    const done = await importUntilDone(t, m.token, res.body.importId);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 13,
      processedRows: 13,
      createdCount: 3,
      updatedCount: 1,
      errorCount: 9,
    });
    const fieldsByRow = new Map<number, string[]>();
    for (const e of done.errors) fieldsByRow.set(e.row, [...(fieldsByRow.get(e.row) ?? []), e.field]);
    expect(Object.fromEntries(fieldsByRow)).toEqual({
      4: ['price_yuan'],
      5: ['product_title'],
      6: ['weight_grams'],
      7: ['price_yuan'],
      8: ['attributes'],
      9: ['attributes'],
      11: ['sku_code'],
      12: ['(row)'],
      13: ['price_yuan', 'barcode'],
    });
    for (const e of done.errors) expect(e.problem).toEqual(expect.any(String));

    expect(await skuByCode(m, 'TEE-R-L')).toMatchObject({
      priceFen: 11800,
      attributes: { colour: '红', size: 'L' },
      barcode: '6901234567892',
      weightGrams: 220,
    });
    expect(await skuByCode(m, 'TEE-R-M')).toMatchObject({
      priceFen: 12850,
      attributes: { colour: '红', size: 'M' },
      barcode: null,
    });
    const jeans = await skuByCode(m, 'JEANS-30');
    expect(jeans).toMatchObject({ priceFen: 19900, weightGrams: 800 });
    const product = await t.http
      .get(`/admin/v1/products/${jeans.productId}`)
      .set('Authorization', m.token)
      .expect(200);
    expect(product.body.title).toBe('Jeans, slim');
    // One product per title: both tees share one.
    expect((await skuByCode(m, 'TEE-R-M')).productId).toBe((await skuByCode(m, 'TEE-R-L')).productId);
    expect(await count(t, 'SELECT COUNT(*) n FROM catalog_skus WHERE merchant_id = ?', [m.merchantId])).toBe(
      3,
    );
    expect(
      await count(
        t,
        `SELECT COUNT(*) n FROM outbox_events WHERE merchant_id = ? AND type = 'catalog.sku_created'`,
        [m.merchantId],
      ),
    ).toBe(3);
    expect(
      await count(
        t,
        `SELECT COUNT(*) n FROM audit_log WHERE merchant_id = ? AND action LIKE 'catalog.import.%'`,
        [m.merchantId],
      ),
    ).toBe(2);
  });

  it('upserts by code on a second import and counts unchanged rows', async () => {
    const other = await newMerchant(t);
    const first = await uploadCsv(
      t,
      other.token,
      csv([HEADER, 'Mug,MUG-1,20.00,,,', 'Mug,MUG-2,25.00,,,']),
    ).expect(202);
    expect((await importUntilDone(t, other.token, first.body.importId)).createdCount).toBe(2);
    const second = await uploadCsv(
      t,
      other.token,
      csv(['sku_code,price_yuan,product_title', 'MUG-1,20.00,Mug', 'MUG-2,30,Mug', 'MUG-3,1,Mug']),
    ).expect(202);
    expect(await importUntilDone(t, other.token, second.body.importId)).toMatchObject({
      createdCount: 1,
      updatedCount: 1,
      unchangedCount: 1,
      errorCount: 0,
    });
    expect((await skuByCode(other, 'MUG-2')).priceFen).toBe(3000);
    // Imports never touch another merchant's SKUs.
    expect(await skuByCode(m, 'MUG-1')).toBeUndefined();
  });

  it('refuses unusable files with 4xx before queuing anything', async () => {
    const before = await count(t, 'SELECT COUNT(*) n FROM catalog_imports WHERE merchant_id = ?', [
      m.merchantId,
    ]);
    const missing = await uploadCsv(t, m.token, csv(['product_title,price_yuan', 'x,1'])).expect(400);
    expect(missing.body).toMatchObject({
      code: 'invalid_csv_header',
      details: [{ field: 'header.sku_code' }],
    });
    const unknown = await uploadCsv(t, m.token, csv([`${HEADER},colour`, 'x,y,1,,,,red'])).expect(400);
    expect(unknown.body.details[0].field).toBe('header.colour');
    expect((await uploadCsv(t, m.token, '').expect(400)).body.code).toBe('empty_file');
    expect((await uploadCsv(t, m.token, csv([HEADER])).expect(400)).body.code).toBe('empty_file');
    expect((await uploadCsv(t, m.token, csv([HEADER, 'a,"b,1,,,'])).expect(400)).body.code).toBe(
      'invalid_csv',
    );
    await t.http
      .post('/admin/v1/catalog/imports')
      .set('Authorization', m.token)
      .send({ csv: HEADER })
      .expect(415);
    await t.http
      .get('/admin/v1/catalog/imports/01ARZ3NDEKTSV4RRFFQ69G5FAV')
      .set('Authorization', m.token)
      .expect(404);
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_imports WHERE merchant_id = ?', [m.merchantId]),
    ).toBe(before);
  });

  it("hides another merchant's import", async () => {
    const other = await newMerchant(t);
    const res = await uploadCsv(t, m.token, csv([HEADER, 'Cap,CAP-1,9.90,,,'])).expect(202);
    await t.http
      .get(`/admin/v1/catalog/imports/${res.body.importId}`)
      .set('Authorization', other.token)
      .expect(404);
    await importUntilDone(t, m.token, res.body.importId);
  });

  it('imports 20,000 rows, reporting progress as it goes', async () => {
    const big = await newMerchant(t);
    const lines = [HEADER];
    for (let i = 0; i < 20000; i += 1) {
      const bad = i % 1000 === 999; // 20 bad rows
      lines.push(
        `Product ${Math.floor(i / 4)},BULK-${i},${bad ? 'x' : `${(i % 500) + 1}.${String(i % 100).padStart(2, '0')}`},,${i % 900},size=${i % 4}`,
      );
    }
    const started = performance.now();
    const res = await uploadCsv(t, big.token, csv(lines)).expect(202);
    const accepted = performance.now();
    const seen: Array<{ status: string; processedRows: number }> = [];
    const done = await importUntilDone(t, big.token, res.body.importId, 120000, (s) => seen.push(s));
    const finished = performance.now();
    // Progress moved in steps the poller could watch, and never backwards.
    const running = seen.filter(
      (s) => s.status === 'running' && s.processedRows > 0 && s.processedRows < 20000,
    );
    expect(running.length).toBeGreaterThan(0);
    const rows = seen.map((s) => s.processedRows);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 20000,
      processedRows: 20000,
      createdCount: 19980,
      errorCount: 20,
    });
    expect(done.errors).toHaveLength(20);
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_skus WHERE merchant_id = ?', [big.merchantId]),
    ).toBe(19980);
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_products WHERE merchant_id = ?', [big.merchantId]),
    ).toBe(5000);
    console.log(
      `20,000-row import: upload accepted in ${Math.round(accepted - started)} ms, completed in ${Math.round(finished - started)} ms`,
    );
  }, 150000);
});

describe('catalog CSV import on the embedded default (SQLite, in-process jobs)', () => {
  it('runs the same job in-process', async () => {
    const t = await startTestApp({ database: 'sqlite' });
    try {
      const m = await newMerchant(t);
      const res = await uploadCsv(t, m.token, csv([HEADER, 'Tee,E-1,1.00,,,size=S', 'Tee,E-2,x,,,'])).expect(
        202,
      );
      expect(await importUntilDone(t, m.token, res.body.importId)).toMatchObject({
        status: 'completed',
        createdCount: 1,
        errorCount: 1,
        errors: [{ row: 3, field: 'price_yuan' }],
      });
    } finally {
      await t.close();
    }
  });
});
