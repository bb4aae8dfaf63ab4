/**
 * Seeds the order-desk benchmark (bench/order-desk.ts) with raw multi-row INSERTs. It lives in a folder so
 * bench/run.ts, which runs every bench/*.ts, does not take it for a benchmark.
 *
 * Distribution (one merchant holds everything: the tenant filter narrows nothing, the worst case):
 * - 5 shops weighted 40/25/15/10/10 %, one channel account each (taobao ×3, wechat, weibo);
 * - placed_at uniform over the 365 days before 2026-11-01; ids are ULIDs minted at placed_at, so id order is
 *   time order as with live ingestion;
 * - status: completed 45 %, shipped 20 %, paid 15 %, delivered 10 %, cancelled 4 %, pending_payment 3 %,
 *   closed 2 %, partially_shipped 1 %;
 * - 30 % assigned, evenly over 20 agents (~15,000 orders each at 1M); tags: 5 % vip, 2 % fragile;
 * - receiver phones random 11 digits (practically unique); buyers drawn from 200,000 names;
 * - 1–3 lines per order (mean 1.6) over 2,000 SKUs, uniformly.
 */
import { createPool, Pool } from 'mysql2/promise';
import { ulid } from 'ulid';

export const SHOP_WEIGHTS = [0.4, 0.25, 0.15, 0.1, 0.1];
const CHANNEL_TYPES = ['taobao', 'taobao', 'taobao', 'wechat', 'weibo'];
const STATUSES: Array<[string, number]> = [
  ['completed', 0.45],
  ['shipped', 0.2],
  ['paid', 0.15],
  ['delivered', 0.1],
  ['cancelled', 0.04],
  ['pending_payment', 0.03],
  ['closed', 0.02],
  ['partially_shipped', 0.01],
];
export const AGENTS = 20;
export const SKUS = 2000;
export const SEED_END = Date.UTC(2026, 10, 1);
export const SEED_DAYS = 365;
const BATCH = 1000;

export interface SeedIds {
  merchantId: string;
  shopIds: string[];
  accountIds: string[];
  agentIds: string[];
  skuIds: string[];
}

/** A deterministic PRNG (mulberry32), so two runs seed the same shape. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID for time `ms` with randomness from `rand`: the ulid package draws crypto bytes per character, too slow for millions. */
function idAt(ms: number, rand: () => number): string {
  let time = '';
  for (let i = 0, t = ms; i < 10; i += 1, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  let tail = '';
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[Math.floor(rand() * 32)];
  return time + tail;
}

function pickWeighted<T>(r: number, items: Array<[T, number]>): T {
  let acc = 0;
  for (const [item, weight] of items) {
    acc += weight;
    if (r < acc) return item;
  }
  return items[items.length - 1][0];
}

export function seedIds(merchantId: string, shop0: string): SeedIds {
  return {
    merchantId,
    shopIds: [shop0, ...Array.from({ length: 4 }, () => ulid())],
    accountIds: Array.from({ length: 5 }, () => ulid()),
    agentIds: Array.from({ length: AGENTS }, () => ulid()),
    skuIds: Array.from({ length: SKUS }, () => ulid()),
  };
}

/** Phone of order n: the bench looks phones up again without storing a million of them. */
export function phoneOf(n: number): string {
  return `1${String(3_000_000_000 + ((n * 2_654_435_761) % 6_999_999_999)).padStart(10, '0')}`;
}

interface Rows {
  orders: unknown[][];
  lines: unknown[][];
}

export function buildBatch(ids: SeedIds, from: number, count: number): Rows {
  const rand = prng(from + 1);
  const orders: unknown[][] = [];
  const lines: unknown[][] = [];
  const shopWeights = SHOP_WEIGHTS.map((w, i) => [i, w] as [number, number]);
  for (let n = from; n < from + count; n += 1) {
    const placedMs = SEED_END - Math.floor(rand() * SEED_DAYS * 86_400_000);
    const placedAt = new Date(placedMs);
    const id = idAt(placedMs, rand);
    const shop = pickWeighted(rand(), shopWeights);
    const status = pickWeighted(rand(), STATUSES);
    const assigned = rand() < 0.3 ? ids.agentIds[Math.floor(rand() * AGENTS)] : null;
    const tagRoll = rand();
    const tags = tagRoll < 0.05 ? ['vip'] : tagRoll < 0.07 ? ['fragile'] : [];
    const buyer = `买家${Math.floor(rand() * 200_000)}`;
    const phone = phoneOf(n);
    const lineCount = 1 + Math.floor(rand() * rand() * 3.2);
    let items = 0;
    for (let l = 0; l < lineCount; l += 1) {
      const sku = ids.skuIds[Math.floor(rand() * SKUS)];
      const qty = 1 + Math.floor(rand() * 3);
      const unit = 1000 + Math.floor(rand() * 50_000);
      items += unit * qty;
      lines.push([
        idAt(placedMs, rand),
        ids.merchantId,
        id,
        `L${l}`,
        sku,
        `item-${sku.slice(-6)}`,
        null,
        `SKU-${sku.slice(-6)}`,
        `商品 ${sku.slice(-4)}`,
        qty,
        status === 'paid' || status === 'pending_payment' ? 0 : qty,
        unit,
        unit * qty,
        status === 'paid' || status === 'pending_payment' ? 'reserved' : 'committed',
        placedAt,
        placedAt,
      ]);
    }
    const receiver = {
      name: buyer,
      phone,
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: `文一西路${n % 1000}号`,
      postcode: '310000',
    };
    orders.push([
      id,
      ids.merchantId,
      ids.shopIds[shop],
      ids.accountIds[shop],
      CHANNEL_TYPES[shop],
      `E${n}`,
      placedAt,
      status,
      'TRADE_X',
      buyer,
      JSON.stringify(receiver),
      phone,
      items,
      0,
      0,
      items,
      JSON.stringify({ method: 'alipay', paidAt: placedAt.toISOString(), transactionId: null }),
      placedAt,
      null,
      null,
      0,
      JSON.stringify(tags),
      assigned,
      0,
      0,
      placedAt,
      placedAt,
      buyer,
    ]);
  }
  return { orders, lines };
}

const ORDER_COLUMNS =
  'id, merchant_id, shop_id, channel_account_id, channel_type, external_order_id, channel_version, status, ' +
  'channel_status, buyer_name, receiver, receiver_phone, items_fen, shipping_fen, discount_fen, paid_fen, ' +
  'payment, placed_at, buyer_message, seller_memo, seller_flag, tags, assigned_staff_id, has_unmapped_lines, ' +
  'has_stock_short_lines, created_at, updated_at, receiver_name';
const LINE_COLUMNS =
  'id, merchant_id, order_id, external_line_id, sku_id, channel_item_id, channel_sku_id, outer_id, title, ' +
  'quantity, shipped_quantity, unit_price_fen, total_fen, stock, created_at, updated_at';

/**
 * The secondary indexes of a table as `ADD INDEX` clauses. The seed drops them, loads, and adds them back
 * in one ALTER (a sort per index instead of a million random B-tree inserts); the schema ends identical.
 */
async function secondaryIndexes(pool: Pool, table: string): Promise<{ drop: string[]; add: string[] }> {
  const [rows] = await pool.query(
    `SELECT INDEX_NAME AS name, NON_UNIQUE AS nonUnique, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) AS cols
       FROM information_schema.STATISTICS
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY'
      GROUP BY INDEX_NAME, NON_UNIQUE`,
    [table],
  );
  const list = rows as Array<{ name: string; nonUnique: number; cols: string }>;
  return {
    drop: list.map((i) => `DROP INDEX \`${i.name}\``),
    add: list.map(
      (i) =>
        `ADD ${Number(i.nonUnique) === 0 ? 'UNIQUE ' : ''}INDEX \`${i.name}\` (${i.cols
          .split(',')
          .map((c) => `\`${c}\``)
          .join(', ')})`,
    ),
  };
}

/** Inserts `total` orders with their lines over a few connections; returns the seconds it took. */
export async function seedOrders(databaseUrl: string, ids: SeedIds, total: number): Promise<number> {
  const pool: Pool = createPool({ uri: databaseUrl, connectionLimit: 3, timezone: 'Z' });
  const started = Date.now();
  const indexes = {
    orders: await secondaryIndexes(pool, 'orders'),
    order_lines: await secondaryIndexes(pool, 'order_lines'),
  };
  for (const [table, { drop }] of Object.entries(indexes))
    if (drop.length > 0) await pool.query(`ALTER TABLE ${table} ${drop.join(', ')}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    const conn = await pool.getConnection();
    try {
      await conn.query('SET unique_checks = 0');
      while (next < total) {
        const from = next;
        const count = Math.min(BATCH, total - from);
        next += count;
        const rows = buildBatch(ids, from, count);
        await conn.beginTransaction();
        await conn.query(`INSERT INTO orders (${ORDER_COLUMNS}) VALUES ?`, [rows.orders]);
        await conn.query(`INSERT INTO order_lines (${LINE_COLUMNS}) VALUES ?`, [rows.lines]);
        await conn.commit();
      }
    } finally {
      conn.release();
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  for (const [table, { add }] of Object.entries(indexes))
    if (add.length > 0) await pool.query(`ALTER TABLE ${table} ${add.join(', ')}`);
  await pool.query('ANALYZE TABLE orders, order_lines');
  await pool.end();
  return (Date.now() - started) / 1000;
}
