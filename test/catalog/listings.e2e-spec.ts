import { ListingsService } from '@tongdao/catalog';
import { TestApp, startTestApp } from '@tongdao/testing';
import { TestMerchant, count, csv, importUntilDone, newMerchant, uploadCsv } from './catalog-support';

describe('channel listings: auto-match, map/unmap, lookups (MariaDB + Redis)', () => {
  let t: TestApp;
  let m: TestMerchant;
  let accountId: string;
  let productId: string;

  beforeAll(async () => {
    t = await startTestApp();
    m = await newMerchant(t);
    accountId = (
      await t.http
        .post('/admin/v1/channel-accounts')
        .set('Authorization', m.token)
        .send({ type: 'taobao', shopId: m.shopId, name: '淘宝店' })
        .expect(201)
    ).body.id;
    productId = (
      await t.http.post('/admin/v1/products').set('Authorization', m.token).send({ title: 'Tee' }).expect(201)
    ).body.id;
  });
  afterAll(async () => t.close());

  const upsert = (items: object[], account = accountId, token = m.token) =>
    t.http.post(`/admin/v1/channel-accounts/${account}/listings`).set('Authorization', token).send({ items });
  const createSku = async (code: string) =>
    (
      await t.http
        .post(`/admin/v1/products/${productId}/skus`)
        .set('Authorization', m.token)
        .send({ code, priceFen: 100 })
        .expect(201)
    ).body;
  const listing = async (id: string) =>
    (await t.http.get(`/admin/v1/listings/${id}`).set('Authorization', m.token).expect(200)).body;
  const events = (type: string, listingId: string) =>
    count(t, 'SELECT COUNT(*) n FROM outbox_events WHERE type = ? AND aggregate_id = ?', [type, listingId]);

  it('auto-matches a listing on outer id = SKU code when the listing arrives', async () => {
    const sku = await createSku('AM-1');
    const res = await upsert([
      { channelItemId: '5001', channelSkuId: '9001', outerId: 'AM-1', title: 'Tee red' },
      { channelItemId: '5001', channelSkuId: '9002', outerId: 'NOPE' },
      { channelItemId: '5002' },
    ]).expect(200);
    const [matched, unmatched, bare] = res.body.items;
    expect(matched).toMatchObject({
      skuId: sku.id,
      state: 'mapped',
      mappingSource: 'auto',
      created: true,
      channelType: 'taobao',
    });
    expect(unmatched).toMatchObject({ skuId: null, state: 'unmapped', mappingSource: null });
    expect(bare).toMatchObject({ channelSkuId: null, skuId: null });
    expect(await events('catalog.listing_mapped', matched.id)).toBe(1);

    // Re-reporting the same listing changes nothing and emits nothing.
    const again = await upsert([
      { channelItemId: '5001', channelSkuId: '9001', outerId: 'AM-1', title: 'Tee red' },
    ]).expect(200);
    expect(again.body.items[0]).toMatchObject({ id: matched.id, created: false, skuId: sku.id });
    expect(await events('catalog.listing_mapped', matched.id)).toBe(1);
  });

  it('auto-matches waiting listings when the SKU is created, by hand or by import', async () => {
    const res = await upsert([
      { channelItemId: '6001', outerId: 'LATE-1' },
      { channelItemId: '6002', outerId: 'LATE-2' },
    ]).expect(200);
    const [first, second] = res.body.items;
    const unmapped = await t.http
      .get(`/admin/v1/listings?state=unmapped&channelAccountId=${accountId}`)
      .set('Authorization', m.token)
      .expect(200);
    expect(unmapped.body.items.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );

    const sku = await createSku('LATE-1');
    expect(await listing(first.id)).toMatchObject({ skuId: sku.id, mappingSource: 'auto' });

    const imp = await uploadCsv(
      t,
      m.token,
      csv(['product_title,sku_code,price_yuan', 'Tee,LATE-2,9.90']),
    ).expect(202);
    await importUntilDone(t, m.token, imp.body.importId);
    const imported = (
      await t.http.get('/admin/v1/skus?codePrefix=LATE-2').set('Authorization', m.token).expect(200)
    ).body.items[0];
    expect(await listing(second.id)).toMatchObject({ skuId: imported.id, mappingSource: 'auto' });
    expect(await events('catalog.listing_mapped', second.id)).toBe(1);

    const mapped = await t.http
      .get(`/admin/v1/listings?state=mapped&channelAccountId=${accountId}`)
      .set('Authorization', m.token)
      .expect(200);
    expect(mapped.body.items.every((l: { skuId: string | null }) => l.skuId !== null)).toBe(true);
  });

  it('follows a changed outer id while automatic, and leaves staff decisions alone', async () => {
    const a = await createSku('FOLLOW-A');
    const b = await createSku('FOLLOW-B');
    const id = (await upsert([{ channelItemId: '7001', outerId: 'FOLLOW-A' }]).expect(200)).body.items[0].id;
    expect(
      (await upsert([{ channelItemId: '7001', outerId: 'FOLLOW-B' }]).expect(200)).body.items[0].skuId,
    ).toBe(b.id);
    expect(
      (await upsert([{ channelItemId: '7001', outerId: 'GONE' }]).expect(200)).body.items[0].skuId,
    ).toBeNull();
    expect(await events('catalog.listing_unmapped', id)).toBe(1);

    // Staff map it to A: a later report with B's outer id does not undo that.
    const mapped = await t.http
      .post(`/admin/v1/listings/${id}/map`)
      .set('Authorization', m.token)
      .send({ skuId: a.id })
      .expect(200);
    expect(mapped.body).toMatchObject({ skuId: a.id, mappingSource: 'manual', state: 'mapped' });
    expect(
      (await upsert([{ channelItemId: '7001', outerId: 'FOLLOW-B' }]).expect(200)).body.items[0].skuId,
    ).toBe(a.id);

    // Staff unmap it: a new SKU with its outer id does not claim it either.
    const unmapped = await t.http
      .post(`/admin/v1/listings/${id}/unmap`)
      .set('Authorization', m.token)
      .send({})
      .expect(200);
    expect(unmapped.body).toMatchObject({ skuId: null, mappingSource: 'manual', state: 'unmapped' });
    await upsert([{ channelItemId: '7001', outerId: 'FOLLOW-C' }]).expect(200);
    await createSku('FOLLOW-C');
    expect((await listing(id)).skuId).toBeNull();
    expect(
      await count(
        t,
        `SELECT COUNT(*) n FROM audit_log WHERE target_id = ? AND action IN ('catalog.listing.map','catalog.listing.unmap')`,
        [id],
      ),
    ).toBe(2);
    expect(await events('catalog.listing_unmapped', id)).toBe(2);

    await t.http
      .post(`/admin/v1/listings/${id}/map`)
      .set('Authorization', m.token)
      .send({ skuId: 'NOT-A-SKU' })
      .expect(404);
    await t.http
      .post(`/admin/v1/listings/${id}/map`)
      .set('Authorization', m.token)
      .send({ skuId: 7 })
      .expect(400);
  });

  it('refuses bad listing batches whole', async () => {
    const before = await count(t, 'SELECT COUNT(*) n FROM catalog_listings WHERE merchant_id = ?', [
      m.merchantId,
    ]);
    await upsert([]).expect(400);
    await upsert([{ channelItemId: '' }]).expect(400);
    await upsert([{ channelItemId: '1', price: 5 }]).expect(400);
    await upsert([{ channelItemId: '1' }, { channelItemId: 'x'.repeat(65) }]).expect(400);
    await upsert([{ channelItemId: '1' }], '01ARZ3NDEKTSV4RRFFQ69G5FAV').expect(404);
    expect(
      await count(t, 'SELECT COUNT(*) n FROM catalog_listings WHERE merchant_id = ?', [m.merchantId]),
    ).toBe(before);
  });

  it('tells inventory where SKUs are listed and adapters which SKU a channel line sells', async () => {
    const listings = t.app.get(ListingsService);
    const sku = await createSku('WHERE-1');
    const wechat = (
      await t.http
        .post('/admin/v1/channel-accounts')
        .set('Authorization', m.token)
        .send({ type: 'wechat', shopId: m.shopId, name: '微信小店' })
        .expect(201)
    ).body.id;
    await upsert([{ channelItemId: '8001', channelSkuId: '1', outerId: 'WHERE-1' }]).expect(200);
    await listings.upsertListings(m.ctx, wechat, [{ channelItemId: 'wx-8001', outerId: 'WHERE-1' }]);

    const where = await listings.listingsForSku(m.ctx, sku.id);
    expect(where).toHaveLength(2);
    expect(where).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channelAccountId: accountId,
          channelType: 'taobao',
          channelItemId: '8001',
          channelSkuId: '1',
        }),
        expect.objectContaining({
          channelAccountId: wechat,
          channelType: 'wechat',
          channelItemId: 'wx-8001',
          channelSkuId: null,
        }),
      ]),
    );
    const batched = await listings.listingsForSkus(m.ctx, [sku.id, 'NOT-AN-ID']);
    expect(batched).toHaveLength(2);

    expect(
      await listings.resolveSku(m.ctx, accountId, { channelItemId: '8001', channelSkuId: '1' }),
    ).toMatchObject({ skuId: sku.id, via: 'listing' });
    expect(
      await listings.resolveSku(m.ctx, accountId, { channelItemId: 'never-seen', outerId: 'WHERE-1' }),
    ).toMatchObject({
      skuId: sku.id,
      listingId: null,
      via: 'outer_id',
    });
    expect(await listings.resolveSku(m.ctx, accountId, { channelItemId: 'never-seen' })).toBeNull();

    // Another merchant sees none of it.
    const other = await newMerchant(t);
    expect(await listings.listingsForSku(other.ctx, sku.id)).toEqual([]);
    await expect(
      listings.resolveSku(other.ctx, accountId, { channelItemId: '8001', channelSkuId: '1' }),
    ).resolves.toBeNull();
    await expect(
      listings.upsertListings(other.ctx, accountId, [{ channelItemId: 'x' }]),
    ).rejects.toMatchObject({ status: 404 });
  });
});
