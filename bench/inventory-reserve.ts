/**
 * Inventory benchmark: reservations per second on one hot SKU and spread over 10,000 SKUs (zero oversell,
 * ledger proven afterwards), and how many channel pushes 10,000 stock changes over 100 SKUs cost.
 *
 *   npx ts-node -r tsconfig-paths/register --transpile-only bench/inventory-reserve.ts
 *
 * Needs MariaDB at 127.0.0.1:3306 and Redis at 127.0.0.1:6379 (TEST_MYSQL_URL / TEST_REDIS_URL override);
 * runs against its own fresh, migrated database, dropped afterwards. BENCH_SECONDS (default 10) bounds (a)/(b).
 */
import 'reflect-metadata';
import { ChannelAccountsService } from '@tongdao/channels';
import { ListingsService, ProductsService, SkusService } from '@tongdao/catalog';
import {
  StockPublisher,
  StockPushItem,
  StockPushOutcome,
  StockQueries,
  StockService,
} from '@tongdao/inventory';
import { ShopsService } from '@tongdao/identity';
import { DomainError, RequestContext, newId } from '@tongdao/kernel';
import { dataSourceOptions } from '@tongdao/persistence';
import { RuntimeModule, tongdaoSchema } from '@tongdao/runtime';
import { testRedisUrl } from '@tongdao/testing';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { createBenchDatabase, inParallel } from './support/bench-db';

type BenchApp = { app: INestApplicationContext };

const CLIENTS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const HOT_LIMIT = 500_000;
const SPREAD_SKUS = Number(process.env.BENCH_SPREAD_SKUS ?? 10_000);
const PUSH_SKUS = 100;
const PUSH_CHANGES = 10_000;

class CountingPublisher extends StockPublisher {
  pushes = 0;
  readonly last = new Map<string, number>();
  publish(_ctx: RequestContext, items: StockPushItem[]): Promise<StockPushOutcome[]> {
    this.pushes += items.length;
    for (const item of items) this.last.set(item.listingId, item.quantity);
    return Promise.resolve(items.map((i) => ({ listingId: i.listingId, status: 'pushed' as const })));
  }
}

/** BENCH_PROFILE=path: a CPU profile of the hot-SKU run (BENCH_PROFILE_CASE=spread: of the spread run). */
async function startProfile(): Promise<() => Promise<void>> {
  const inspector = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Set when any case oversold or left the ledger disagreeing with the levels; the run then exits 1. */
let failed = false;

/**
 * Zero oversell, from the database: the merchant's reserved units equal the successful reserves, no level
 * holds more reserved than on hand minus safety stock, and the active reservations add up to the same figure.
 */
async function proveNoOversell(
  app: INestApplicationContext,
  stock: StockService,
  ctx: RequestContext,
  successes: number,
  reservedBefore = 0,
): Promise<{ oversold: boolean; consistent: boolean }> {
  const ds = app.get(DataSource);
  const [levels] = await ds.query<Array<Record<string, unknown>>>(
    `SELECT COALESCE(SUM(reserved), 0) AS reserved,
            COALESCE(SUM(CASE WHEN reserved + safety_stock > on_hand THEN 1 ELSE 0 END), 0) AS overdrawn
       FROM stock_levels WHERE merchant_id = ?`,
    [ctx.tenantId],
  );
  const [held] = await ds.query<Array<Record<string, unknown>>>(
    "SELECT COALESCE(SUM(quantity), 0) AS units FROM stock_reservations WHERE merchant_id = ? AND status = 'active'",
    [ctx.tenantId],
  );
  const reserved = Number(levels.reserved) - reservedBefore;
  const oversold =
    reserved !== successes || Number(levels.overdrawn) > 0 || Number(held.units) !== Number(levels.reserved);
  const consistent = (await stock.checkConsistency(ctx)).ok;
  if (oversold || !consistent) failed = true;
  return { oversold, consistent };
}

function line(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'inventory', ...record }));
}

async function createSkus(
  t: BenchApp,
  ctx: RequestContext,
  count: number,
  prefix: string,
): Promise<Array<{ id: string; code: string }>> {
  const product = await t.app.get(ProductsService).create(ctx, { title: `bench ${prefix}` });
  const skus = t.app.get(SkusService);
  return inParallel(count, 8, async (i) => {
    const code = `${prefix}-${i}`;
    // The catalog's SKU creation can deadlock under parallel inserts (its audit rows); setup just retries.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const sku = await skus.create(ctx, product.id, { code, priceFen: 100 });
        return { id: sku.id, code };
      } catch (error) {
        if (attempt >= 5 || !String(error).includes('Deadlock')) throw error;
      }
    }
  });
}

/** Runs CLIENTS loops of reserve(1) until the time or the count runs out. */
async function hammer(
  stock: StockService,
  ctx: RequestContext,
  pickSku: () => string,
  limit: number,
): Promise<{
  ok: number;
  insufficient: number;
  other: number;
  seconds: number;
  p50: number;
  p99: number;
  nodeCpu: number;
}> {
  let issued = 0;
  let ok = 0;
  let insufficient = 0;
  let other = 0;
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (Date.now() < deadline && issued < limit) {
        issued += 1;
        const t0 = process.hrtime.bigint();
        try {
          await stock.reserve(ctx, {
            skuId: pickSku(),
            quantity: 1,
            reference: { type: 'bench', id: newId() },
          });
          ok += 1;
        } catch (error) {
          if (error instanceof DomainError && error.code === 'insufficient_stock') insufficient += 1;
          else {
            other += 1;
            if (other <= 3) console.error(error);
          }
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const nodeCpu = Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.floor((latencies.length - 1) * p)] * 10) / 10;
  return { ok, insufficient, other, seconds, p50: pct(0.5), p99: pct(0.99), nodeCpu };
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const publisher = new CountingPublisher();
  // A fresh database migrated like the test harness does; the worker runtime (no HTTP) runs the jobs.
  const db = await createBenchDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: `bench_${newId().toLowerCase()}`,
    LOG_LEVEL: 'warn',
    RUN_JOBS: process.env.BENCH_RUN_JOBS ?? 'on',
    STOCK_PUSH_DELAY_MS: process.env.STOCK_PUSH_DELAY_MS ?? '500',
  });
  const migrator = new DataSource(dataSourceOptions(config, tongdaoSchema));
  await migrator.initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  @Module({
    imports: [RuntimeModule.forRoot(config, 'worker')],
    providers: [{ provide: StockPublisher, useValue: publisher }],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  await app.init();
  const t: BenchApp = { app };
  try {
    const stock = t.app.get(StockService);
    const queries = t.app.get(StockQueries);
    const summary: string[] = [];

    // BENCH_ONLY=hot|dry|spread|push runs one case.
    const wants = (name: string): boolean => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === name;

    // (a) one hot SKU
    if (wants('hot')) {
      const ctx = RequestContext.system(newId(), 'bench-hot');
      const [sku] = await createSkus(t, ctx, 1, 'HOT');
      await stock.adjust(ctx, { skuId: sku.id, delta: 10_000_000, reason: 'receiving' });
      const profiling =
        process.env.BENCH_PROFILE && process.env.BENCH_PROFILE_CASE !== 'spread'
          ? await startProfile()
          : null;
      const r = await hammer(stock, ctx, () => sku.id, HOT_LIMIT);
      if (profiling) await profiling();
      const totals = (await queries.skuStock(ctx, sku.id)).totals;
      const proof = await proveNoOversell(app, stock, ctx, r.ok);
      const perSecond = Math.round(r.ok / r.seconds);
      line({
        case: 'hot_sku',
        clients: CLIENTS,
        reservations: r.ok,
        seconds: +r.seconds.toFixed(2),
        perSecond,
        p50ms: r.p50,
        p99ms: r.p99,
        nodeCpuPercent: r.nodeCpu,
        errors: r.other,
        reserved: totals.reserved,
        ...proof,
      });
      summary.push(
        `(a) hot SKU: ${perSecond} reservations/s at ${CLIENTS} clients (p50 ${r.p50} ms, p99 ${r.p99} ms); oversold: ${proof.oversold}; ledger consistent: ${proof.consistent}`,
      );
    }

    // (a') hot SKU running dry: more buyers than stock, still exact
    if (wants('dry')) {
      const ctx = RequestContext.system(newId(), 'bench-dry');
      const [sku] = await createSkus(t, ctx, 1, 'DRY');
      await stock.adjust(ctx, { skuId: sku.id, delta: 1_000, reason: 'receiving' });
      const r = await hammer(stock, ctx, () => sku.id, 3_000);
      const totals = (await queries.skuStock(ctx, sku.id)).totals;
      const proof = await proveNoOversell(app, stock, ctx, r.ok);
      // Sold out means exactly the stock was reserved: nobody refused while units were left.
      if (r.ok !== 1_000) failed = true;
      line({
        case: 'hot_sku_sold_out',
        attempts: r.ok + r.insufficient + r.other,
        reservations: r.ok,
        insufficient: r.insufficient,
        errors: r.other,
        reserved: totals.reserved,
        ...proof,
      });
      summary.push(
        `(a') sold-out run: ${r.ok} of ${r.ok + r.insufficient} attempts reserved against 1000 in stock, ${r.insufficient} refused; oversold: ${proof.oversold}; consistent: ${proof.consistent}`,
      );
    }

    // (b) spread over 10,000 SKUs
    if (wants('spread')) {
      const ctx = RequestContext.system(newId(), 'bench-spread');
      const setup = Date.now();
      const skus = await createSkus(t, ctx, SPREAD_SKUS, 'SPREAD');
      await inParallel(skus.length, 32, (i) =>
        stock.adjust(ctx, { skuId: skus[i].id, delta: 1_000, reason: 'receiving' }),
      );
      const setupSeconds = (Date.now() - setup) / 1000;
      const profiling =
        process.env.BENCH_PROFILE && process.env.BENCH_PROFILE_CASE === 'spread'
          ? await startProfile()
          : null;
      const r = await hammer(
        stock,
        ctx,
        () => skus[Math.floor(Math.random() * skus.length)].id,
        Number.MAX_SAFE_INTEGER,
      );
      if (profiling) await profiling();
      const proof = await proveNoOversell(app, stock, ctx, r.ok);
      const perSecond = Math.round(r.ok / r.seconds);
      line({
        case: 'spread_10k_skus',
        clients: CLIENTS,
        skus: SPREAD_SKUS,
        reservations: r.ok,
        seconds: +r.seconds.toFixed(2),
        perSecond,
        p50ms: r.p50,
        p99ms: r.p99,
        nodeCpuPercent: r.nodeCpu,
        errors: r.other,
        ...proof,
        setupSeconds,
      });
      summary.push(
        `(b) spread over ${SPREAD_SKUS} SKUs: ${perSecond} reservations/s at ${CLIENTS} clients (p50 ${r.p50} ms, p99 ${r.p99} ms); oversold: ${proof.oversold}; consistent: ${proof.consistent}`,
      );
    }

    // (c) coalescing: 10,000 changes over 100 listed SKUs
    if (wants('push')) {
      const ctx = RequestContext.system(newId(), 'bench-push');
      const skus = await createSkus(t, ctx, PUSH_SKUS, 'PUSH');
      const account = await t.app.get(ChannelAccountsService).create(ctx, {
        type: 'taobao',
        shopId: (await t.app.get(ShopsService).create(ctx, { name: 'bench' })).id,
        name: 'bench',
      });
      const listings = await t.app.get(ListingsService).upsertListings(
        ctx,
        account.id,
        skus.map((s) => ({ channelItemId: `item-${s.code}`, channelSkuId: s.code, outerId: s.code })),
      );
      await new Promise((r) => setTimeout(r, 1500));
      publisher.pushes = 0;
      const started = Date.now();
      await inParallel(PUSH_CHANGES, CLIENTS, (i) =>
        stock.adjust(ctx, { skuId: skus[i % PUSH_SKUS].id, delta: 1, reason: 'receiving' }),
      );
      const changeSeconds = (Date.now() - started) / 1000;
      // Done when every listing shows its final figure and no push came for 2 s (push jobs of earlier cases
      // may still be queued ahead of these).
      const expected = PUSH_CHANGES / PUSH_SKUS;
      const settleBy = Date.now() + 180_000;
      let seen = -1;
      while (Date.now() < settleBy) {
        const settled = listings.every((l) => publisher.last.get(l.id) === expected);
        if (settled && seen === publisher.pushes) break;
        seen = publisher.pushes;
        await new Promise((r) => setTimeout(r, 2000));
      }
      const stale = listings.filter((l) => publisher.last.get(l.id) !== expected).length;
      const consistent = (await stock.checkConsistency(ctx)).ok;
      if (stale > 0 || !consistent) failed = true;
      line({
        case: 'push_coalescing',
        changes: PUSH_CHANGES,
        skus: PUSH_SKUS,
        channelListings: listings.length,
        pushes: publisher.pushes,
        changeSeconds,
        pushDelayMs: config.STOCK_PUSH_DELAY_MS,
        listingsWithStaleFinalFigure: stale,
        consistent,
      });
      summary.push(
        `(c) ${PUSH_CHANGES} changes over ${PUSH_SKUS} SKUs in ${changeSeconds}s → ${publisher.pushes} channel pushes (${(PUSH_CHANGES / Math.max(1, publisher.pushes)).toFixed(1)} changes per push); listings whose last push was not the final figure: ${stale}; consistent: ${consistent}`,
      );
    }

    console.log(`\nInventory benchmark\n  ${summary.join('\n  ')}`);
  } finally {
    await app.close();
    await db.drop();
  }
}

main().then(
  () => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
