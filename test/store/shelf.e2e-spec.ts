import { StoreCart, StoreShelf, buyerContext, BuyerSession, StoreBuyers } from '@tongdao/storefront';
import { RequestContext } from '@tongdao/kernel';
import { TestApp, bearer, createStaffWithRole, startTestApp } from '@tongdao/testing';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import {
  SignedInBuyer,
  StoreFixture,
  createStoreProduct,
  openStore,
  publishProduct,
  signInBuyer,
  storePath,
} from './store-support';

describe('WeChat store: the shelf (publishing, products with publishable stock) and the cart', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  const admin = (path: string) => `/admin/v1/shops/${store.shopId}/store/products${path}`;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, {
      products: [
        {
          title: 'Longjing tea',
          description: 'Spring harvest',
          skus: [
            { priceFen: 12800, onHand: 10, attributes: { weight: '250g' } },
            { priceFen: 23800, onHand: 5, attributes: { weight: '500g' } },
          ],
        },
        { title: 'Tea cup', skus: [{ priceFen: 3900, onHand: 0 }] },
      ],
    });
    buyer = await signInBuyer(t, store);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const [tea, cup] = [0, 1];
  const session = async (token: string): Promise<BuyerSession> => t.app.get(StoreBuyers).authenticate(token);

  it('lists published products with SKUs, prices and the store account’s publishable stock', async () => {
    const res = await t.http.get(storePath(store, '/products')).expect(200);
    expect(res.body.nextCursor).toBeNull();
    const product = store.products[tea];
    expect(res.body.items).toEqual([
      {
        id: store.products[cup].productId,
        title: 'Tea cup',
        description: null,
        skus: [expect.objectContaining({ available: 0 })],
      },
      {
        id: product.productId,
        title: 'Longjing tea',
        description: 'Spring harvest',
        skus: [
          { skuId: product.skus[0].skuId, attributes: { weight: '250g' }, priceFen: 12800, available: 10 },
          { skuId: product.skus[1].skuId, attributes: { weight: '500g' }, priceFen: 23800, available: 5 },
        ],
      },
    ]);
    const one = await t.http.get(storePath(store, `/products/${product.productId}`)).expect(200);
    expect(one.body).toEqual(res.body.items[1]);
    const page = await t.http.get(storePath(store, '/products')).query({ limit: 1 }).expect(200);
    expect(page.body.items).toHaveLength(1);
    const next = await t.http
      .get(storePath(store, '/products'))
      .query({ limit: 1, cursor: page.body.nextCursor })
      .expect(200);
    expect(next.body.items.map((p: { id: string }) => p.id)).toEqual([product.productId]);
    await t.http.get(storePath(store, '/products')).query({ limit: 0 }).expect(400);
  });

  it('publishes as channel listings on the store account, mapped to the SKUs', async () => {
    const res = await t.http
      .get('/admin/v1/listings')
      .query({ channelAccountId: store.channelAccountId })
      .set(...bearer(store.merchant.token))
      .expect(200);
    const teaSkus = store.products[tea].skus;
    expect(res.body.items).toEqual(
      expect.arrayContaining(
        teaSkus.map((s) =>
          expect.objectContaining({
            channelItemId: store.products[tea].productId,
            channelSkuId: s.skuId,
            skuId: s.skuId,
            state: 'mapped',
          }),
        ),
      ),
    );
    const list = await t.http
      .get(admin(''))
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items[1]).toMatchObject({
      productId: store.products[tea].productId,
      channelAccountId: store.channelAccountId,
      skus: [
        expect.objectContaining({ onSale: true, available: 10, code: teaSkus[0].code }),
        expect.anything(),
      ],
    });
  });

  it('applies the allocation rules of the store account to `available`', async () => {
    const auth = bearer(store.merchant.token);
    const [small, large] = store.products[tea].skus;
    const accountRule = await t.http
      .post('/admin/v1/allocation-rules')
      .set(...auth)
      .send({ channelAccountId: store.channelAccountId, mode: 'percentage', percent: 50 })
      .expect(201);
    const skuRule = await t.http
      .post('/admin/v1/allocation-rules')
      .set(...auth)
      .send({ skuId: large.skuId, channelAccountId: store.channelAccountId, mode: 'share_all', buffer: 2 })
      .expect(201);
    const res = await t.http.get(storePath(store, `/products/${store.products[tea].productId}`)).expect(200);
    expect(res.body.skus.map((s: { available: number }) => s.available)).toEqual([5, 3]);
    expect(small.onHand).toBe(10);
    await t.http
      .delete(`/admin/v1/allocation-rules/${accountRule.body.id}`)
      .set(...auth)
      .expect(204);
    await t.http
      .delete(`/admin/v1/allocation-rules/${skuRule.body.id}`)
      .set(...auth)
      .expect(204);
    const after = await t.http
      .get(storePath(store, `/products/${store.products[tea].productId}`))
      .expect(200);
    expect(after.body.skus.map((s: { available: number }) => s.available)).toEqual([10, 5]);
  });

  it('prices lines for checkout and refuses SKUs not on sale', async () => {
    const shelf = t.app.get(StoreShelf);
    const ctx = RequestContext.system(store.merchant.merchantId, 'test');
    expect(await shelf.storeAccountOf(ctx, store.shopId)).toEqual({
      channelAccountId: store.channelAccountId,
      appId: store.account.appId,
    });
    const [small] = store.products[tea].skus;
    expect(
      await shelf.priceLines(ctx, store.channelAccountId, [{ skuId: small.skuId, quantity: 3 }]),
    ).toEqual([
      {
        skuId: small.skuId,
        productId: store.products[tea].productId,
        title: 'Longjing tea 250g',
        quantity: 3,
        unitPriceFen: 12800,
        totalFen: 38400,
      },
    ]);
    const unpublished = await createStoreProduct(t, store.merchant.token, { title: 'Not yet' });
    await expect(
      shelf.priceLines(ctx, store.channelAccountId, [
        { skuId: small.skuId, quantity: 1 },
        { skuId: unpublished.skus[0].skuId, quantity: 1 },
        { skuId: 'nope', quantity: 1 },
      ]),
    ).rejects.toMatchObject({
      status: 409,
      code: 'not_on_sale',
      details: [{ field: 'lines.1.skuId' }, { field: 'lines.2.skuId' }].map((d) =>
        expect.objectContaining(d),
      ),
    });
    await expect(
      shelf.priceLines(ctx, store.channelAccountId, [{ skuId: small.skuId, quantity: 0 }]),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('hides unpublished, archived and other shops’ products (404), and lets staff publish them again', async () => {
    const auth = bearer(store.merchant.token);
    const extra = await createStoreProduct(t, store.merchant.token, { title: 'Gift box' });
    await t.http.get(storePath(store, `/products/${extra.productId}`)).expect(404);
    await publishProduct(t, store, extra.productId);
    await t.http.get(storePath(store, `/products/${extra.productId}`)).expect(200);
    await t.http
      .delete(admin(`/${extra.productId}`))
      .set(...auth)
      .expect(204);
    await t.http.get(storePath(store, `/products/${extra.productId}`)).expect(404);
    await t.http
      .delete(admin(`/${extra.productId}`))
      .set(...auth)
      .expect(404);
    const listing = await t.http
      .get('/admin/v1/listings')
      .query({ channelAccountId: store.channelAccountId, state: 'unmapped' })
      .set(...auth)
      .expect(200);
    expect(listing.body.items.map((l: { channelItemId: string }) => l.channelItemId)).toContain(
      extra.productId,
    );
    await publishProduct(t, store, extra.productId);
    await t.http.get(storePath(store, `/products/${extra.productId}`)).expect(200);

    await t.http
      .patch(`/admin/v1/products/${extra.productId}`)
      .set(...auth)
      .send({ status: 'archived' })
      .expect(200);
    await t.http.get(storePath(store, `/products/${extra.productId}`)).expect(404);
    const archived = await t.http
      .put(admin(`/${extra.productId}`))
      .set(...auth)
      .expect(409);
    expect(archived.body.code).toBe('product_archived');

    const other = await openStore(t, sandbox);
    await t.http.get(storePath(store, `/products/${other.products[0].productId}`)).expect(404);
    await t.http.get(storePath(other, `/products/${store.products[tea].productId}`)).expect(404);
    await t.http
      .put(admin(`/${other.products[0].productId}`))
      .set(...auth)
      .expect(404);
    await t.http
      .put(`/admin/v1/shops/${other.shopId}/store/products/${store.products[tea].productId}`)
      .set(...auth)
      .expect(404);
  });

  it('needs catalog.manage to publish and catalog.read to list', async () => {
    const warehouse = await createStaffWithRole(t, store.merchant.token, 'warehouse');
    await t.http
      .get(admin(''))
      .set(...bearer(warehouse.token))
      .expect(200);
    const res = await t.http
      .put(admin(`/${store.products[tea].productId}`))
      .set(...bearer(warehouse.token))
      .expect(403);
    expect(res.body.code).toBe('missing_permission');
    await t.http
      .get(admin(''))
      .set(...bearer(buyer.token))
      .expect(401);
  });

  it('keeps a cart priced at today’s prices, with available stock', async () => {
    const auth = bearer(buyer.token);
    const [small, large] = store.products[tea].skus;
    await t.http.get(storePath(store, '/cart')).expect(401);
    expect(
      (
        await t.http
          .get(storePath(store, '/cart'))
          .set(...auth)
          .expect(200)
      ).body,
    ).toEqual({
      items: [],
      totalFen: 0,
    });
    await t.http
      .put(storePath(store, `/cart/items/${small.skuId}`))
      .set(...auth)
      .send({ quantity: 2 })
      .expect(200);
    const res = await t.http
      .put(storePath(store, `/cart/items/${large.skuId}`))
      .set(...auth)
      .send({ quantity: 1 })
      .expect(200);
    expect(res.body).toEqual({
      items: [
        {
          skuId: small.skuId,
          quantity: 2,
          onSale: true,
          productId: store.products[tea].productId,
          title: 'Longjing tea 250g',
          unitPriceFen: 12800,
          totalFen: 25600,
          available: 10,
        },
        expect.objectContaining({ skuId: large.skuId, quantity: 1, totalFen: 23800, available: 5 }),
      ],
      totalFen: 49400,
    });
    const updated = await t.http
      .put(storePath(store, `/cart/items/${small.skuId}`))
      .set(...auth)
      .send({ quantity: 3 })
      .expect(200);
    expect(updated.body.items[0]).toMatchObject({ quantity: 3, totalFen: 38400 });
    await t.http
      .patch(`/admin/v1/skus/${small.skuId}`)
      .set(...bearer(store.merchant.token))
      .send({ priceFen: 9900 })
      .expect(200);
    const repriced = await t.http
      .get(storePath(store, '/cart'))
      .set(...auth)
      .expect(200);
    expect(repriced.body.items[0]).toMatchObject({ unitPriceFen: 9900, totalFen: 29700 });

    const me = await session(buyer.token);
    const cart = t.app.get(StoreCart);
    expect(await cart.linesOf(me)).toEqual([
      { skuId: small.skuId, quantity: 3 },
      { skuId: large.skuId, quantity: 1 },
    ]);
    await cart.clear(me, [large.skuId]);
    expect(await cart.linesOf(me)).toEqual([{ skuId: small.skuId, quantity: 3 }]);
    expect(buyerContext(me, 'r').merchantId).toBe(store.merchant.merchantId);

    await t.http
      .delete(storePath(store, `/cart/items/${small.skuId}`))
      .set(...auth)
      .expect(200);
    expect(
      (
        await t.http
          .get(storePath(store, '/cart'))
          .set(...auth)
          .expect(200)
      ).body.items,
    ).toEqual([]);
  });

  it('flags a cart line whose SKU went off sale, keeps carts apart, and clears', async () => {
    const auth = bearer(buyer.token);
    const later = await createStoreProduct(t, store.merchant.token, { title: 'Kettle' });
    await publishProduct(t, store, later.productId);
    await t.http
      .put(storePath(store, `/cart/items/${later.skus[0].skuId}`))
      .set(...auth)
      .send({ quantity: 1 })
      .expect(200);
    const other = await signInBuyer(t, store);
    expect(
      (
        await t.http
          .get(storePath(store, '/cart'))
          .set(...bearer(other.token))
          .expect(200)
      ).body.items,
    ).toEqual([]);
    await t.http
      .delete(admin(`/${later.productId}`))
      .set(...bearer(store.merchant.token))
      .expect(204);
    const res = await t.http
      .get(storePath(store, '/cart'))
      .set(...auth)
      .expect(200);
    expect(res.body).toEqual({
      items: [
        {
          skuId: later.skus[0].skuId,
          quantity: 1,
          onSale: false,
          productId: null,
          title: null,
          unitPriceFen: null,
          totalFen: null,
          available: 0,
        },
      ],
      totalFen: 0,
    });
    const cleared = await t.http
      .delete(storePath(store, '/cart'))
      .set(...auth)
      .expect(200);
    expect(cleared.body).toEqual({ items: [], totalFen: 0 });
  });

  it('refuses garbage in the cart with a clear code, changing nothing', async () => {
    const auth = bearer(buyer.token);
    const sku = store.products[tea].skus[0].skuId;
    const put = (skuId: string, body: unknown) =>
      t.http
        .put(storePath(store, `/cart/items/${skuId}`))
        .set(...auth)
        .send(body as object);
    for (const body of [
      { quantity: 0 },
      { quantity: 100 },
      { quantity: 'x' },
      { quantity: 1.5 },
      {},
      { quantity: 1, price: 1 },
    ]) {
      const res = await put(sku, body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const unknown = await put('01JNOSUCHSKU0000000000000A', { quantity: 1 }).expect(409);
    expect(unknown.body.code).toBe('not_on_sale');
    expect(
      (await put(store.products[cup].skus[0].skuId, { quantity: 1 }).expect(200)).body.items,
    ).toHaveLength(1);
    await t.http
      .delete(storePath(store, '/cart'))
      .set(...auth)
      .expect(200);
    expect(
      (
        await t.http
          .get(storePath(store, '/cart'))
          .set(...auth)
          .expect(200)
      ).body.items,
    ).toEqual([]);
  });
});
