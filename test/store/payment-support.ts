/**
 * Helpers for the WeChat-shop payment suites: an api that listens (so sandbox WeChat Pay can deliver
 * notifications to it, PUBLIC_URL pointing at it), a sandbox merchant account connected to the store's WeChat
 * account, checkout + prepay in one call, and the sandbox's control API.
 */
import { createServer } from 'node:net';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import { PayMerchant, createMerchant, waitFor } from '../sandbox/wechatpay-client';
import { SignedInBuyer, StoreFixture, storePath } from './store-support';

export { waitFor };

export const RECEIVER = {
  name: '王小明',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  address: '文三路 100 号',
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The api listening on a local port that PUBLIC_URL names, plus the sandbox. */
export async function startPaymentsApp(): Promise<{ t: TestApp; sandbox: Sandbox }> {
  const port = await freePort();
  const [t, sandbox] = await Promise.all([
    startTestApp({ env: { PUBLIC_URL: `http://127.0.0.1:${port}` } }),
    startSandbox(),
  ]);
  await t.app.listen(port, '127.0.0.1');
  return { t, sandbox };
}

/** A sandbox WeChat Pay merchant for the store's official account, configured through the admin API. */
export async function connectWechatPay(t: TestApp, store: StoreFixture): Promise<PayMerchant> {
  const merchant = await createMerchant(store.sandbox.http, {
    appid: store.account.appId,
    retryScale: 0.001,
  });
  await t.http
    .put(`/admin/v1/channel-accounts/${store.channelAccountId}/wechatpay`)
    .set(...bearer(store.merchant.token))
    .send(credentialsBody(merchant, store.sandbox))
    .expect(200);
  return merchant;
}

export function credentialsBody(merchant: PayMerchant, sandbox: Sandbox): Record<string, string> {
  return {
    mchid: merchant.mchid,
    merchantSerial: merchant.merchantSerial,
    merchantPrivateKeyPem: merchant.merchantPrivateKeyPem,
    apiV3Key: merchant.apiV3Key,
    platformSerial: merchant.platformSerial,
    platformPublicKeyPem: merchant.platformPublicKeyPem,
    apiBaseUrl: `http://127.0.0.1:${sandbox.port}`,
  };
}

export interface PlacedOrder {
  id: string;
  payableFen: number;
  expiresAt: string;
  lines: Array<{ id: string; totalFen: number; quantity: number }>;
}

export async function checkout(
  t: TestApp,
  store: StoreFixture,
  buyer: SignedInBuyer,
  quantity = 1,
  skuId = store.products[0].skus[0].skuId,
): Promise<PlacedOrder> {
  const res = await t.http
    .post(storePath(store, '/orders'))
    .set(...bearer(buyer.token))
    .send({ lines: [{ skuId, quantity }], receiver: RECEIVER });
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as PlacedOrder;
}

export function createPayment(t: TestApp, store: StoreFixture, buyer: SignedInBuyer, orderId: string) {
  return t.http.post(storePath(store, `/orders/${orderId}/payment`)).set(...bearer(buyer.token));
}

export async function orderStatus(t: TestApp, store: StoreFixture, orderId: string): Promise<string> {
  const res = await t.http
    .get(`/admin/v1/orders/${orderId}`)
    .set(...bearer(store.merchant.token))
    .expect(200);
  return res.body.status as string;
}

/** The sandbox's control API for one merchant. */
export function payControl(sandbox: Sandbox, merchant: PayMerchant) {
  const path = (p: string) => `/_sandbox/wechatpay/merchants/${merchant.mchid}${p}`;
  return {
    pay: (outTradeNo: string) => sandbox.http.post(path(`/transactions/${outTradeNo}/pay`)).send({}),
    switches: (body: object) => sandbox.http.put(path('/misbehaviour')).send(body).expect(200),
    transaction: async (outTradeNo: string) =>
      (await sandbox.http.get(path(`/transactions/${outTradeNo}`)).expect(200)).body as Record<
        string,
        unknown
      >,
    refunds: async () =>
      (await sandbox.http.get(path('/refunds')).expect(200)).body.refunds as Array<Record<string, unknown>>,
    notifications: async (outTradeNo: string) =>
      (await sandbox.http.get('/_sandbox/wechatpay/notifications').query({ outTradeNo }).expect(200)).body
        .notifications as Array<{
        id: string;
        state: string;
        eventType: string;
        attempts: Array<{ status?: number }>;
      }>,
  };
}

/** Rows straight from the database (what the API does not show). */
export async function rows<T>(t: TestApp, sql: string, params: unknown[]): Promise<T[]> {
  return t.dataSource.query<T[]>(sql, params);
}

export async function outboxCount(t: TestApp, type: string, aggregateId: string): Promise<number> {
  const found = await rows<{ n: string | number }>(
    t,
    'SELECT COUNT(*) AS n FROM outbox_events WHERE type = ? AND aggregate_id = ?',
    [type, aggregateId],
  );
  return Number(found[0].n);
}

export async function paymentState(t: TestApp, orderId: string): Promise<string | null> {
  const found = await rows<{ state: string }>(t, 'SELECT state FROM store_payments WHERE order_id = ?', [
    orderId,
  ]);
  return found[0]?.state ?? null;
}
