import { RequestContext } from '@tongdao/kernel';
import { OrderPlacement } from '@tongdao/orders';
import { StoreShares } from '@tongdao/storefront';
import { TestApp, bearer, createStaffWithRole, signupMerchant, startTestApp } from '@tongdao/testing';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import {
  SignedInBuyer,
  StoreFixture,
  createStoreProduct,
  openStore,
  signInBuyer,
  storePath,
} from './store-support';

const receiver = {
  name: '李雷',
  phone: '13900139000',
  province: '广东省',
  city: '深圳市',
  address: '深南大道 1 号',
};

interface ShareStats {
  code: string;
  orders: number;
  paidOrders: number;
  paidFen: number;
  sharerCustomerId: string | null;
  sharerStaffId: string | null;
}

describe('WeChat store: share links and referrals', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let sharer: SignedInBuyer;
  let friend: SignedInBuyer;
  let ctx: RequestContext;

  const productId = () => store.products[0].productId;
  const sku = () => store.products[0].skus[0];
  const share = (token: string, body: Record<string, unknown>) =>
    t.http
      .post(storePath(store, '/shares'))
      .set(...bearer(token))
      .send(body);
  const checkout = (buyer: SignedInBuyer, referrerCode: string, quantity = 1) =>
    t.http
      .post(storePath(store, '/orders'))
      .set(...bearer(buyer.token))
      .send({ lines: [{ skuId: sku().skuId, quantity }], receiver, referrerCode })
      .expect(201);
  const stats = async (): Promise<ShareStats[]> => {
    const res = await t.http
      .get(`/admin/v1/shops/${store.shopId}/shares`)
      .set(...bearer(store.merchant.token))
      .expect(200);
    return res.body.items as ShareStats[];
  };

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, { products: [{ skus: [{ priceFen: 3300, onHand: 50 }] }] });
    ctx = RequestContext.system(store.merchant.merchantId, 'test');
    [sharer, friend] = await Promise.all([signInBuyer(t, store), signInBuyer(t, store)]);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('a buyer shares a product or the shop: one stable code per target, opened publicly', async () => {
    const first = await share(sharer.token, { productId: productId() }).expect(201);
    expect(first.body.code).toMatch(/^[0-9A-Za-z]{8,12}$/);
    expect(first.body.url).toBe(
      `${t.config.publicUrl}/store/v1/shops/${store.shopId}/shares/${first.body.code}`,
    );
    const again = await share(sharer.token, { productId: productId() }).expect(201);
    expect(again.body.code).toBe(first.body.code);
    const shop = await share(sharer.token, {}).expect(201);
    expect(shop.body).toMatchObject({ productId: null });
    expect(shop.body.code).not.toBe(first.body.code);
    const theirs = await share(friend.token, { productId: productId() }).expect(201);
    expect(theirs.body.code).not.toBe(first.body.code);

    const opened = await t.http.get(storePath(store, `/shares/${first.body.code}`)).expect(200);
    expect(opened.body).toMatchObject({
      code: first.body.code,
      shopId: store.shopId,
      productId: productId(),
      product: { id: productId(), title: store.products[0].title },
    });
    const shopLink = await t.http.get(storePath(store, `/shares/${shop.body.code}`)).expect(200);
    expect(shopLink.body).toMatchObject({ productId: null, product: null });
  });

  it('refuses garbage and products that are not on the shelf', async () => {
    await share(sharer.token, { productId: 'nope' }).expect(400);
    await share(sharer.token, { extra: 1 }).expect(400);
    await share(sharer.token, { productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }).expect(404);
    const unpublished = await createStoreProduct(t, store.merchant.token);
    await share(sharer.token, { productId: unpublished.productId }).expect(404);
    await t.http.post(storePath(store, '/shares')).send({}).expect(401);
    await t.http.get(storePath(store, '/shares/ZZZZZZZZZZ')).expect(404);
    await t.http.get(storePath(store, '/shares/../../x')).expect(404);
  });

  it("records the sharer on a friend's order; admin counts orders, paid orders and paid amount", async () => {
    const code = (await share(sharer.token, { productId: productId() }).expect(201)).body.code as string;
    const paidOrder = await checkout(friend, code, 2);
    expect(paidOrder.body.referrerCode).toBe(code);
    const rows: Array<{ referrer_code: string; referrer_customer_id: string }> = await t.dataSource.query(
      'SELECT referrer_code, referrer_customer_id FROM store_orders WHERE id = ?',
      [paidOrder.body.id],
    );
    expect(rows[0]).toEqual({ referrer_code: code, referrer_customer_id: sharer.customerId });
    await checkout(friend, code, 1);
    // The sharer buying through their own link is no referral.
    await checkout(sharer, code, 1);

    const outcome = await t.app.get(OrderPlacement).markPaid(ctx, paidOrder.body.id as string, {
      method: 'wechatpay',
      transactionId: `4200${Date.now()}`,
      paidFen: 6600,
      paidAt: new Date(),
    });
    expect(outcome).toBe('paid');
    const line = (await stats()).find((s) => s.code === code);
    expect(line).toMatchObject({
      orders: 2,
      paidOrders: 1,
      paidFen: 6600,
      sharerCustomerId: sharer.customerId,
      sharerStaffId: null,
    });
    const untouched = (await stats()).filter((s) => s.code !== code);
    expect(untouched.every((s) => s.orders === 0 && s.paidFen === 0)).toBe(true);
  });

  it('referrerFor: the sharer for others, no sharer for the sharer, null for unknown or other shops', async () => {
    const shares = t.app.get(StoreShares);
    const code = (await share(sharer.token, {}).expect(201)).body.code as string;
    expect(await shares.referrerFor(ctx, store.shopId, code, friend.customerId)).toEqual({
      code,
      sharerCustomerId: sharer.customerId,
    });
    expect(await shares.referrerFor(ctx, store.shopId, code)).toEqual({
      code,
      sharerCustomerId: sharer.customerId,
    });
    expect(await shares.referrerFor(ctx, store.shopId, code, sharer.customerId)).toEqual({
      code,
      sharerCustomerId: null,
    });
    expect(await shares.referrerFor(ctx, store.shopId, 'ZZZZZZZZZZ')).toBeNull();
    expect(await shares.referrerFor(ctx, store.shopId, "x' OR 1=1")).toBeNull();
    expect(await shares.referrerFor(ctx, '01ARZ3NDEKTSV4RRFFQ69G5FAV', code)).toBeNull();
  });

  it('staff make their own links; other merchants and staff without marketing.manage see nothing', async () => {
    const path = `/admin/v1/shops/${store.shopId}/shares`;
    const mine = await t.http
      .post(path)
      .set(...bearer(store.merchant.token))
      .send({ productId: productId() })
      .expect(201);
    const again = await t.http
      .post(path)
      .set(...bearer(store.merchant.token))
      .send({ productId: productId() })
      .expect(201);
    expect(again.body.code).toBe(mine.body.code);
    expect((await stats()).find((s) => s.code === mine.body.code)).toMatchObject({
      sharerCustomerId: null,
      sharerStaffId: expect.any(String),
    });

    const stranger = await signupMerchant(t);
    await t.http
      .get(path)
      .set(...bearer(stranger.token))
      .expect(404);
    const agent = await createStaffWithRole(t, store.merchant.token, 'cs_agent');
    await t.http
      .get(path)
      .set(...bearer(agent.token))
      .expect(403);
    // Another merchant's store cannot resolve this store's codes.
    const otherStore = await openStore(t, sandbox, { merchant: stranger });
    await t.http.get(storePath(otherStore, `/shares/${mine.body.code}`)).expect(404);
  });
});
