/**
 * Order ingestion benchmark: pages of 100 channel orders × 3 lines through OrderIngestion (customers linked,
 * SKUs resolved through listings, stock reserved, outbox written), sequentially and from a few channel
 * accounts at once; then the same rows as raw multi-row INSERTs (orders + lines, same columns) on the same
 * MariaDB, the denominator. Afterwards, from the database: reserved stock = the reserved lines' units, no
 * level overdrawn, ledger consistent — also in a sold-out case where concurrent pages fight over little stock.
 *
 *   npm run bench -- order-ingestion
 *
 * Needs MariaDB at 127.0.0.1:3306 and Redis at 127.0.0.1:6379 (TEST_MYSQL_URL / TEST_REDIS_URL override);
 * runs against its own fresh, migrated database, dropped afterwards. Switches: BENCH_PAGES (default 60 per
 * phase), BENCH_SKUS (1000), BENCH_CONCURRENCY (4), BENCH_RUN_JOBS=on (relay and push jobs in this process).
 */
import 'reflect-metadata';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { ChannelAccountsService } from '@tongdao/channels';
import { ListingsService, ProductsService, SkusService } from '@tongdao/catalog';
import { loadConfig } from '@tongdao/config';
import { ShopsService } from '@tongdao/identity';
import { StockService } from '@tongdao/inventory';
import { RequestContext, newId } from '@tongdao/kernel';
import { ChannelOrder, OrderIngestion } from '@tongdao/orders';
import { dataSourceOptions } from '@tongdao/persistence';
import { RuntimeModule, tongdaoSchema } from '@tongdao/runtime';
import { testRedisUrl } from '@tongdao/testing';
import { createBenchDatabase, inParallel } from './support/bench-db';

const PAGES = Number(process.env.BENCH_PAGES ?? 60);
const SKUS = Number(process.env.BENCH_SKUS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ORDERS_PER_PAGE = 100;
const LINES_PER_ORDER = 3;

let failed = false;
let statements = 0;
const seen: string[] = [];
let keepStatements = false;

/** Counts every statement sent to MariaDB (the spy calls through to the real driver). */
function countStatements(): void {
  const original = MysqlQueryRunner.prototype.query;
  MysqlQueryRunner.prototype.query = function (this: MysqlQueryRunner, ...args: Parameters<typeof original>) {
    statements += 1;
    if (keepStatements) seen.push(String(args[0]));
    return original.apply(this, args);
  } as typeof original;
}

function out(record: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: 'order-ingestion', ...record }));
}

interface Merchant {
  ctx: RequestContext;
  accounts: string[];
  codes: string[];
}

/** A merchant with `skus` SKUs of `onHand` units each, and `accounts` Taobao accounts listing all of them. */
async function merchant(app: INestApplicationContext, skus: number, onHand: number, accounts: number) {
  const ctx = RequestContext.system(newId(), 'bench-ingestion');
  const product = await app.get(ProductsService).create(ctx, { title: 'bench tea' });
  const codes = Array.from({ length: skus }, (_, i) => `TEA-${i}`);
  const ids: string[] = new Array<string>(skus);
  await inParallel(skus, 8, async (i) => {
    // The catalog's SKU creation can deadlock under parallel inserts (its audit rows); setup just retries.
    for (let attempt = 1; ; attempt += 1) {
      try {
        ids[i] = (await app.get(SkusService).create(ctx, product.id, { code: codes[i], priceFen: 12800 })).id;
        return;
      } catch (error) {
        if (attempt >= 5 || !String(error).includes('Deadlock')) throw error;
      }
    }
  });
  const stock = app.get(StockService);
  await inParallel(skus, 16, (i) => stock.adjust(ctx, { skuId: ids[i], delta: onHand, reason: 'receiving' }));
  const shop = await app.get(ShopsService).create(ctx, { name: 'bench shop' });
  const made: string[] = [];
  for (let a = 0; a < accounts; a += 1) {
    const account = await app
      .get(ChannelAccountsService)
      .create(ctx, { type: 'taobao', shopId: shop.id, name: `bench ${a}` });
    for (let start = 0; start < skus; start += 500) {
      await app.get(ListingsService).upsertListings(
        ctx,
        account.id,
        codes.slice(start, start + 500).map((code) => ({ channelItemId: `item-${code}`, outerId: code })),
      );
    }
    made.push(account.id);
  }
  return { ctx, accounts: made, codes } satisfies Merchant;
}

let orderSeq = 0;
/** A page of new paid orders: 3 distinct random SKUs an order, 1-3 units a line, one buyer each. */
function page(codes: readonly string[]): ChannelOrder[] {
  return Array.from({ length: ORDERS_PER_PAGE }, () => {
    orderSeq += 1;
    const picked = new Set<string>();
    while (picked.size < LINES_PER_ORDER) picked.add(codes[Math.floor(Math.random() * codes.length)]);
    const lines = [...picked].map((code, n) => {
      const quantity = 1 + Math.floor(Math.random() * 3);
      return {
        externalLineId: `${orderSeq}-${n}`,
        channelItemId: `item-${code}`,
        outerId: code,
        title: `Tea ${code}`,
        quantity,
        unitPriceFen: 12800,
        totalFen: 12800 * quantity,
      };
    });
    const total = lines.reduce((sum, l) => sum + l.totalFen, 0);
    const at = new Date(Date.UTC(2026, 10, 20, 2, 0, 0) + orderSeq * 1000);
    return {
      externalOrderId: `B${orderSeq}-${newId().slice(-6)}`,
      version: at,
      status: 'paid',
      channelStatus: 'WAIT_SELLER_SEND_GOODS',
      placedAt: at,
      buyer: {
        name: `buyer ${orderSeq}`,
        identities: [{ kind: 'taobao_open_id', value: `AAE-${orderSeq}` }],
      },
      receiver: {
        name: '张三',
        phone: '13812345678',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        address: '文一西路969号',
        postcode: '310000',
      },
      lines,
      amounts: { itemsFen: total, shippingFen: 0, discountFen: 0, paidFen: total },
      payment: { method: 'alipay', paidAt: at, transactionId: `pay-${orderSeq}` },
      buyerMessage: null,
    } satisfies ChannelOrder;
  });
}

/** `pages` pages from `workers` channel accounts at once (one page in flight per account). */
async function ingestRun(
  app: INestApplicationContext,
  m: Merchant,
  pages: ChannelOrder[][],
  workers: number,
) {
  const ingestion = app.get(OrderIngestion);
  const before = statements;
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (next < pages.length) await ingestion.ingest(m.ctx, m.accounts[w], pages[next++]);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const orders = pages.length * ORDERS_PER_PAGE;
  return { orders, seconds, perSecond: Math.round(orders / seconds), statements: statements - before };
}

/** The denominator: the same rows, same columns, one multi-row INSERT of orders and one of lines per page. */
async function rawRun(url: string, pages: ChannelOrder[][], workers: number, merchantId: string) {
  const conns = await Promise.all(
    Array.from({ length: workers }, () => createConnection({ uri: url, timezone: 'Z' })),
  );
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    conns.map(async (conn) => {
      while (next < pages.length) {
        const orders = pages[next++];
        const now = new Date();
        const orderRows: unknown[][] = [];
        const lineRows: unknown[][] = [];
        for (const o of orders) {
          const id = newId();
          orderRows.push([
            id,
            merchantId,
            now,
            now,
            'raw-shop',
            'raw-account',
            'taobao',
            o.externalOrderId,
            o.version,
            o.status,
            o.channelStatus,
            null,
            o.buyer.name ?? null,
            JSON.stringify(o.receiver),
            o.receiver.phone,
            o.amounts.itemsFen,
            o.amounts.shippingFen,
            o.amounts.discountFen,
            o.amounts.paidFen,
            JSON.stringify(o.payment),
            o.placedAt,
            o.buyerMessage ?? null,
            null,
            0,
            '[]',
            null,
            0,
            0,
            o.receiver.name,
            0,
            null,
            'none',
            null,
            null,
            null,
          ]);
          for (const l of o.lines) {
            lineRows.push([
              newId(),
              merchantId,
              now,
              now,
              id,
              l.externalLineId,
              null,
              l.channelItemId,
              null,
              l.outerId ?? null,
              l.title,
              l.quantity,
              0,
              0,
              l.unitPriceFen,
              l.totalFen,
              'reserved',
              null,
            ]);
          }
        }
        await conn.query('START TRANSACTION');
        await conn.query(
          `INSERT INTO orders (id, merchant_id, created_at, updated_at, shop_id, channel_account_id, channel_type,
             external_order_id, channel_version, status, channel_status, customer_id, buyer_name, receiver,
             receiver_phone, items_fen, shipping_fen, discount_fen, paid_fen, payment, placed_at, buyer_message,
             seller_memo, seller_flag, tags, assigned_staff_id, has_unmapped_lines, has_stock_short_lines,
             receiver_name, refunded_fen, after_sale_state, settlement_state, delivered_at, settle_at, settled_at)
           VALUES ?`,
          [orderRows],
        );
        await conn.query(
          `INSERT INTO order_lines (id, merchant_id, created_at, updated_at, order_id, external_line_id, sku_id,
             channel_item_id, channel_sku_id, outer_id, title, quantity, shipped_quantity, cancelled_quantity,
             unit_price_fen, total_fen, stock, reservation_id)
           VALUES ?`,
          [lineRows],
        );
        await conn.query('COMMIT');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(conns.map((c) => c.end()));
  const orders = pages.length * ORDERS_PER_PAGE;
  return { orders, seconds, perSecond: Math.round(orders / seconds) };
}

/** From the database: reserved = units of reserved lines, no level overdrawn, the ledger adds up. */
async function proveStock(app: INestApplicationContext, ctx: RequestContext) {
  const ds = app.get(DataSource);
  const [levels] = await ds.query(
    `SELECT COALESCE(SUM(reserved), 0) AS reserved,
            COALESCE(SUM(CASE WHEN reserved + safety_stock > on_hand THEN 1 ELSE 0 END), 0) AS overdrawn
       FROM stock_levels WHERE merchant_id = ?`,
    [ctx.tenantId],
  );
  const [lines] = await ds.query(
    `SELECT COALESCE(SUM(CASE WHEN stock = 'reserved' THEN quantity ELSE 0 END), 0) AS reservedUnits,
            COALESCE(SUM(quantity), 0) AS units,
            COALESCE(SUM(CASE WHEN stock = 'short' THEN 1 ELSE 0 END), 0) AS shortLines
       FROM order_lines WHERE merchant_id = ?`,
    [ctx.tenantId],
  );
  const consistent = (await app.get(StockService).checkConsistency(ctx)).ok;
  const proof = {
    reserved: Number(levels.reserved),
    reservedLineUnits: Number(lines.reservedUnits),
    lineUnits: Number(lines.units),
    shortLines: Number(lines.shortLines),
    overdrawnLevels: Number(levels.overdrawn),
    consistent,
  };
  const ok = proof.reserved === proof.reservedLineUnits && proof.overdrawnLevels === 0 && consistent;
  if (!ok) failed = true;
  return { ...proof, ok };
}

/** Statements of one page, by verb and table (the after-commit stock push scheduling included). */
async function profilePage(app: INestApplicationContext, m: Merchant): Promise<Record<string, number>> {
  seen.length = 0;
  keepStatements = true;
  await app.get(OrderIngestion).ingest(m.ctx, m.accounts[0], page(m.codes));
  await new Promise((resolve) => setTimeout(resolve, 200));
  keepStatements = false;
  const byKind: Record<string, number> = {};
  for (const sql of seen) {
    const verb = /^\s*(\w+)/.exec(sql)?.[1].toUpperCase() ?? '?';
    const table = /(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(sql)?.[1] ?? '';
    const kind = `${verb} ${table}`.trim();
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return byKind;
}

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const db = await createBenchDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: `bench_${newId().toLowerCase()}`,
    LOG_LEVEL: 'warn',
    RUN_JOBS: process.env.BENCH_RUN_JOBS ?? 'off',
  });
  const migrator = new DataSource(dataSourceOptions(config, tongdaoSchema));
  await migrator.initialize();
  await migrator.runMigrations({ transaction: 'each' });
  await migrator.destroy();
  @Module({ imports: [RuntimeModule.forRoot(config, 'api')] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  await app.init();
  countStatements();
  const summary: string[] = [];
  try {
    const setup = Date.now();
    const m = await merchant(app, SKUS, 1_000_000, CONCURRENCY);
    out({ case: 'setup', skus: SKUS, accounts: CONCURRENCY, seconds: (Date.now() - setup) / 1000 });

    // Warm-up (caches, JIT, connection pool), then the statements of one page.
    for (let i = 0; i < 3; i += 1) await app.get(OrderIngestion).ingest(m.ctx, m.accounts[0], page(m.codes));
    const perPage = await profilePage(app, m);
    const pageStatements = Object.values(perPage).reduce((a, b) => a + b, 0);
    out({ case: 'statements_per_page', total: pageStatements, byKind: perPage });

    const sequentialPages = Array.from({ length: PAGES }, () => page(m.codes));
    const concurrentPages = Array.from({ length: PAGES }, () => page(m.codes));
    const seq = await ingestRun(app, m, sequentialPages, 1);
    const con = await ingestRun(app, m, concurrentPages, CONCURRENCY);
    const rawSeq = await rawRun(db.url, sequentialPages, 1, newId());
    const rawCon = await rawRun(db.url, concurrentPages, CONCURRENCY, newId());
    const proof = await proveStock(app, m.ctx);
    for (const [name, r, raw, workers] of [
      ['sequential', seq, rawSeq, 1],
      ['concurrent', con, rawCon, CONCURRENCY],
    ] as const) {
      const ratio = +(r.perSecond / raw.perSecond).toFixed(2);
      out({
        case: name,
        pagesInFlight: workers,
        orders: r.orders,
        seconds: +r.seconds.toFixed(2),
        ordersPerSecond: r.perSecond,
        statementsPerPage: Math.round(r.statements / (r.orders / ORDERS_PER_PAGE)),
        rawOrdersPerSecond: raw.perSecond,
        ratio,
      });
      summary.push(
        `${name} (${workers} page${workers > 1 ? 's' : ''} in flight): ${r.perSecond} orders/s vs raw INSERTs ${raw.perSecond} orders/s → ratio ${ratio}; ${Math.round(r.statements / (r.orders / ORDERS_PER_PAGE))} statements/page`,
      );
    }
    out({ case: 'stock_proof', ...proof });
    summary.push(
      `stock: reserved ${proof.reserved} = reserved line units ${proof.reservedLineUnits} (of ${proof.lineUnits}); overdrawn levels ${proof.overdrawnLevels}; ledger consistent ${proof.consistent}`,
    );

    // Sold out: concurrent pages over 20 SKUs of 100 units each; exactly what fits is reserved.
    const tight = await merchant(app, 20, 100, CONCURRENCY);
    const tightRun = await ingestRun(
      app,
      tight,
      Array.from({ length: CONCURRENCY * 2 }, () => page(tight.codes)),
      CONCURRENCY,
    );
    const tightProof = await proveStock(app, tight.ctx);
    if (tightProof.shortLines === 0) failed = true;
    out({ case: 'sold_out', orders: tightRun.orders, ...tightProof });
    summary.push(
      `sold out (20 SKUs × 100 units, ${CONCURRENCY} pages in flight): reserved ${tightProof.reserved} of 2000 = reserved line units ${tightProof.reservedLineUnits}; ${tightProof.shortLines} lines short; overdrawn ${tightProof.overdrawnLevels}; consistent ${tightProof.consistent}`,
    );
    summary.unshift(`statements per page (one page profiled): ${pageStatements}`);
    console.log(
      `\nOrder ingestion benchmark (pages of ${ORDERS_PER_PAGE} × ${LINES_PER_ORDER} lines, ${SKUS} SKUs)\n  ${summary.join('\n  ')}`,
    );
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
