import { StockService } from '@tongdao/inventory';
import { RequestContext } from '@tongdao/kernel';
import { OrderPlacement } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { countRows, stockOf } from '../orders/fixtures';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

const RECEIVER = {
  name: '王小明',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: '文三路 100 号',
};

describe('WeChat store: checkout (prices from the shelf, stock held until the payment window closes) (MariaDB + Redis)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let other: SignedInBuyer;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, {
      products: [
        {
          title: 'Longjing tea',
          skus: [
            { priceFen: 12800, onHand: 20 },
            { priceFen: 500, onHand: 100 },
          ],
        },
      ],
    });
    [buyer, other] = [await signInBuyer(t, store), await signInBuyer(t, store)];
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const tea = () => store.products[0].skus[0].skuId;
  const race = () => store.products[0].skus[1].skuId;
  const sellable = async (skuId = tea()) => (await stockOf(t, store.merchant.token, skuId)).sellable;
  const checkout = (token: string, body: object, key?: string) => {
    const req = t.http
      .post(storePath(store, '/orders'))
      .set(...bearer(token))
      .send(body);
    return key ? req.set('Idempotency-Key', key) : req;
  };
  const ctx = () => RequestContext.system(store.merchant.merchantId, 'test');

  it('places an unpaid order at the shelf price, holds its stock and says when payment must be made', async () => {
    const before = await sellable();
    const started = Date.now();
    const res = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: 2 }],
      receiver: RECEIVER,
      buyerMessage: '请用礼盒',
    }).expect(201);
    expect(res.body).toMatchObject({
      status: 'pending_payment',
      itemsFen: 25600,
      payableFen: 25600,
      paidFen: 0,
      buyerMessage: '请用礼盒',
      lines: [expect.objectContaining({ skuId: tea(), quantity: 2, unitPriceFen: 12800, totalFen: 25600 })],
    });
    const window = Date.parse(res.body.expiresAt as string) - started;
    expect(window).toBeGreaterThan(14 * 60_000);
    expect(window).toBeLessThan(16 * 60_000);
    expect(await sellable()).toBe(before - 2);

    const desk = await t.http
      .get(`/admin/v1/orders/${res.body.id}`)
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(desk.body).toMatchObject({
      channelType: 'wechat',
      channelAccountId: store.channelAccountId,
      customerId: buyer.customerId,
    });
  });

  it('buys what is in the cart and empties the cart of it', async () => {
    await t.http
      .put(storePath(store, `/cart/items/${tea()}`))
      .set(...bearer(buyer.token))
      .send({ quantity: 3 })
      .expect(200);
    const res = await checkout(buyer.token, { fromCart: true, receiver: RECEIVER }).expect(201);
    expect(res.body.payableFen).toBe(3 * 12800);
    const cart = await t.http
      .get(storePath(store, '/cart'))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(cart.body.items).toEqual([]);
    const empty = await checkout(buyer.token, { fromCart: true, receiver: RECEIVER }).expect(400);
    expect(empty.body.code).toBe('cart_empty');
  });

  it('the same Idempotency-Key twice (even at once) makes one order', async () => {
    const orders = await countRows(t, 'orders', store.merchant.merchantId);
    const body = { lines: [{ skuId: tea(), quantity: 1 }], receiver: RECEIVER };
    const [a, b] = await Promise.all([
      checkout(buyer.token, body, 'retry-key-0001').expect(201),
      checkout(buyer.token, body, 'retry-key-0001').expect(201),
    ]);
    expect(a.body.id).toBe(b.body.id);
    const c = await checkout(buyer.token, body, 'retry-key-0001').expect(201);
    expect(c.body.id).toBe(a.body.id);
    expect(await countRows(t, 'orders', store.merchant.merchantId)).toBe(orders + 1);
    // Another buyer's key is their own.
    const d = await checkout(other.token, body, 'retry-key-0001').expect(201);
    expect(d.body.id).not.toBe(a.body.id);
  });

  it('refuses more than there is, and garbage, with a clear 4xx, changing nothing', async () => {
    const orders = await countRows(t, 'orders', store.merchant.merchantId);
    const before = await sellable();
    const short = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: before + 1 }],
      receiver: RECEIVER,
    }).expect(409);
    expect(short.body.code).toBe('insufficient_stock');
    const cases: Array<[object, number, string]> = [
      [{ lines: [{ skuId: tea(), quantity: 1 }] }, 400, 'validation_failed'],
      [{ lines: [{ skuId: tea(), quantity: 0 }], receiver: RECEIVER }, 400, 'validation_failed'],
      [{ lines: [{ skuId: tea(), quantity: 'x' }], receiver: RECEIVER }, 400, 'validation_failed'],
      [
        { lines: [{ skuId: tea(), quantity: 1, unitPriceFen: 1 }], receiver: RECEIVER },
        400,
        'validation_failed',
      ],
      [
        { lines: [{ skuId: tea(), quantity: 1 }], receiver: { ...RECEIVER, phone: 'call me' } },
        400,
        'validation_failed',
      ],
      [{ lines: [{ skuId: tea(), quantity: 1 }], receiver: RECEIVER, paidFen: 1 }, 400, 'validation_failed'],
      [
        { lines: [{ skuId: tea(), quantity: 1 }], fromCart: true, receiver: RECEIVER },
        400,
        'validation_failed',
      ],
      [{ lines: [], receiver: RECEIVER }, 400, 'validation_failed'],
      [
        { lines: [{ skuId: '01JD0000000000000000000000', quantity: 1 }], receiver: RECEIVER },
        409,
        'not_on_sale',
      ],
      [
        {
          lines: [
            { skuId: tea(), quantity: 1 },
            { skuId: tea(), quantity: 1 },
          ],
          receiver: RECEIVER,
        },
        400,
        'validation_failed',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await checkout(buyer.token, body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
      expect(res.body.message).toEqual(expect.any(String));
    }
    const badKey = await checkout(
      buyer.token,
      { lines: [{ skuId: tea(), quantity: 1 }], receiver: RECEIVER },
      'short',
    );
    expect([badKey.status, badKey.body.details?.[0]?.field]).toEqual([400, 'Idempotency-Key']);
    expect(await countRows(t, 'orders', store.merchant.merchantId)).toBe(orders);
    expect(await sellable()).toBe(before);
  });

  it('a buyer reaches only their own orders, only in the shop they signed in to', async () => {
    const mine = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: 1 }],
      receiver: RECEIVER,
    }).expect(201);
    await t.http
      .get(storePath(store, `/orders/${mine.body.id}`))
      .set(...bearer(other.token))
      .expect(404);
    await t.http
      .post(storePath(store, `/orders/${mine.body.id}/cancel`))
      .set(...bearer(other.token))
      .expect(404);
    await t.http.get(storePath(store, `/orders/${mine.body.id}`)).expect(401);
    await t.http
      .get(storePath(store, `/orders/${mine.body.id}`))
      .set(...bearer(store.merchant.token))
      .expect(401);
    const elsewhere = await t.http
      .get(`/store/v1/shops/01JDOTHERSHOP0000000000000/orders/${mine.body.id}`)
      .set(...bearer(buyer.token))
      .expect(403);
    expect(elsewhere.body.code).toBe('wrong_shop');

    const list = await t.http
      .get(storePath(store, '/orders'))
      .set(...bearer(other.token))
      .expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(mine.body.id);
    const own = await t.http
      .get(storePath(store, '/orders'))
      .query({ status: 'pending_payment', limit: 50 })
      .set(...bearer(buyer.token))
      .expect(200);
    expect(own.body.items.map((o: { id: string }) => o.id)).toContain(mine.body.id);
    await t.http
      .get(storePath(store, '/orders'))
      .query({ status: 'lost' })
      .set(...bearer(buyer.token))
      .expect(400);
  });

  it('cancelling an unpaid order, or letting its window pass, gives the stock back', async () => {
    const before = await sellable();
    const a = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: 1 }],
      receiver: RECEIVER,
    }).expect(201);
    const b = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: 1 }],
      receiver: RECEIVER,
    }).expect(201);
    expect(await sellable()).toBe(before - 2);
    const cancelled = await t.http
      .post(storePath(store, `/orders/${a.body.id}/cancel`))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await sellable()).toBe(before - 1);
    // Every unpaid hold of this suite lapses with b's (none is paid yet): nothing stays reserved.
    await t.app.get(StockService).expireDue(new Date(Date.parse(b.body.expiresAt as string) + 1000));
    expect((await stockOf(t, store.merchant.token, tea())).reserved).toBe(0);
    const early = await t.http
      .post(storePath(store, `/orders/${b.body.id}/confirm-receipt`))
      .set(...bearer(buyer.token))
      .expect(409);
    expect(early.body.code).toBe('illegal_transition');
  });

  it('a paid order can be claimed for a refund by its buyer, and confirmed once shipped', async () => {
    const res = await checkout(buyer.token, {
      lines: [{ skuId: tea(), quantity: 1 }],
      receiver: RECEIVER,
    }).expect(201);
    await t.app.get(OrderPlacement).markPaid(ctx(), res.body.id as string, {
      method: 'wechatpay',
      transactionId: `wx-${res.body.id}`,
      paidFen: 12800,
      paidAt: new Date(),
    });
    const lineId = res.body.lines[0].id as string;
    const claim = await t.http
      .post(storePath(store, `/orders/${res.body.id}/refund-requests`))
      .set(...bearer(buyer.token))
      .send({ lineId, kind: 'refund_only', reason: '不想要了' })
      .expect(201);
    expect(claim.body).toMatchObject({ status: 'requested', amountFen: 12800, quantity: 1 });
    await t.http
      .post(storePath(store, `/orders/${res.body.id}/refund-requests`))
      .set(...bearer(other.token))
      .send({ lineId, kind: 'refund_only', reason: 'x' })
      .expect(404);
    await t.http
      .post(storePath(store, `/orders/${res.body.id}/refund-requests`))
      .set(...bearer(buyer.token))
      .send({ lineId, kind: 'everything', reason: 'x' })
      .expect(400);
  });

  it('300 buyers racing for 100 units: exactly 100 orders hold stock, the rest are told it is sold out', async () => {
    const buyers = await Promise.all(Array.from({ length: 300 }, () => signInBuyer(t, store)));
    const results = await Promise.all(
      buyers.map((b) => checkout(b.token, { lines: [{ skuId: race(), quantity: 1 }], receiver: RECEIVER })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(statuses.filter((s) => s === 409)).toHaveLength(200);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'insufficient_stock')).toBe(
      true,
    );
    expect(await stockOf(t, store.merchant.token, race())).toEqual({
      onHand: 100,
      reserved: 100,
      sellable: 0,
    });
  });
});
