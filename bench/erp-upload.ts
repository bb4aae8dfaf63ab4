/**
 * ERP upload benchmark: paid orders out to the sandbox ERP (Jushuitan-style), which throttles the app key at
 * BENCH_ERP_QPS (50) requests a second.
 *  (a) backlog: BENCH_ORDERS (2,000) paid orders wait while the connection's credentials are wrong; the
 *      credentials are fixed and the clock runs until every order is stored — orders/s, calls made, throttled.
 *  (b) stream: BENCH_RATE (20) paid orders a second arrive for BENCH_SECONDS (20) through the real path
 *      (sandbox Taobao trades → sync → order.paid in the outbox → relay → upload job); lag from the order.paid
 *      event to the ERP's answer recorded (the ERP stored it): p50/p95/p99/max.
 *
 *   npm run bench -- erp-upload
 *
 * Both sides run in this process (sandbox in-process, Tongdao on MariaDB + Redis via the test harness).
 */
import 'reflect-metadata';
import { TaobaoSync } from '@tongdao/channels';
import { ErpOptions } from '@tongdao/erp';
import { RequestContext } from '@tongdao/kernel';
import { bearer, signupMerchant, startTestApp } from '@tongdao/testing';
import { connectStore, merchantCodes, stockShopSkus } from '../test/channels/taobao-support';
import { createTenant } from '../test/sandbox/erp-client';
import { createShop, startSandbox } from '../test/sandbox/taobao-client';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 2000);
const QPS = Number(process.env.BENCH_ERP_QPS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const t = await startTestApp({ env: { LOG_LEVEL: 'error', CHANNEL_SYNC_MS: '3600000' } });
  try {
    const shop = await createShop(sandbox.http, { items: 8 });
    const m = await signupMerchant(t);
    await stockShopSkus(t, m.token, shop, 10_000_000);
    const accountId = await connectStore(t, m.token, m.shopId, shop, sandbox.port);
    const tenant = await createTenant(sandbox.http, {
      skus: merchantCodes(shop).map((code) => ({ skuId: code, qty: 1_000_000 })),
    });
    await sandbox.http
      .put(`/_sandbox/erp/tenants/${tenant.appKey}/misbehaviour`)
      .send({ throttle: { perSecond: QPS } })
      .expect(200);
    Object.assign(t.app.get(ErpOptions), { retryBaseMs: 1000, batchWindowMs: 100 });
    const connect = (appSecret: string) =>
      t.http
        .put('/admin/v1/erp/connection')
        .set(...bearer(m.token))
        .send({
          kind: 'jushuitan',
          baseUrl: `http://127.0.0.1:${sandbox.port}`,
          appKey: tenant.appKey,
          appSecret,
          accessToken: tenant.accessToken,
          refreshToken: tenant.refreshToken,
          shops: [{ shopId: m.shopId, erpShopId: String(tenant.shops[0].shopId) }],
          stockSource: 'tongdao',
        })
        .expect(200);
    const ctx = RequestContext.system(m.merchantId, 'bench');
    const sync = t.app.get(TaobaoSync);
    const paid = async (count: number): Promise<void> => {
      await sandbox.http
        .post(`/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}/trades/generate`)
        .send({ count, scenario: 'WAIT_SELLER_SEND_GOODS' })
        .expect(201);
      await sync.sync(
        ctx,
        accountId,
        'manual',
        new Date(Date.now() + 10_000),
        new Date(Date.now() - 600_000),
      );
    };
    const count = async (where: string): Promise<number> =>
      Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM erp_order_links WHERE ${where}`))[0].n);
    const waitUntil = async (test: () => Promise<boolean>, timeoutMs: number): Promise<boolean> => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (await test()) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    const erpCalls = async () => {
      const total = async (outcome: string) =>
        Number(
          (
            await sandbox.http
              .get('/_sandbox/erp/calls')
              .query({
                appKey: tenant.appKey,
                path: '/open/jushuitan/orders/upload',
                limit: 1,
                ...(outcome ? { outcome } : {}),
              })
              .expect(200)
          ).body.total,
        );
      const uploads = await total('');
      return { uploads, refused: uploads - (await total('ok')) };
    };

    // (a) backlog
    await connect('wrong-secret');
    for (let made = 0; made < ORDERS; made += 500) await paid(Math.min(500, ORDERS - made));
    await waitUntil(async () => (await count(`state = 'queued'`)) >= ORDERS, 120_000);
    const callsBefore = await erpCalls();
    const started = Date.now();
    await connect(tenant.appSecret);
    const finished = await waitUntil(async () => (await count(`state = 'uploaded'`)) >= ORDERS, 600_000);
    const seconds = (Date.now() - started) / 1000;
    const calls = await erpCalls();
    console.log(
      JSON.stringify({
        case: 'backlog',
        orders: ORDERS,
        allStored: finished,
        seconds: Number(seconds.toFixed(2)),
        ordersPerSecond: Math.round(ORDERS / seconds),
        uploadCalls: calls.uploads - callsBefore.uploads,
        throttledCalls: calls.refused - callsBefore.refused,
        erpLimitPerSecond: QPS,
      }),
    );

    // (b) stream
    const streamStart = new Date();
    const ticks = SECONDS;
    for (let i = 0; i < ticks; i++) {
      const tickStart = Date.now();
      await paid(RATE);
      await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (Date.now() - tickStart))));
    }
    const total = ORDERS + RATE * ticks;
    await waitUntil(async () => (await count(`state = 'uploaded'`)) >= total, 120_000);
    const rows: Array<{ paid_at: Date; uploaded_at: Date }> = await t.dataSource.query(
      `SELECT paid_at, uploaded_at FROM erp_order_links WHERE state = 'uploaded' AND created_at >= ?`,
      [streamStart],
    );
    const lags = rows.map((r) => new Date(r.uploaded_at).getTime() - new Date(r.paid_at).getTime());
    lags.sort((a, b) => a - b);
    const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))];
    console.log(
      JSON.stringify({
        case: 'stream',
        ratePerSecond: RATE,
        seconds: SECONDS,
        orders: lags.length,
        lagMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: lags[lags.length - 1] },
      }),
    );
  } finally {
    await t.close();
    await sandbox.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
