import { RequestContext } from '@tongdao/kernel';
import { TaobaoSync, TopClient } from '@tongdao/channels';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp } from '@tongdao/testing';
import { Sandbox, Shop, createShop, startSandbox } from '../sandbox/taobao-client';
import { connectStore, listHalfAllocatedSku, stockShopSkus, waitForTaobaoQuantity } from './taobao-support';

jest.setTimeout(300_000);

const STATUS: Record<string, string> = {
  WAIT_BUYER_PAY: 'pending_payment',
  TRADE_NO_CREATE_PAY: 'pending_payment',
  WAIT_SELLER_SEND_GOODS: 'paid',
  SELLER_CONSIGNED_PART: 'partially_shipped',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_BUYER_SIGNED: 'delivered',
  TRADE_FINISHED: 'completed',
  TRADE_CLOSED: 'closed',
  TRADE_CLOSED_BY_TAOBAO: 'cancelled',
};

interface SandboxTrade {
  tid: string;
  status: string;
  payment: string;
  orders: Array<{ oid: string; num: number; outerSkuId?: string; outerIid: string }>;
}

/** Issue acceptance: a 3-day backlog of 2,000 trades, a flaky gateway, a crash mid-sync, a wrong secret, stock out. */
describe('Taobao acceptance against the sandbox (MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let shop: Shop;
  let accountId: string;
  let ctx: RequestContext;
  const soon = () => new Date(Date.now() + 10_000);
  const auth = () => bearer(m.token);

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp();
    m = await signupMerchant(t);
    ctx = RequestContext.system(m.merchantId, 'test');
    shop = await createShop(sandbox.http, { items: 5 });
    await stockShopSkus(t, m.token, shop, 100_000);
    accountId = await connectStore(t, m.token, m.shopId, shop, sandbox.port);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await sandbox?.close();
  });

  it('2,000 trades over 3 days, through rate limits, 5xx and a crash mid-sync, become exactly 2,000 orders', async () => {
    for (let i = 0; i < 2; i++) {
      await sandbox.http
        .post(`/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}/trades/generate`)
        .send({ count: 1000, spreadMinutes: 3 * 24 * 60 })
        .expect(201);
    }
    const since = new Date(Date.now() - 3 * 24 * 3600_000 - 3600_000);
    const bad = await t.http
      .post(`/admin/v1/channel-accounts/${accountId}/sync`)
      .set(...auth())
      .send({ since: 'last week' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('since');
    await t.http
      .post(`/admin/v1/channel-accounts/${accountId}/sync`)
      .set(...auth())
      .send({ since: '2020-01-01T00:00:00Z' })
      .expect(400);

    // The "worker" dies after 12 TOP calls: pages already ingested stay, the cursor does not move past them.
    const top = t.app.get(TopClient);
    const real = top.call.bind(top);
    let calls = 0;
    const spy = jest.spyOn(top, 'call').mockImplementation((...args: Parameters<TopClient['call']>) => {
      calls += 1;
      if (calls === 12) return Promise.reject(new Error('worker killed'));
      return real(...args);
    });
    const sync = t.app.get(TaobaoSync);
    const crashed = await sync.sync(ctx, accountId, 'manual', soon(), since);
    expect(crashed.outcome).toBe('failed');
    spy.mockRestore();
    const partial = await countOrders();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(2000);

    await sandbox.http
      .put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`)
      .send({ rateLimit: { n: 1, m: 6 }, serverError: { n: 1, m: 9 } })
      .expect(200);
    const run = await sync.sync(ctx, accountId, 'manual', soon());
    await sandbox.http
      .put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`)
      .send({ rateLimit: { n: 0, m: 1 }, serverError: { n: 0, m: 1 } })
      .expect(200);
    expect(run).toMatchObject({ outcome: 'ok', error: null });
    expect(await countOrders()).toBe(2000);

    const throttled: Array<{ outcome: string }> =
      (await sandbox.http.get(`/_sandbox/taobao/calls?appKey=${shop.appKey}&limit=20000`).expect(200)).body
        .calls ?? [];
    expect(throttled.filter((c) => c.outcome !== 'ok').length).toBeGreaterThan(0);

    // Every order matches its trade: status, paid amount, lines and quantities.
    const ours = await orderMap();
    const tids = [...ours.keys()];
    for (const tid of tids.filter((_, i) => i % 40 === 0)) {
      const trade = (await sandbox.http.get(`/_sandbox/taobao/trades/${tid}`).expect(200))
        .body as SandboxTrade;
      const order = ours.get(tid)!;
      expect(order.status).toBe(STATUS[trade.status]);
      expect(order.paid_fen).toBe(Math.round(Number(trade.payment) * 100));
      const lines: Array<{ external_line_id: string; quantity: number; sku_id: string | null }> =
        await t.dataSource.query(
          'SELECT external_line_id, quantity, sku_id FROM order_lines WHERE order_id = ? ORDER BY external_line_id',
          [order.id],
        );
      expect(lines.map((l) => [l.external_line_id, Number(l.quantity)]).sort()).toEqual(
        trade.orders.map((o) => [o.oid, o.num]).sort(),
      );
      expect(lines.every((l) => l.sku_id !== null)).toBe(true);
    }
  });

  it('a wrong secret is a clear account error and brings in no orders', async () => {
    const wrong = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...auth())
      .send({
        type: 'taobao',
        shopId: m.shopId,
        appKey: shop.appKey,
        appSecret: 'not-the-secret',
        sessionKey: shop.sessionKey,
        gatewayUrl: `http://127.0.0.1:${sandbox.port}/router/rest`,
      })
      .expect(201);
    const test = await t.http
      .post(`/admin/v1/channel-accounts/${wrong.body.id}/test`)
      .set(...auth())
      .expect(200);
    expect(test.body.ok).toBe(false);
    expect(test.body.message).toMatch(/25|[Ss]ignature/);
    const status = await t.http
      .get(`/admin/v1/channel-accounts/${wrong.body.id}/sync`)
      .set(...auth())
      .expect(200);
    expect(status.body.accountStatus).toBe('needs_reauth');
    const rows: Array<{ n: string | number }> = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM orders WHERE channel_account_id = ?',
      [wrong.body.id],
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('a stock change reaches Taobao as item.quantity.update with the allocation rule’s figure', async () => {
    const listed = await listHalfAllocatedSku(t, m.token, shop, accountId);
    await t.http
      .post(`/admin/v1/skus/${listed.skuId}/stock/adjustments`)
      .set(...auth())
      .send({ delta: 7, reason: 'receiving' })
      .expect(201);
    const totals = (
      await t.http
        .get(`/admin/v1/skus/${listed.skuId}/stock`)
        .set(...auth())
        .expect(200)
    ).body.totals;
    await waitForTaobaoQuantity(sandbox, listed, Math.floor(totals.sellable / 2));
  });

  async function countOrders(): Promise<number> {
    const rows: Array<{ n: string | number }> = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM orders WHERE channel_account_id = ?',
      [accountId],
    );
    return Number(rows[0].n);
  }

  async function orderMap(): Promise<Map<string, { id: string; status: string; paid_fen: number }>> {
    const rows: Array<{ id: string; external_order_id: string; status: string; paid_fen: string | number }> =
      await t.dataSource.query(
        'SELECT id, external_order_id, status, paid_fen FROM orders WHERE channel_account_id = ?',
        [accountId],
      );
    return new Map(
      rows.map((r) => [r.external_order_id, { id: r.id, status: r.status, paid_fen: Number(r.paid_fen) }]),
    );
  }
});
