import { newId } from '@tongdao/kernel';
import { TestApp, startTestApp } from '@tongdao/testing';
import { TestMerchant, count, newMerchant, staffToken } from './catalog-support';

describe.each(['mysql', 'sqlite'] as const)('catalog admin API on %s', (database) => {
  let t: TestApp;
  let a: TestMerchant;
  let b: TestMerchant;

  beforeAll(async () => {
    t = await startTestApp({ database });
    a = await newMerchant(t);
    b = await newMerchant(t);
  });
  afterAll(async () => t.close());

  const post = (m: TestMerchant | string, path: string, body: object) =>
    t.http
      .post(path)
      .set('Authorization', typeof m === 'string' ? m : m.token)
      .send(body);
  const patch = (m: TestMerchant, path: string, body: object) =>
    t.http.patch(path).set('Authorization', m.token).send(body);
  const get = (m: TestMerchant | string, path: string) =>
    t.http.get(path).set('Authorization', typeof m === 'string' ? m : m.token);

  async function product(m: TestMerchant, title = 'Cotton tee'): Promise<string> {
    return (await post(m, '/admin/v1/products', { title }).expect(201)).body.id;
  }

  it('creates, reads, lists and updates products and SKUs', async () => {
    const productId = await product(a, '纯棉T恤 2025');
    const sku = await post(a, `/admin/v1/products/${productId}/skus`, {
      code: 'TEE-RED-L',
      priceFen: 12800,
      attributes: { colour: '红', size: 'L' },
      barcode: '6901234567892',
      weightGrams: 220,
    }).expect(201);
    expect(sku.body).toMatchObject({ productId, code: 'TEE-RED-L', priceFen: 12800, status: 'active' });

    expect((await get(a, `/admin/v1/skus/${sku.body.id}`).expect(200)).body.attributes).toEqual({
      colour: '红',
      size: 'L',
    });
    const updated = await patch(a, `/admin/v1/skus/${sku.body.id}`, { priceFen: 9900, barcode: null }).expect(
      200,
    );
    expect(updated.body).toMatchObject({ priceFen: 9900, barcode: null });
    await patch(a, `/admin/v1/products/${productId}`, { title: '纯棉T恤 2026', description: 'soft' }).expect(
      200,
    );
    expect((await get(a, `/admin/v1/products/${productId}`).expect(200)).body).toMatchObject({
      title: '纯棉T恤 2026',
      description: 'soft',
    });

    const byTitle = await get(a, `/admin/v1/products?titleContains=${encodeURIComponent('T恤 2026')}`).expect(
      200,
    );
    expect(byTitle.body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
    const byPrefix = await get(a, '/admin/v1/skus?codePrefix=TEE-RED').expect(200);
    expect(byPrefix.body.items.map((s: { id: string }) => s.id)).toEqual([sku.body.id]);
    const bySkuTitle = await get(a, `/admin/v1/skus?titleContains=${encodeURIComponent('2026')}`).expect(200);
    expect(bySkuTitle.body.items).toHaveLength(1);
    expect((await get(a, '/admin/v1/skus?codePrefix=TEE%25').expect(200)).body.items).toHaveLength(0);

    // Every mutation left an audit row; every SKU change left an event.
    expect(
      await count(t, `SELECT COUNT(*) n FROM audit_log WHERE merchant_id = ? AND action LIKE 'catalog.%'`, [
        a.merchantId,
      ]),
    ).toBe(4);
    expect(
      await count(
        t,
        `SELECT COUNT(*) n FROM outbox_events WHERE aggregate_id = ? AND type IN ('catalog.sku_created','catalog.sku_updated')`,
        [sku.body.id],
      ),
    ).toBe(2);
  });

  it('pages with a keyset cursor', async () => {
    const m = await newMerchant(t);
    for (let i = 0; i < 5; i += 1) await product(m, `p${i}`);
    const first = await get(m, '/admin/v1/products?limit=3').expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await get(m, `/admin/v1/products?limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((p: { title: string }) => p.title)).toEqual(['p1', 'p0']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('keeps SKU codes unique per merchant but not across merchants', async () => {
    const pa = await product(a);
    const pb = await product(b);
    await post(a, `/admin/v1/products/${pa}/skus`, { code: 'SHARED-1', priceFen: 100 }).expect(201);
    const dup = await post(a, `/admin/v1/products/${pa}/skus`, { code: 'SHARED-1', priceFen: 200 }).expect(
      409,
    );
    expect(dup.body).toMatchObject({ code: 'sku_code_taken', details: [{ field: 'code' }] });
    await post(b, `/admin/v1/products/${pb}/skus`, { code: 'SHARED-1', priceFen: 300 }).expect(201);
    // Codes compare exactly, on both engines.
    await post(a, `/admin/v1/products/${pa}/skus`, { code: 'shared-1', priceFen: 100 }).expect(201);
    const other = await post(a, `/admin/v1/products/${pa}/skus`, { code: 'SHARED-2', priceFen: 100 }).expect(
      201,
    );
    await patch(a, `/admin/v1/skus/${other.body.id}`, { code: 'SHARED-1' }).expect(409);
  });

  it("answers 404 for another merchant's product, SKU and listing, and changes nothing", async () => {
    const pa = await product(a, 'A only');
    const sku = (
      await post(a, `/admin/v1/products/${pa}/skus`, { code: 'A-ONLY', priceFen: 500 }).expect(201)
    ).body;
    const account = (
      await post(a, '/admin/v1/channel-accounts', { type: 'taobao', shopId: a.shopId, name: 'A 店' }).expect(
        201,
      )
    ).body;
    const listing = (
      await post(a, `/admin/v1/channel-accounts/${account.id}/listings`, {
        items: [{ channelItemId: '1001' }],
      }).expect(200)
    ).body.items[0];

    await get(b, `/admin/v1/products/${pa}`).expect(404);
    await patch(b, `/admin/v1/products/${pa}`, { title: 'stolen' }).expect(404);
    await post(b, `/admin/v1/products/${pa}/skus`, { code: 'B-IN-A', priceFen: 1 }).expect(404);
    await get(b, `/admin/v1/skus/${sku.id}`).expect(404);
    await patch(b, `/admin/v1/skus/${sku.id}`, { priceFen: 1 }).expect(404);
    await get(b, `/admin/v1/listings/${listing.id}`).expect(404);
    await post(b, `/admin/v1/listings/${listing.id}/unmap`, {}).expect(404);
    await get(b, `/admin/v1/channel-accounts/${account.id}`).expect(404);
    await post(b, `/admin/v1/channel-accounts/${account.id}/listings`, {
      items: [{ channelItemId: '1' }],
    }).expect(404);
    // Mapping A's listing to B's SKU, or B's listing to A's SKU: not found either way.
    const pb = await product(b);
    const skuB = (await post(b, `/admin/v1/products/${pb}/skus`, { code: 'B-1', priceFen: 1 }).expect(201))
      .body;
    await post(a, `/admin/v1/listings/${listing.id}/map`, { skuId: skuB.id }).expect(404);
    expect((await get(b, '/admin/v1/skus?codePrefix=A-ONLY').expect(200)).body.items).toHaveLength(0);

    expect((await get(a, `/admin/v1/products/${pa}`).expect(200)).body.title).toBe('A only');
    expect((await get(a, `/admin/v1/skus/${sku.id}`).expect(200)).body.priceFen).toBe(500);
    expect((await get(a, `/admin/v1/listings/${listing.id}`).expect(200)).body.skuId).toBeNull();
  });

  it('refuses garbage with 400 and changes nothing', async () => {
    const m = await newMerchant(t);
    const pid = await product(m, 'garbage test');
    const skuPath = `/admin/v1/products/${pid}/skus`;
    const bad: object[] = [
      { code: 'X1', priceFen: -1 },
      { code: 'X1', priceFen: 1.5 },
      { code: 'X1', priceFen: '100' },
      { code: 'X1', priceFen: 100, colour: 'red' },
      { code: 12, priceFen: 100 },
      { code: 'has space', priceFen: 100 },
      { code: '', priceFen: 100 },
      { priceFen: 100 },
      { code: 'X1', priceFen: 100, attributes: { colour: 5 } },
      { code: 'X1', priceFen: 100, attributes: ['红'] },
      { code: 'X1', priceFen: 100, weightGrams: -3 },
      { code: 'X1', priceFen: 100, barcode: 'not a barcode!' },
    ];
    for (const body of bad) {
      const res = await post(m, skuPath, body);
      expect([res.status, body]).toEqual([400, body]);
      expect(res.body.code).toMatch(/validation_failed/);
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    await post(m, '/admin/v1/products', { title: '' }).expect(400);
    await post(m, '/admin/v1/products', { title: 'ok', unknown: 1 }).expect(400);
    await post(m, '/admin/v1/products', { title: 'ok', attributeDefs: [{ name: 'c' }] }).expect(400);
    await patch(m, `/admin/v1/products/${pid}`, { title: null }).expect(400);
    await patch(m, `/admin/v1/products/${pid}`, { status: 'deleted' }).expect(400);
    const sku = (await post(m, skuPath, { code: 'GOOD-1', priceFen: 100 }).expect(201)).body;
    await patch(m, `/admin/v1/skus/${sku.id}`, { priceFen: 2.5 }).expect(400);
    await patch(m, `/admin/v1/skus/${sku.id}`, { priceFen: null }).expect(400);
    await patch(m, `/admin/v1/skus/${sku.id}`, { id: newId() }).expect(400);
    await get(m, '/admin/v1/skus?limit=1000').expect(400);
    await get(m, '/admin/v1/listings?state=lost').expect(400);

    expect(await count(t, 'SELECT COUNT(*) n FROM catalog_skus WHERE merchant_id = ?', [m.merchantId])).toBe(
      1,
    );
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_products WHERE merchant_id = ?', [m.merchantId]),
    ).toBe(1);
    expect((await get(m, `/admin/v1/skus/${sku.id}`).expect(200)).body.priceFen).toBe(100);
    expect((await get(m, `/admin/v1/products/${pid}`).expect(200)).body.title).toBe('garbage test');
  });

  it('enforces attribute definitions and archived products', async () => {
    const m = await newMerchant(t);
    const pid = (
      await post(m, '/admin/v1/products', {
        title: 'defs',
        attributeDefs: [{ name: 'size', values: ['S', 'M'] }],
      }).expect(201)
    ).body.id;
    await post(m, `/admin/v1/products/${pid}/skus`, {
      code: 'D-S',
      priceFen: 1,
      attributes: { size: 'S' },
    }).expect(201);
    await post(m, `/admin/v1/products/${pid}/skus`, {
      code: 'D-XL',
      priceFen: 1,
      attributes: { size: 'XL' },
    }).expect(400);
    await post(m, `/admin/v1/products/${pid}/skus`, {
      code: 'D-C',
      priceFen: 1,
      attributes: { colour: 'red' },
    }).expect(400);
    await patch(m, `/admin/v1/products/${pid}`, { status: 'archived' }).expect(200);
    const res = await post(m, `/admin/v1/products/${pid}/skus`, {
      code: 'D-M',
      priceFen: 1,
      attributes: { size: 'M' },
    }).expect(409);
    expect(res.body.code).toBe('product_archived');
  });

  it('checks permissions: catalog.read reads, catalog.manage writes, channel.manage for accounts', async () => {
    const m = await newMerchant(t);
    const warehouse = await staffToken(t, m, 'warehouse'); // catalog.read, no catalog.manage
    const finance = await staffToken(t, m, 'finance'); // no catalog permission at all
    await get(warehouse, '/admin/v1/products').expect(200);
    await get(warehouse, '/admin/v1/channel-accounts').expect(200);
    const refused = await post(warehouse, '/admin/v1/products', { title: 'nope' }).expect(403);
    expect(refused.body.code).toBe('missing_permission');
    await post(warehouse, '/admin/v1/channel-accounts', {
      type: 'wechat',
      shopId: m.shopId,
      name: 'x',
    }).expect(403);
    await t.http
      .post('/admin/v1/catalog/imports')
      .set('Authorization', warehouse)
      .set('Content-Type', 'text/csv')
      .send('a')
      .expect(403);
    await get(finance, '/admin/v1/skus').expect(403);
    await get(finance, '/admin/v1/listings').expect(403);
    await t.http.get('/admin/v1/products').expect(401);
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_products WHERE merchant_id = ?', [m.merchantId]),
    ).toBe(0);
  });

  it('creates and lists channel accounts', async () => {
    const m = await newMerchant(t);
    const shopId = m.shopId;
    const created = await post(m, '/admin/v1/channel-accounts', {
      type: 'weibo',
      shopId,
      name: '微博小店',
    }).expect(201);
    expect(created.body).toMatchObject({
      type: 'weibo',
      shopId,
      name: '微博小店',
      status: 'active',
      externalId: null,
      settings: {},
    });
    await post(m, '/admin/v1/channel-accounts', { type: 'douyin', shopId, name: 'x' }).expect(400);
    await post(m, '/admin/v1/channel-accounts', { type: 'taobao', shopId, name: 'x', secret: 'y' }).expect(
      400,
    );
    const unknownShop = await post(m, '/admin/v1/channel-accounts', {
      type: 'taobao',
      shopId: newId(),
      name: 'x',
    }).expect(400);
    expect(unknownShop.body.details[0].field).toBe('shopId');
    // Another merchant's shop is not a shop of this merchant.
    await post(m, '/admin/v1/channel-accounts', { type: 'taobao', shopId: a.shopId, name: 'x' }).expect(400);
    const list = await get(m, '/admin/v1/channel-accounts?type=weibo').expect(200);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
    expect(
      await count(
        t,
        `SELECT COUNT(*) n FROM audit_log WHERE merchant_id = ? AND action = 'channel_account.create'`,
        [m.merchantId],
      ),
    ).toBe(1);
  });
});
