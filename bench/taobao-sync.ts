/**
 * Taobao sync benchmark: trades per second from the sandbox Taobao into unified orders through the real path
 * (signed TOP calls over HTTP, increment.get pages of 100, mapping, idempotent bulk ingestion with stock
 * reservation and outbox events), first unthrottled, then with the sandbox limiting the app to
 * BENCH_TOP_QPS calls per second (TOP-style code 7, our client backs off and retries).
 *
 *   npm run bench -- taobao-sync          (BENCH_TRADES=50000 by default; BENCH_TOP_QPS=2)
 *
 * Needs MariaDB and Redis like the test suite; uses a throwaway td_test_* database.
 */
import 'reflect-metadata';
import { RequestContext } from '@tongdao/kernel';
import { TaobaoSync } from '@tongdao/channels';
import { TestApp, signupMerchant, startTestApp } from '@tongdao/testing';
import { Sandbox, Shop, createShop, startSandbox } from '../test/sandbox/taobao-client';
import { connectStore, stockShopSkus } from '../test/channels/taobao-support';

const TRADES = Number(process.env.BENCH_TRADES ?? 50_000);
const QPS = Number(process.env.BENCH_TOP_QPS ?? 2);
const SPREAD_MINUTES = 3 * 24 * 60;

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const t = await startTestApp({ env: { LOG_LEVEL: 'error', CHANNEL_SYNC_MS: '3600000' } });
  try {
    const shop = await createShop(sandbox.http, { items: 8 });
    const started = Date.now();
    for (let made = 0; made < TRADES; made += 1000) {
      await sandbox.http
        .post(`/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}/trades/generate`)
        .send({ count: Math.min(1000, TRADES - made), spreadMinutes: SPREAD_MINUTES })
        .expect(201);
    }
    console.log(
      `sandbox: ${TRADES} trades over 3 days generated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const free = await run(t, sandbox, shop, 'unthrottled');
    await sandbox.http
      .put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`)
      .send({ maxCallsPerSecond: QPS })
      .expect(200);
    const limited = await run(t, sandbox, shop, `sandbox limit ${QPS} calls/s`);
    console.log(
      JSON.stringify({
        trades: TRADES,
        unthrottledOrdersPerSecond: free,
        throttledOrdersPerSecond: limited,
        topQps: QPS,
      }),
    );
  } finally {
    await t.close();
    await sandbox.close();
  }
}

/** A fresh merchant syncs the whole backlog; returns orders per second. */
async function run(t: TestApp, sandbox: Sandbox, shop: Shop, label: string): Promise<number> {
  const m = await signupMerchant(t);
  await stockShopSkus(t, m.token, shop, 10_000_000);
  const accountId = await connectStore(t, m.token, m.shopId, shop, sandbox.port);
  const ctx = RequestContext.system(m.merchantId, 'bench');
  const since = new Date(Date.now() - SPREAD_MINUTES * 60_000 - 3_600_000);
  const startedAt = Date.now();
  const result = await t.app
    .get(TaobaoSync)
    .sync(ctx, accountId, 'bench', new Date(Date.now() + 10_000), since);
  const seconds = (Date.now() - startedAt) / 1000;
  const rows: Array<{ n: string | number }> = await t.dataSource.query(
    'SELECT COUNT(*) AS n FROM orders WHERE channel_account_id = ?',
    [accountId],
  );
  const orders = Number(rows[0].n);
  const perSecond = Math.round(orders / seconds);
  console.log(
    `${label}: ${orders} orders (run: ${result.outcome}, ${result.trades} trades read) in ${seconds.toFixed(1)} s → ${perSecond} orders/s`,
  );
  if (orders !== TRADES) throw new Error(`expected ${TRADES} orders, found ${orders}`);
  return perSecond;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
