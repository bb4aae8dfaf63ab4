/**
 * Order desk benchmark: p50/p99 of filtered list pages over BENCH_ORDERS orders (default 1,000,000) for
 * realistic filters, the query plan of each, and the time to export ~10 % of the orders (100,000 at 1M) as a
 * stream and as a job.
 *
 *   npm run bench -- order-desk                    # 1M orders, ~5 min on the 2-core machine
 *   BENCH_ORDERS=100000 npm run bench -- order-desk # a quick run
 *
 * Needs MariaDB and Redis (TEST_MYSQL_URL / TEST_REDIS_URL override); runs in its own throwaway database
 * (`td_bench_*`, dropped afterwards unless BENCH_KEEP_DB=1). BENCH_ITERATIONS (default 40) pages per filter.
 * The seed's distribution is described in bench/order-desk/seed.ts.
 */
import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { AuthService, OrderAccessPolicy, SignupService } from '@tongdao/identity';
import { RequestContext, newId } from '@tongdao/kernel';
import { OrderDesk, OrderDeskQuery, OrderExports, applyDeskFilters } from '@tongdao/orders';
import { dataSourceOptions } from '@tongdao/persistence';
import { RuntimeModule, tongdaoSchema } from '@tongdao/runtime';
import { testRedisUrl } from '@tongdao/testing';
import { SEED_DAYS, SEED_END, SeedIds, phoneOf, prng, seedIds, seedOrders } from './order-desk/seed';
import { createBenchDatabase } from './support/bench-db';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);

interface Case {
  name: string;
  ctx: RequestContext;
  query: (i: number) => OrderDeskQuery;
}

function print(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'order-desk', ...record }));
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.floor((sorted.length - 1) * p)] * 10) / 10;
}

function cases(ids: SeedIds, owner: RequestContext, agent: RequestContext): Case[] {
  const rand = prng(7);
  const day = 86_400_000;
  const weekFrom = (i: number) => new Date(SEED_END - Math.floor((i * 37) % (SEED_DAYS - 7)) * day - 7 * day);
  const someOrder = () => Math.floor(rand() * ORDERS);
  return [
    { name: 'newest (no filter)', ctx: owner, query: () => ({}) },
    { name: 'status=paid', ctx: owner, query: () => ({ status: 'paid' }) },
    {
      name: 'shop + 7-day range',
      ctx: owner,
      query: (i) => ({
        shopId: ids.shopIds[i % ids.shopIds.length],
        createdFrom: weekFrom(i),
        createdTo: new Date(weekFrom(i).getTime() + 7 * day),
      }),
    },
    { name: 'receiverPhone', ctx: owner, query: () => ({ receiverPhone: phoneOf(someOrder()) }) },
    {
      name: 'skuId',
      ctx: owner,
      query: () => ({ skuId: ids.skuIds[Math.floor(rand() * ids.skuIds.length)] }),
    },
    { name: 'tag=vip', ctx: owner, query: () => ({ tag: 'vip' }) },
    { name: 'q=external id', ctx: owner, query: () => ({ q: `E${someOrder()}` }) },
    { name: 'cs_agent (assigned)', ctx: agent, query: () => ({}) },
    { name: 'cs_agent + status=shipped', ctx: agent, query: () => ({ status: 'shipped' }) },
  ];
}

/** The plan MariaDB picks for the list's query: the index used and the rows it expects to read. */
async function explain(
  app: INestApplicationContext,
  ctx: RequestContext,
  query: OrderDeskQuery,
): Promise<Record<string, unknown>> {
  const ds = app.get(DataSource);
  type OrderQuery = Parameters<typeof applyDeskFilters>[0];
  const filtered = await applyDeskFilters(
    ds
      .getRepository('OrderRow')
      .createQueryBuilder('o')
      .where('o.merchantId = :tenantId', { tenantId: ctx.tenantId }) as OrderQuery,
    ctx,
    query,
    app.get(OrderAccessPolicy),
  );
  const qb = filtered.orderBy('o.id', 'DESC').take(21);
  const [sql, params] = qb.getQueryAndParameters();
  const rows = await ds.query<Array<Record<string, unknown>>>(`EXPLAIN ${sql}`, params);
  return { key: rows[0].key, type: rows[0].type, rows: rows[0].rows, extra: rows[0].Extra };
}

async function measureList(app: INestApplicationContext, c: Case): Promise<Record<string, unknown>> {
  const desk = app.get(OrderDesk);
  for (let i = 0; i < 2; i += 1) await desk.list(c.ctx, c.query(i));
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < ITERATIONS; i += 1) {
    const query = c.query(i + 2);
    const t0 = process.hrtime.bigint();
    const page = await desk.list(c.ctx, query);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    items += page.items.length;
  }
  times.sort((a, b) => a - b);
  return {
    case: c.name,
    p50ms: percentile(times, 0.5),
    p99ms: percentile(times, 0.99),
    avgItems: Math.round((items / ITERATIONS) * 10) / 10,
    plan: await explain(app, c.ctx, c.query(0)),
  };
}

async function measureExport(
  app: INestApplicationContext,
  owner: RequestContext,
  shopId: string,
): Promise<void> {
  const exports = app.get(OrderExports);
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  let bytes = 0;
  let lines = 0;
  const t0 = Date.now();
  for await (const chunk of exports.stream(owner, { shopId })) {
    const text = String(chunk);
    bytes += Buffer.byteLength(text);
    for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) lines += 1;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const streamSeconds = (Date.now() - t0) / 1000;
  print({
    case: 'export stream',
    rows: lines - 1,
    seconds: streamSeconds,
    mb: Math.round(bytes / 1e5) / 10,
    rowsPerSecond: Math.round((lines - 1) / streamSeconds),
    peakRssGrowthMb: Math.round((peakRss - rss0) / 1e5) / 10,
  });
  const t1 = Date.now();
  const started = await exports.start(owner, { shopId });
  let view = started;
  while (view.status === 'queued' || view.status === 'running') {
    await new Promise((r) => setTimeout(r, 200));
    view = await exports.get(owner, started.id);
  }
  const jobSeconds = (Date.now() - t1) / 1000;
  print({
    case: 'export job',
    status: view.status,
    rows: view.rowsWritten,
    seconds: jobSeconds,
    mb: Math.round(view.bytes / 1e5) / 10,
    rowsPerSecond: Math.round(view.rowsWritten / jobSeconds),
  });
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const db = await createBenchDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: `bench_${newId().toLowerCase()}`,
    LOG_LEVEL: 'warn',
    RUN_JOBS: 'on',
  });
  const migrator = new DataSource(dataSourceOptions(config, tongdaoSchema));
  await migrator.initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  @Module({ imports: [RuntimeModule.forRoot(config, 'worker')] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  await app.init();
  try {
    const base = RequestContext.anonymous('bench');
    const signedUp = await app.get(SignupService).signup(base, {
      merchantName: 'Bench merchant',
      shopName: 'Bench shop',
      phone: `199${String(Date.now()).slice(-8)}`,
      password: 'bench-password-1',
    });
    const owner = await app.get(AuthService).authenticate(signedUp.accessToken, base);
    const ids = seedIds(signedUp.merchantId, signedUp.shopId);
    const seedSeconds = await seedOrders(db.url, ids, ORDERS);
    const [{ n }] = await app
      .get(DataSource)
      .query<Array<{ n: string }>>('SELECT COUNT(*) AS n FROM order_lines');
    print({ case: 'seed', orders: ORDERS, lines: Number(n), seconds: seedSeconds });
    const agent = owner.withTenant(signedUp.merchantId, {
      kind: 'staff',
      staffId: ids.agentIds[0],
      name: 'bench agent',
      isOwner: false,
      permissions: new Set(['order.read', 'order.ship']),
      shopScope: 'all',
      orderScope: 'assigned',
      refundLimitFen: 0,
    });
    for (const c of cases(ids, owner, agent)) print(await measureList(app, c));
    // The smallest shops hold 10 % of the orders: 100,000 at the default size.
    await measureExport(app, owner, ids.shopIds[3]);
  } finally {
    await app.close();
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${db.name}`);
    else await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
