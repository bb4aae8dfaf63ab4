/**
 * TMC latency benchmark: the sandbox Taobao's generator ticks BENCH_TMC_RATE times per second (default 100; a
 * tick is a new trade and sometimes an older one moving on) for
 * BENCH_SECONDS (default 30); each change is published on TMC; Tongdao's consumer fetches the trade and
 * ingests it. Latency = from the moment the sandbox publishes a message to the moment the ingestion of that
 * trade has committed (the order is visible in the desk). Prints p50/p95/p99/max and the count.
 *
 *   npm run bench -- taobao-tmc
 *
 * Both sides run in this process (the sandbox in-process, Tongdao on MariaDB + Redis via the test harness), so
 * the two timestamps come from one clock.
 */
import 'reflect-metadata';
import { RequestContext } from '@tongdao/kernel';
import { TaobaoTmcConsumer, TaobaoTrades } from '@tongdao/channels';
import { signupMerchant, startTestApp } from '@tongdao/testing';
import { TmcHub } from '../apps/sandbox/src/taobao/tmc/hub';
import { TradeGenerator } from '../apps/sandbox/src/taobao/trades/generator';
import { createShop, startSandbox } from '../test/sandbox/taobao-client';
import { connectStore, stockShopSkus } from '../test/channels/taobao-support';

const RATE = Number(process.env.BENCH_TMC_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);

async function main(): Promise<void> {
  const sandbox = await startSandbox();
  const t = await startTestApp({ env: { LOG_LEVEL: 'error', CHANNEL_SYNC_MS: '3600000' } });
  try {
    const shop = await createShop(sandbox.http, { items: 8 });
    const m = await signupMerchant(t);
    await stockShopSkus(t, m.token, shop, 10_000_000);
    await connectStore(t, m.token, m.shopId, shop, sandbox.port, { tmc: true });

    // Publish time per trade, taken where the sandbox enqueues the message.
    const published = new Map<string, number>();
    let messages = 0;
    const hub = sandbox.app.get(TmcHub);
    const publish = hub.publish.bind(hub);
    hub.publish = (nick, topic, content, dataId, at) => {
      messages += 1;
      const raw = (content as { tid?: unknown }).tid;
      const tid =
        typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'bigint'
          ? String(raw)
          : String(dataId);
      if (!published.has(tid)) published.set(tid, Date.now());
      publish(nick, topic, content, dataId, at);
    };
    // Visible time per trade: when its ingestion committed.
    const latencies: number[] = [];
    const trades = t.app.get(TaobaoTrades);
    const ingest = trades.fetchAndIngest.bind(trades);
    trades.fetchAndIngest = async (ctx: RequestContext, accountId: string, tids: readonly string[]) => {
      const failures = await ingest(ctx, accountId, tids);
      const now = Date.now();
      for (const tid of tids) {
        const at = published.get(tid);
        if (at !== undefined && !failures.has(tid)) {
          latencies.push(now - at);
          published.delete(tid);
        }
      }
      return failures;
    };
    await t.app.get(TaobaoTmcConsumer).refresh();

    // The sandbox's own timer tops out at 20 ticks/s; drive it at RATE ticks/s in batches every 100 ms.
    const generator = sandbox.app.get(TradeGenerator);
    const driver = setInterval(() => {
      for (let i = 0; i < RATE / 10; i++) generator.tick(shop.sellerNick);
    }, 100);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    clearInterval(driver);
    const deadline = Date.now() + 60_000;
    while (published.size > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));

    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    console.log(
      JSON.stringify({
        ratePerSecond: RATE,
        seconds: SECONDS,
        messagesPublished: messages,
        messagesPerSecond: Math.round(messages / SECONDS),
        tradesVisible: latencies.length,
        notVisibleAfter60s: published.size,
        p50Ms: pct(50),
        p95Ms: pct(95),
        p99Ms: pct(99),
        maxMs: latencies[latencies.length - 1],
      }),
    );
  } finally {
    await t.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
