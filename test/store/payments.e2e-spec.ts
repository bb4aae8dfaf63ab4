import { createVerify, generateKeyPairSync } from 'node:crypto';
import { PaymentExpirySweep } from '@tongdao/storefront';
import { TestApp, bearer, createStaffWithRole, signupMerchant } from '@tongdao/testing';
import { Sandbox } from '../sandbox/wechat-client';
import { PayMerchant } from '../sandbox/wechatpay-client';
import {
  checkout,
  connectWechatPay,
  createPayment,
  credentialsBody,
  orderStatus,
  payControl,
  paymentState,
  startPaymentsApp,
} from './payment-support';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

/** Merchant credentials, creating a payment, and orders nobody pays — against sandbox WeChat Pay. */
describe('WeChat store: WeChat Pay credentials and payments', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let merchant: PayMerchant & { merchantPublicKeyPem?: string };
  const wechatpayPath = (id = store.channelAccountId) => `/admin/v1/channel-accounts/${id}/wechatpay`;
  const available = async () => {
    const res = await t.http.get(storePath(store, `/products/${store.products[0].productId}`)).expect(200);
    return (res.body.skus as Array<{ available: number }>)[0].available;
  };

  beforeAll(async () => {
    ({ t, sandbox } = await startPaymentsApp());
    store = await openStore(t, sandbox, { products: [{ skus: [{ priceFen: 5900, onHand: 10 }] }] });
    buyer = await signInBuyer(t, store);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  describe('merchant credentials', () => {
    it('refuses payment before WeChat Pay is configured', async () => {
      const order = await checkout(t, store, buyer);
      const res = await createPayment(t, store, buyer, order.id).expect(409);
      expect(res.body.code).toBe('wechatpay_not_configured');
      await t.http
        .get(wechatpayPath())
        .set(...bearer(store.merchant.token))
        .expect(404);
    });

    it('stores them sealed and shows identifiers only', async () => {
      merchant = await connectWechatPay(t, store);
      const res = await t.http
        .get(wechatpayPath())
        .set(...bearer(store.merchant.token))
        .expect(200);
      expect(res.body).toEqual({
        channelAccountId: store.channelAccountId,
        mchid: merchant.mchid,
        merchantSerial: merchant.merchantSerial,
        platformSerial: merchant.platformSerial,
        apiBaseUrl: `http://127.0.0.1:${sandbox.port}`,
        configuredAt: expect.any(String),
      });
      const [row] = await t.dataSource.query<Array<{ sealed: string }>>(
        'SELECT sealed FROM store_wechatpay_merchants WHERE channel_account_id = ?',
        [store.channelAccountId],
      );
      expect(row.sealed).not.toContain('PRIVATE KEY');
      expect(row.sealed).not.toContain(merchant.apiV3Key);
    });

    it('refuses keys that do not parse, short APIv3 keys, unknown fields and non-WeChat accounts', async () => {
      const good = credentialsBody(merchant, sandbox);
      const put = (body: object, id?: string) =>
        t.http
          .put(wechatpayPath(id))
          .set(...bearer(store.merchant.token))
          .send(body);
      const notAKey = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(120)}\n-----END PRIVATE KEY-----`;
      let res = await put({ ...good, merchantPrivateKeyPem: notAKey }).expect(400);
      expect(res.body.details).toEqual([{ field: 'merchantPrivateKeyPem', problem: expect.any(String) }]);
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      res = await put({
        ...good,
        platformPublicKeyPem: ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      }).expect(400);
      expect(res.body.details[0].field).toBe('platformPublicKeyPem');
      res = await put({ ...good, apiV3Key: 'short' }).expect(400);
      expect(JSON.stringify(res.body.details)).toContain('apiV3Key');
      await put({ ...good, extra: 1 }).expect(400);
      const taobao = await t.http
        .post('/admin/v1/channel-accounts')
        .set(...bearer(store.merchant.token))
        .send({ type: 'taobao', shopId: store.shopId })
        .expect(201);
      res = await put(good, taobao.body.id as string).expect(400);
      expect(res.body.code).toBe('not_a_wechat_account');
      await put(good, '01HZZZZZZZZZZZZZZZZZZZZZZZ').expect(404);
    });

    it('is for channel.manage only, and invisible to another merchant', async () => {
      const agent = await createStaffWithRole(t, store.merchant.token, 'cs_agent');
      await t.http
        .get(wechatpayPath())
        .set(...bearer(agent.token))
        .expect(403);
      const stranger = await signupMerchant(t);
      await t.http
        .get(wechatpayPath())
        .set(...bearer(stranger.token))
        .expect(404);
      await t.http
        .delete(wechatpayPath())
        .set(...bearer(stranger.token))
        .expect(404);
      await t.http.get(wechatpayPath()).expect(401);
    });
  });

  describe('creating a payment', () => {
    it('prepays with the order id, amount, openid and deadline; asking again re-signs the same prepay', async () => {
      const order = await checkout(t, store, buyer, 2);
      const first = await createPayment(t, store, buyer, order.id).expect(200);
      expect(first.body).toMatchObject({
        appId: store.account.appId,
        package: `prepay_id=${first.body.prepayId as string}`,
        signType: 'RSA',
        orderId: order.id,
        payableFen: 11800,
      });
      const { appId, timeStamp, nonceStr, paySign } = first.body as Record<string, string>;
      const signed = `${appId}\n${timeStamp}\n${nonceStr}\nprepay_id=${first.body.prepayId as string}\n`;
      expect(
        createVerify('RSA-SHA256').update(signed).verify(merchant.merchantPublicKeyPem!, paySign, 'base64'),
      ).toBe(true);
      const tx = await payControl(sandbox, merchant).transaction(order.id);
      expect(tx).toMatchObject({
        total: 11800,
        openid: buyer.openid,
        state: 'NOTPAY',
        notifyUrl: `${t.config.publicUrl}/channels/wechatpay/${store.channelAccountId}/notify`,
      });
      // RFC 3339 carries whole seconds.
      expect(Date.parse(tx.timeExpire as string)).toBe(Math.floor(Date.parse(order.expiresAt) / 1000) * 1000);
      const again = await createPayment(t, store, buyer, order.id).expect(200);
      expect(again.body.prepayId).toBe(first.body.prepayId);
      expect(again.body.nonceStr).not.toBe(nonceStr);
      expect(await paymentState(t, order.id)).toBe('prepaid');
    });

    it('refuses orders that are not waiting for payment, and other buyers’ and shops’ orders', async () => {
      const order = await checkout(t, store, buyer);
      await t.http
        .post(storePath(store, `/orders/${order.id}/cancel`))
        .set(...bearer(buyer.token))
        .expect(200);
      const res = await createPayment(t, store, buyer, order.id).expect(409);
      expect(res.body.code).toBe('order_not_payable');

      const mine = await checkout(t, store, buyer);
      const other = await signInBuyer(t, store);
      await createPayment(t, store, other, mine.id).expect(404);
      await createPayment(t, store, buyer, 'not-an-id').expect(404);
      await createPayment(t, store, buyer, '01HZZZZZZZZZZZZZZZZZZZZZZZ').expect(404);
      await t.http.post(storePath(store, `/orders/${mine.id}/payment`)).expect(401);
      await t.http
        .post(`/store/v1/shops/01HZZZZZZZZZZZZZZZZZZZZZZZ/orders/${mine.id}/payment`)
        .set(...bearer(buyer.token))
        .expect(403);
      await createPayment(t, store, buyer, mine.id).send({ amountFen: 1 }).expect(400);
    });

    it('WeChat Pay down → 503 payment_provider_unavailable, nothing stored', async () => {
      const order = await checkout(t, store, buyer);
      await t.http
        .put(wechatpayPath())
        .set(...bearer(store.merchant.token))
        .send({ ...credentialsBody(merchant, sandbox), apiBaseUrl: 'http://127.0.0.1:9' })
        .expect(200);
      try {
        const res = await createPayment(t, store, buyer, order.id).expect(503);
        expect(res.body.code).toBe('payment_provider_unavailable');
        expect(await paymentState(t, order.id)).toBeNull();
      } finally {
        await t.http
          .put(wechatpayPath())
          .set(...bearer(store.merchant.token))
          .send(credentialsBody(merchant, sandbox))
          .expect(200);
      }
      await createPayment(t, store, buyer, order.id).expect(200);
    });
  });

  describe('orders nobody pays', () => {
    it('after the window and its grace: WeChat Pay transaction closed, order cancelled, stock back', async () => {
      const before = await available();
      const order = await checkout(t, store, buyer, 3);
      await createPayment(t, store, buyer, order.id).expect(200);
      const unpaid = await checkout(t, store, buyer, 1); // never reached the payment step
      expect(await available()).toBe(before - 4);
      const sweep = t.app.get(PaymentExpirySweep);

      const inGrace = await sweep.sweepOnce(new Date(Date.parse(order.expiresAt) + 30_000));
      expect(await orderStatus(t, store, order.id)).toBe('pending_payment');
      expect(inGrace.expired).toBe(0);

      const result = await sweep.sweepOnce(new Date(Date.parse(unpaid.expiresAt) + 61_000));
      expect(result.expired).toBeGreaterThanOrEqual(2);
      expect(await orderStatus(t, store, order.id)).toBe('cancelled');
      expect(await orderStatus(t, store, unpaid.id)).toBe('cancelled');
      expect((await payControl(sandbox, merchant).transaction(order.id)).state).toBe('CLOSED');
      expect(await paymentState(t, order.id)).toBe('closed');
      // Every order of this suite was left unpaid, so now all the stock is back.
      expect(await available()).toBe(10);
      await payControl(sandbox, merchant).pay(order.id).expect(409);
      const res = await createPayment(t, store, buyer, order.id).expect(409);
      expect(res.body.code).toBe('order_not_payable');
      expect((await sweep.sweepOnce(new Date(Date.parse(unpaid.expiresAt) + 61_000))).expired).toBe(0);
    });
  });

  it('disconnecting refuses new payments', async () => {
    await t.http
      .delete(wechatpayPath())
      .set(...bearer(store.merchant.token))
      .expect(204);
    await t.http
      .delete(wechatpayPath())
      .set(...bearer(store.merchant.token))
      .expect(404);
    const order = await checkout(t, store, buyer);
    const res = await createPayment(t, store, buyer, order.id).expect(409);
    expect(res.body.code).toBe('wechatpay_not_configured');
  });
});
