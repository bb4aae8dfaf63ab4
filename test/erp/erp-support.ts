import { ErpOptions } from '@tongdao/erp';
import { RequestContext } from '@tongdao/kernel';
import { TaobaoSync } from '@tongdao/channels';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { connectStore, merchantCodes, stockShopSkus } from '../channels/taobao-support';
import { ErpTenant, Sandbox, createTenant, startSandbox } from '../sandbox/erp-client';
import { Shop, createShop } from '../sandbox/taobao-client';

/** A merchant with a sandbox Taobao store (stocked SKUs) and a sandbox ERP tenant holding the same codes. */
export interface ErpWorld {
  sandbox: Sandbox;
  t: TestApp;
  m: SignedUpMerchant;
  shop: Shop;
  accountId: string;
  tenant: ErpTenant;
  options: ErpOptions;
  close(): Promise<void>;
}

export async function startErpWorld(onHand = 1000): Promise<ErpWorld> {
  const sandbox = await startSandbox();
  const t = await startTestApp();
  const m = await signupMerchant(t);
  const shop = await createShop(sandbox.http, { items: 2 });
  await stockShopSkus(t, m.token, shop, onHand);
  const accountId = await connectStore(t, m.token, m.shopId, shop, sandbox.port);
  const tenant = await createTenant(sandbox.http, {
    skus: merchantCodes(shop).map((code) => ({ skuId: code, qty: 100 })),
  });
  const options = t.app.get(ErpOptions);
  Object.assign(options, { requestTimeoutMs: 800, retryBaseMs: 300, maxAttempts: 4, batchWindowMs: 50 });
  return {
    sandbox,
    t,
    m,
    shop,
    accountId,
    tenant,
    options,
    async close() {
      await t.close();
      await sandbox.close();
    },
  };
}

export function connectionBody(
  w: ErpWorld,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return jushuitanConnectionBody(w.sandbox.port, w.tenant, w.m.shopId, overrides);
}

/** A PUT /admin/v1/erp/connection body linking one of our shops to the sandbox tenant's first ERP shop. */
export function jushuitanConnectionBody(
  sandboxPort: number,
  tenant: ErpTenant,
  shopId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: 'jushuitan',
    baseUrl: `http://127.0.0.1:${sandboxPort}`,
    appKey: tenant.appKey,
    appSecret: tenant.appSecret,
    accessToken: tenant.accessToken,
    refreshToken: tenant.refreshToken,
    shops: [{ shopId, erpShopId: String(tenant.shops[0].shopId) }],
    stockSource: 'erp',
    ...overrides,
  };
}

export async function putConnection(w: ErpWorld, overrides: Record<string, unknown> = {}): Promise<void> {
  await w.t.http
    .put('/admin/v1/erp/connection')
    .set(...bearer(w.m.token))
    .send(connectionBody(w, overrides))
    .expect(200);
}

export async function misbehave(w: ErpWorld, switches: object): Promise<void> {
  await w.sandbox.http
    .put(`/_sandbox/erp/tenants/${w.tenant.appKey}/misbehaviour`)
    .send(switches)
    .expect(200);
}

/** `count` new paid trades on the sandbox Taobao, ingested: their order ids and Taobao tids. */
export async function paidOrders(
  w: ErpWorld,
  count: number,
): Promise<Array<{ orderId: string; tid: string }>> {
  const before = new Set((await ordersOf(w)).map((o) => o.id));
  await w.sandbox.http
    .post(`/_sandbox/taobao/sellers/${encodeURIComponent(w.shop.sellerNick)}/trades/generate`)
    .send({ count, scenario: 'WAIT_SELLER_SEND_GOODS' })
    .expect(201);
  const ctx = RequestContext.system(w.m.merchantId, 'test');
  const run = await w.t.app
    .get(TaobaoSync)
    .sync(ctx, w.accountId, 'manual', new Date(Date.now() + 10_000), new Date(Date.now() - 3600_000));
  expect(run.outcome).toBe('ok');
  const fresh = (await ordersOf(w)).filter((o) => !before.has(o.id));
  expect(fresh).toHaveLength(count);
  return fresh.map((o) => ({ orderId: o.id, tid: o.external_order_id }));
}

async function ordersOf(w: ErpWorld): Promise<Array<{ id: string; external_order_id: string }>> {
  return w.t.dataSource.query('SELECT id, external_order_id FROM orders WHERE channel_account_id = ?', [
    w.accountId,
  ]);
}

export interface LinkRow {
  state: string;
  attempts: number;
  erp_order_id: string | null;
  last_error: string | null;
  reject_reason: string | null;
  id: string;
}

export async function link(w: Pick<ErpWorld, 't'>, orderId: string): Promise<LinkRow | undefined> {
  const rows: LinkRow[] = await w.t.dataSource.query(
    'SELECT id, state, attempts, erp_order_id, last_error, reject_reason FROM erp_order_links WHERE order_id = ?',
    [orderId],
  );
  return rows[0] ? { ...rows[0], attempts: Number(rows[0].attempts) } : undefined;
}

export async function waitForLink(
  w: Pick<ErpWorld, 't'>,
  orderId: string,
  test: (row: LinkRow) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<LinkRow> {
  let last: LinkRow | undefined;
  await waitFor(
    async () => {
      last = await link(w, orderId);
      return last !== undefined && test(last);
    },
    { what, timeoutMs },
  );
  return last!;
}

export interface SandboxErpOrder {
  oId: number | null;
  soId: string;
  status: string | null;
  uploadCalls: number;
}

export async function erpOrders(w: Pick<ErpWorld, 'sandbox' | 'tenant'>): Promise<SandboxErpOrder[]> {
  const res = await w.sandbox.http.get(`/_sandbox/erp/tenants/${w.tenant.appKey}/orders`).expect(200);
  return (res.body as { orders: SandboxErpOrder[] }).orders;
}

export async function syncLog(
  w: ErpWorld,
  query: string,
): Promise<Array<{ outcome: string; detail: string | null }>> {
  const res = await w.t.http
    .get(`/admin/v1/erp/sync-log?${query}`)
    .set(...bearer(w.m.token))
    .expect(200);
  return res.body.items;
}
