import { CustomersService } from '@tongdao/crm';
import { RequestContext } from '@tongdao/kernel';
import { OrderPlacement } from '@tongdao/orders';
import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';
import { sentMessages } from '../channels/wechat-support';
import { CallbackServer, Sandbox, startSandbox, waitFor } from '../sandbox/wechat-client';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

const receiver = {
  name: '王小明',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  address: '文三路 100 号',
};

describe('WeChat store: payment requests (invitation to pay)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let callbacks: CallbackServer;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let other: SignedInBuyer;
  let ctx: RequestContext;

  const adminPath = (path = '') => `/admin/v1/shops/${store.shopId}/payment-requests${path}`;
  const skuA = () => store.products[0].skus[0];
  const skuB = () => store.products[1].skus[0];
  const create = (body: Record<string, unknown>, token = store.merchant.token) =>
    t.http
      .post(adminPath())
      .set(...bearer(token))
      .send(body);
  const standardBody = (customerId: string) => ({
    customerId,
    lines: [
      { skuId: skuA().skuId, quantity: 2, unitPriceFen: 9900 },
      { skuId: skuB().skuId, quantity: 1, unitPriceFen: 4500 },
    ],
    note: '老客户专享价',
  });
  /** A buyer who wrote to the official account: WeChat lets the shop answer for 48 hours. */
  const openServiceWindow = (openid: string) =>
    sandbox.http
      .post(`/_sandbox/wechat/accounts/${store.account.appId}/followers/${openid}/text`)
      .send({ content: '还有货吗？' })
      .expect(200);
  const customMessagesTo = async (openid: string) =>
    (await sentMessages(sandbox, store.account.appId, 'custom')).filter((m) => m.touser === openid);
  const countRequests = async (): Promise<number> => {
    const rows: Array<{ n: number | string }> = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM store_payment_requests WHERE merchant_id = ?',
      [store.merchant.merchantId],
    );
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, {
      products: [{ skus: [{ priceFen: 12800, onHand: 10 }] }, { skus: [{ priceFen: 5000, onHand: 5 }] }],
    });
    ctx = RequestContext.system(store.merchant.merchantId, 'test');
    // Buyers' messages to the account are pushed somewhere; this suite only needs WeChat to see them.
    callbacks = await new CallbackServer().start();
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${store.account.appId}`)
      .send({ callbackUrl: callbacks.url })
      .expect(200);
    [buyer, other] = await Promise.all([signInBuyer(t, store), signInBuyer(t, store)]);
  });
  afterAll(async () => {
    await t?.close();
    await callbacks?.close();
    await sandbox?.close();
  });

  it('staff make one, the buyer gets the link in WeChat, opens it and checks out at the staff price', async () => {
    await openServiceWindow(buyer.openid);
    const created = await create(standardBody(buyer.customerId)).expect(201);
    const id = created.body.id as string;
    const url = `${t.config.publicUrl}/store/v1/shops/${store.shopId}/payment-requests/${id}`;
    expect(created.body).toMatchObject({
      state: 'open',
      delivery: 'sent',
      deliveryAttempts: 1,
      totalFen: 2 * 9900 + 4500,
      customerId: buyer.customerId,
      channelAccountId: store.channelAccountId,
      url,
      orderId: null,
    });
    expect(created.body.lines[0]).toMatchObject({
      unitPriceFen: 9900,
      shelfUnitPriceFen: 12800,
      totalFen: 19800,
    });
    const hours = (Date.parse(created.body.expiresAt as string) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const messages = await customMessagesTo(buyer.openid);
    expect(messages).toHaveLength(1);
    expect(messages[0].body.text?.content).toContain(url);
    expect(messages[0].body.text?.content).toContain('¥243.00');

    const opened = await t.http
      .get(storePath(store, `/payment-requests/${id}`))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(opened.body).toMatchObject({ id, state: 'open', totalFen: 24300, note: '老客户专享价' });
    expect(opened.body.lines).toEqual([
      expect.objectContaining({ skuId: skuA().skuId, quantity: 2, unitPriceFen: 9900 }),
      expect.objectContaining({ skuId: skuB().skuId, quantity: 1, unitPriceFen: 4500 }),
    ]);
    expect(opened.body).not.toHaveProperty('shelfUnitPriceFen');

    // Another buyer of the same shop neither sees nor uses it.
    await t.http
      .get(storePath(store, `/payment-requests/${id}`))
      .set(...bearer(other.token))
      .expect(404);
    await t.http
      .post(storePath(store, `/payment-requests/${id}/checkout`))
      .set(...bearer(other.token))
      .send({ receiver })
      .expect(404);

    const order = await t.http
      .post(storePath(store, `/payment-requests/${id}/checkout`))
      .set(...bearer(buyer.token))
      .send({ receiver, buyerMessage: '谢谢' })
      .expect(201);
    expect(order.body).toMatchObject({ status: 'pending_payment', payableFen: 24300, paymentRequestId: id });
    expect(order.body.lines).toEqual([
      expect.objectContaining({ skuId: skuA().skuId, quantity: 2, unitPriceFen: 9900, totalFen: 19800 }),
      expect.objectContaining({ skuId: skuB().skuId, quantity: 1, unitPriceFen: 4500, totalFen: 4500 }),
    ]);

    const again = await t.http
      .post(storePath(store, `/payment-requests/${id}/checkout`))
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(409);
    expect(again.body.code).toBe('payment_request_used');

    const seen = await t.http
      .get(adminPath(`/${id}`))
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(seen.body).toMatchObject({ state: 'open', orderId: order.body.id });

    // The buyer pays (as the WeChat Pay notification would mark it): the request follows its order.
    const outcome = await t.app.get(OrderPlacement).markPaid(ctx, order.body.id as string, {
      method: 'wechatpay',
      transactionId: `4200${Date.now()}`,
      paidFen: 24300,
      paidAt: new Date(),
    });
    expect(outcome).toBe('paid');
    const paid = await waitFor(async () => {
      const res = await t.http.get(adminPath(`/${id}`)).set(...bearer(store.merchant.token));
      return res.body.state === 'paid' ? res.body : undefined;
    }, 10_000);
    expect(paid.paidAt).toEqual(expect.any(String));
    const listed = await t.http
      .get(adminPath())
      .query({ state: 'paid' })
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    const used = await t.http
      .post(storePath(store, `/payment-requests/${id}/checkout`))
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(409);
    expect(used.body.code).toBe('payment_request_used');
  });

  it('two checkouts at once make one order', async () => {
    await openServiceWindow(buyer.openid);
    const created = await create(standardBody(buyer.customerId)).expect(201);
    const checkout = () =>
      t.http
        .post(storePath(store, `/payment-requests/${created.body.id}/checkout`))
        .set(...bearer(buyer.token))
        .send({ receiver });
    const answers = await Promise.all([checkout(), checkout(), checkout()]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const orders: Array<{ n: number | string }> = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM store_orders WHERE payment_request_id = ?',
      [created.body.id],
    );
    expect(Number(orders[0].n)).toBe(1);
  });

  it('an order cancelled unpaid gives the request back to the buyer', async () => {
    await openServiceWindow(buyer.openid);
    const created = await create(standardBody(buyer.customerId)).expect(201);
    const path = storePath(store, `/payment-requests/${created.body.id}`);
    const first = await t.http
      .post(`${path}/checkout`)
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(201);
    await t.http
      .post(storePath(store, `/orders/${first.body.id}/cancel`))
      .set(...bearer(buyer.token))
      .expect(200);
    await waitFor(async () => {
      const res = await t.http.get(path).set(...bearer(buyer.token));
      return res.body.orderId === null ? true : undefined;
    }, 10_000);
    const second = await t.http
      .post(`${path}/checkout`)
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('a failed delivery keeps the request open as `failed`; resend delivers it', async () => {
    const quiet = await signInBuyer(t, store);
    const created = await create({ ...standardBody(quiet.customerId), expiresInHours: 2 }).expect(201);
    expect(created.body).toMatchObject({ state: 'open', delivery: 'failed', deliveryAttempts: 1 });
    expect(created.body.deliveryError).toContain('outside_service_window');
    expect(await customMessagesTo(quiet.openid)).toHaveLength(0);

    await openServiceWindow(quiet.openid);
    const resent = await t.http
      .post(adminPath(`/${created.body.id}/resend`))
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(resent.body).toMatchObject({ delivery: 'sent', deliveryError: null, deliveryAttempts: 2 });
    expect(await customMessagesTo(quiet.openid)).toHaveLength(1);
  });

  it('refuses a buyer without an openid on the store account (409 buyer_unreachable) and saves nothing', async () => {
    const stranger = (await t.app
      .get(CustomersService)
      .resolveOrCreate(
        ctx,
        [{ kind: 'wechat_unionid', value: `oUnion_${Date.now()}`, channelAccountId: null }],
        {
          displayName: 'Stranger',
        },
      )) as string;
    const before = await countRequests();
    const res = await create(standardBody(stranger)).expect(409);
    expect(res.body.code).toBe('buyer_unreachable');
    expect(await countRequests()).toBe(before);
  });

  it('refuses garbage with a clear 4xx and saves nothing', async () => {
    const before = await countRequests();
    const line = { skuId: skuA().skuId, quantity: 1, unitPriceFen: 100 };
    const bad: Array<[Record<string, unknown>, number, string]> = [
      [{ customerId: buyer.customerId }, 400, 'lines'],
      [{ customerId: buyer.customerId, lines: [] }, 400, 'lines'],
      [{ customerId: buyer.customerId, lines: [{ ...line, unitPriceFen: 0 }] }, 400, 'lines.0.unitPriceFen'],
      [
        { customerId: buyer.customerId, lines: [{ ...line, unitPriceFen: 1.5 }] },
        400,
        'lines.0.unitPriceFen',
      ],
      [{ customerId: buyer.customerId, lines: [{ ...line, quantity: 0 }] }, 400, 'lines.0.quantity'],
      [{ customerId: buyer.customerId, lines: [line], expiresInHours: 169 }, 400, 'expiresInHours'],
      [{ customerId: buyer.customerId, lines: [line], sneaky: true }, 400, 'sneaky'],
      [{ customerId: 'nope', lines: [line] }, 400, 'customerId'],
      [{ customerId: buyer.customerId, lines: [line, line] }, 400, 'lines[1].skuId'],
    ];
    for (const [body, status, field] of bad) {
      const res = await create(body).expect(status);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // A SKU that is not on the store's shelf.
    const unknownSku = await create({
      customerId: buyer.customerId,
      lines: [{ ...line, skuId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }],
    });
    expect([404, 409]).toContain(unknownSku.status);
    // A customer of nobody.
    await create({ ...standardBody('01ARZ3NDEKTSV4RRFFQ69G5FAV') }).expect(404);
    expect(await countRequests()).toBe(before);

    await t.http
      .get(storePath(store, '/payment-requests/not-an-id'))
      .set(...bearer(buyer.token))
      .expect(404);
    await openServiceWindow(buyer.openid);
    const created = await create(standardBody(buyer.customerId)).expect(201);
    for (const body of [{}, { receiver: { ...receiver, phone: 'call me' } }, { receiver, extra: 1 }]) {
      const res = await t.http
        .post(storePath(store, `/payment-requests/${created.body.id}/checkout`))
        .set(...bearer(buyer.token))
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await t.http
      .get(adminPath())
      .query({ state: 'lost' })
      .set(...bearer(store.merchant.token))
      .expect(400);
  });

  it('cancelled and expired requests cannot be checked out', async () => {
    await openServiceWindow(buyer.openid);
    const cancelled = await create(standardBody(buyer.customerId)).expect(201);
    const done = await t.http
      .post(adminPath(`/${cancelled.body.id}/cancel`))
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(done.body.state).toBe('cancelled');
    const refused = await t.http
      .post(storePath(store, `/payment-requests/${cancelled.body.id}/checkout`))
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(409);
    expect(refused.body.code).toBe('payment_request_cancelled');
    await t.http
      .post(adminPath(`/${cancelled.body.id}/resend`))
      .set(...bearer(store.merchant.token))
      .expect(409);

    const expiring = await create({ ...standardBody(buyer.customerId), expiresInHours: 1 }).expect(201);
    await t.dataSource.query('UPDATE store_payment_requests SET expires_at = ? WHERE id = ?', [
      new Date(Date.now() - 1000),
      expiring.body.id,
    ]);
    const opened = await t.http
      .get(storePath(store, `/payment-requests/${expiring.body.id}`))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(opened.body.state).toBe('expired');
    const late = await t.http
      .post(storePath(store, `/payment-requests/${expiring.body.id}/checkout`))
      .set(...bearer(buyer.token))
      .send({ receiver })
      .expect(410);
    expect(late.body.code).toBe('payment_request_expired');
    const expired = await t.http
      .get(adminPath())
      .query({ state: 'expired' })
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(expired.body.items.map((r: { id: string }) => r.id)).toEqual([expiring.body.id]);
    const open = await t.http
      .get(adminPath())
      .query({ state: 'open' })
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(open.body.items.map((r: { id: string }) => r.id)).not.toContain(expiring.body.id);
  });

  it('another merchant sees nothing; staff without order.remark cannot make one', async () => {
    const request = await t.http
      .get(adminPath())
      .set(...bearer(store.merchant.token))
      .expect(200);
    const id = request.body.items[0].id as string;
    const stranger: SignedUpMerchant = await signupMerchant(t);
    await t.http
      .get(adminPath(`/${id}`))
      .set(...bearer(stranger.token))
      .expect(404);
    await t.http
      .get(adminPath())
      .set(...bearer(stranger.token))
      .expect(404);
    await create(standardBody(buyer.customerId), stranger.token).expect(404);
    await t.http
      .get(`/admin/v1/shops/${stranger.shopId}/payment-requests/${id}`)
      .set(...bearer(stranger.token))
      .expect(404);
    const marketer = await createStaffWithRole(t, store.merchant.token, 'marketing');
    await create(standardBody(buyer.customerId), marketer.token).expect(403);
  });
});
