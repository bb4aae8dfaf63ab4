import { RequestContext } from '@tongdao/kernel';
import { TaobaoStockPublisher } from '../../libs/channels/src/taobao/taobao-stock.publisher';
import { TaobaoSync } from '@tongdao/channels';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { Sandbox, Shop, createShop, startSandbox } from '../sandbox/taobao-client';
import { stockShopSkus } from './taobao-support';

interface Listed {
  items: Array<{
    id: string;
    externalOrderId: string;
    status: string;
    paidFen: number;
    hasUnmappedLines: boolean;
  }>;
  nextCursor: string | null;
}

describe('Taobao store ↔ Tongdao against the sandbox (MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let shop: Shop;
  let accountId: string;
  let ctx: RequestContext;

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp();
    m = await signupMerchant(t);
    ctx = RequestContext.system(m.merchantId, 'test');
    shop = await createShop(sandbox.http, { items: 3 });
    // The seller's merchant codes on Taobao are the SKU codes in Tongdao: lines map by outer id.
    await stockShopSkus(t, m.token, shop, 500);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  /** Sync stops a few seconds short of "now" (trades still being written); the tests look just past it. */
  const soon = () => new Date(Date.now() + 10_000);
  const gateway = () => `http://127.0.0.1:${sandbox.port}/router/rest`;
  const orders = async (): Promise<Listed['items']> =>
    (
      (
        await t.http
          .get('/admin/v1/orders?limit=100')
          .set(...bearer(m.token))
          .expect(200)
      ).body as Listed
    ).items;

  it('connects a store: credentials validated, stored sealed and never returned', async () => {
    const base = { type: 'taobao', shopId: m.shopId };
    const partial = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({ ...base, appKey: shop.appKey })
      .expect(400);
    expect(partial.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['appSecret', 'sessionKey']),
    );
    await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({
        ...base,
        appKey: shop.appKey,
        appSecret: shop.appSecret,
        sessionKey: shop.sessionKey,
        gatewayUrl: 'ftp://x',
      })
      .expect(400);
    const created = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({
        ...base,
        appKey: shop.appKey,
        appSecret: shop.appSecret,
        sessionKey: shop.sessionKey,
        gatewayUrl: gateway(),
      })
      .expect(201);
    accountId = created.body.id;
    const shown = JSON.stringify(
      (
        await t.http
          .get(`/admin/v1/channel-accounts/${accountId}`)
          .set(...bearer(m.token))
          .expect(200)
      ).body,
    );
    expect(shown).toContain(shop.appKey);
    expect(shown).not.toContain(shop.appSecret);
    expect(shown).not.toContain(shop.sessionKey);
    const stored: Array<{ secrets: string }> = await t.dataSource.query(
      'SELECT secrets FROM channel_accounts WHERE id = ?',
      [accountId],
    );
    expect(stored[0].secrets).not.toContain(shop.appSecret);
    expect(stored[0].secrets).not.toContain(shop.sessionKey);

    const test = await t.http
      .post(`/admin/v1/channel-accounts/${accountId}/test`)
      .set(...bearer(m.token))
      .expect(200);
    expect(test.body).toEqual({ ok: true, code: null, message: null });
  });

  it('pulls every trade into the desk once: a second sync changes nothing', async () => {
    const generated = await sandbox.http
      .post(`/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}/trades/generate`)
      .send({ count: 30 })
      .expect(201);
    const tids: string[] = generated.body.trades.map((tr: { tid: string }) => tr.tid);
    const sync = t.app.get(TaobaoSync);
    const first = await sync.sync(ctx, accountId, 'manual', soon());
    expect(first).toMatchObject({ outcome: 'ok', error: null });
    expect(first.created).toBe(30);
    const desk = await orders();
    expect(desk.map((o) => o.externalOrderId).sort()).toEqual([...tids].sort());
    const byTid = new Map(desk.map((o) => [o.externalOrderId, o]));
    for (const trade of generated.body.trades as Array<{ tid: string; payment: string }>) {
      expect(byTid.get(trade.tid)!.paidFen).toBe(Math.round(Number(trade.payment) * 100));
    }
    expect(desk.some((o) => o.hasUnmappedLines)).toBe(false);

    const second = await sync.sync(ctx, accountId, 'manual', soon());
    expect(second).toMatchObject({ outcome: 'ok', created: 0, updated: 0 });

    const status = await t.http
      .get(`/admin/v1/channel-accounts/${accountId}/sync`)
      .set(...bearer(m.token))
      .expect(200);
    expect(status.body).toMatchObject({ accountStatus: 'active', lastError: null });
    expect(status.body.lagSeconds).toBeLessThan(60);
    const log = await t.http
      .get(`/admin/v1/channel-accounts/${accountId}/sync-log`)
      .set(...bearer(m.token))
      .expect(200);
    expect(log.body.map((r: { created: number }) => r.created)).toEqual([0, 30]);
  });

  it('follows status changes made on Taobao, and rides out rate limits', async () => {
    const [pending] = (await orders()).filter((o) => o.status === 'pending_payment');
    expect(pending).toBeDefined();
    // TOP's modified time has whole seconds: a change in the same second as the last sync is the same version.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sandbox.http
      .post(`/_sandbox/taobao/trades/${pending.externalOrderId}/advance`)
      .send({ to: 'WAIT_SELLER_SEND_GOODS' })
      .expect(200);
    await sandbox.http
      .put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`)
      .send({ rateLimit: { n: 1, m: 2 } })
      .expect(200);
    const run = await t.app.get(TaobaoSync).sync(ctx, accountId, 'manual', soon());
    await sandbox.http
      .put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`)
      .send({ rateLimit: { n: 0, m: 1 } })
      .expect(200);
    expect(run).toMatchObject({ outcome: 'ok', updated: 1 });
    expect((await orders()).find((o) => o.id === pending.id)!.status).toBe('paid');
  });

  it('follows a refund made on Taobao into an after-sale, then the money back into the order', async () => {
    const paid = (await orders()).find((o) => o.status === 'paid')!;
    const trade = await sandbox.http.get(`/_sandbox/taobao/trades/${paid.externalOrderId}`).expect(200);
    const oid: string = trade.body.orders[0].oid;
    const opened = await sandbox.http
      .post(`/_sandbox/taobao/trades/${paid.externalOrderId}/refunds`)
      .send({ oid, refundFee: '1.50', hasGoodReturn: false, reason: '不想要了' })
      .expect(201);
    const sync = t.app.get(TaobaoSync);
    await sync.sync(ctx, accountId, 'manual', soon());
    const claims = async () =>
      (
        await t.http
          .get(`/admin/v1/orders/${paid.id}/after-sales`)
          .set(...bearer(m.token))
          .expect(200)
      ).body.items as Array<{
        status: string;
        amountFen: number;
        source: string;
      }>;
    expect(await claims()).toEqual([
      expect.objectContaining({ status: 'requested', amountFen: 150, source: 'taobao' }),
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sandbox.http
      .post(`/_sandbox/taobao/refunds/${opened.body.refundId}/advance`)
      .send({ to: 'SUCCESS' })
      .expect(200);
    await sync.sync(ctx, accountId, 'manual', soon());
    await sync.sync(ctx, accountId, 'manual', soon());
    expect(await claims()).toEqual([expect.objectContaining({ status: 'refunded', amountFen: 150 })]);
    const order = await t.http
      .get(`/admin/v1/orders/${paid.id}`)
      .set(...bearer(m.token))
      .expect(200);
    expect(order.body.refundedFen).toBe(150);
  });

  it('tells Taobao about a parcel shipped from the desk (logistics.offline.send)', async () => {
    const paid = (await orders()).find((o) => o.status === 'paid')!;
    await t.http
      .post(`/admin/v1/orders/${paid.id}/shipments`)
      .set(...bearer(m.token))
      .send({ carrierCode: 'SF', trackingNo: 'SF7000000001' })
      .expect(201);
    const sent = await waitFor(
      async () => {
        const res = await sandbox.http.get('/_sandbox/taobao/shipments').expect(200);
        const list = (Array.isArray(res.body) ? res.body : (res.body.shipments ?? res.body.items)) as Array<
          Record<string, unknown>
        >;
        return list.find((s) => String(s.tid) === paid.externalOrderId);
      },
      { what: 'offline.send at the sandbox' },
    );
    expect(sent).toMatchObject({ outSid: 'SF7000000001', companyCode: 'SF' });
    const trade = await sandbox.http.get(`/_sandbox/taobao/trades/${paid.externalOrderId}`).expect(200);
    expect(trade.body.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
  });

  it('a split parcel goes to Taobao with its sub-order ids (sub_tid, is_split)', async () => {
    const generated = await sandbox.http
      .post(`/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}/trades/generate`)
      .send({ count: 20, scenario: 'WAIT_SELLER_SEND_GOODS' })
      .expect(201);
    await t.app.get(TaobaoSync).sync(ctx, accountId, 'manual', soon());
    const multi = (generated.body.trades as Array<{ tid: string; orders: Array<{ oid: string }> }>).find(
      (tr) => tr.orders.length > 1,
    )!;
    expect(multi).toBeDefined();
    const order = (await orders()).find((o) => o.externalOrderId === multi.tid)!;
    const detail = await t.http
      .get(`/admin/v1/orders/${order.id}`)
      .set(...bearer(m.token))
      .expect(200);
    const first = detail.body.lines[0] as { id: string; quantity: number; externalLineId: string };
    await t.http
      .post(`/admin/v1/orders/${order.id}/shipments`)
      .set(...bearer(m.token))
      .send({
        lines: [{ lineId: first.id, quantity: first.quantity }],
        carrierCode: 'YTO',
        trackingNo: 'YT9000000001',
      })
      .expect(201);
    const sent = await waitFor(
      async () => {
        const res = await sandbox.http.get('/_sandbox/taobao/shipments').expect(200);
        const list = (Array.isArray(res.body) ? res.body : (res.body.shipments ?? res.body.items)) as Array<
          Record<string, unknown>
        >;
        return list.find((s) => String(s.tid) === multi.tid);
      },
      { what: 'a split offline.send' },
    );
    expect(JSON.stringify(sent)).toContain(first.externalLineId);
    const trade = await sandbox.http.get(`/_sandbox/taobao/trades/${multi.tid}`).expect(200);
    expect(trade.body.status).toBe('SELLER_CONSIGNED_PART');
  });

  it('pushes the full publishable quantity per SKU (item.quantity.update)', async () => {
    const item = shop.items.find((i) => i.skus.length > 0) ?? shop.items[0];
    const sku = item.skus[0];
    const outcomes = await t.app.get(TaobaoStockPublisher).publish(ctx, [
      {
        channelAccountId: accountId,
        channelType: 'taobao',
        listingId: 'L1',
        channelItemId: item.numIid,
        channelSkuId: sku?.skuId ?? null,
        quantity: 37,
      },
    ]);
    expect(outcomes).toEqual([{ listingId: 'L1', status: 'pushed' }]);
    const res = await sandbox.http.get(`/_sandbox/taobao/items/${item.numIid}`).expect(200);
    const quantity = sku
      ? res.body.skus.find((s: { skuId: string }) => s.skuId === sku.skuId).quantity
      : res.body.quantity;
    expect(quantity).toBe(37);
  });

  it('an expired session marks the account for re-authorisation and alerts the merchant', async () => {
    await sandbox.http.post(`/_sandbox/taobao/sessions/${shop.sessionKey}/expire`).expect(200);
    const run = await t.app.get(TaobaoSync).sync(ctx, accountId, 'manual', soon());
    expect(run.outcome).toBe('failed');
    const account = await t.http
      .get(`/admin/v1/channel-accounts/${accountId}`)
      .set(...bearer(m.token))
      .expect(200);
    expect(account.body.status).toBe('needs_reauth');
    const events: Array<{ type: string }> = await t.dataSource.query(
      'SELECT type FROM outbox_events WHERE aggregate_id = ?',
      [accountId],
    );
    expect(events.map((e) => e.type)).toContain('channel_account.needs_reauth');
    const again = await t.app.get(TaobaoSync).sync(ctx, accountId, 'manual', soon());
    expect(again.error).toMatch(/needs_reauth/);

    // The seller authorises again: a new session key brings the account back.
    const renewed = await createShop(sandbox.http, {
      sellerNick: shop.sellerNick,
      appKey: shop.appKey,
      appSecret: shop.appSecret,
    });
    expect(renewed.sessionKey).not.toBe(shop.sessionKey);
    await t.http
      .put(`/admin/v1/channel-accounts/${accountId}/credentials`)
      .set(...bearer(m.token))
      .send({ appKey: shop.appKey, appSecret: shop.appSecret })
      .expect(400);
    const back = await t.http
      .put(`/admin/v1/channel-accounts/${accountId}/credentials`)
      .set(...bearer(m.token))
      .send({ appKey: shop.appKey, appSecret: shop.appSecret, sessionKey: renewed.sessionKey })
      .expect(200);
    expect(back.body.status).toBe('active');
    expect(JSON.stringify(back.body)).not.toContain(renewed.sessionKey);
    expect((await t.app.get(TaobaoSync).sync(ctx, accountId, 'manual', soon())).outcome).toBe('ok');
  });
});
