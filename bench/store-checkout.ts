/**
 * WeChat-shop checkout benchmark: buyers signed in through the sandbox's WeChat OAuth run checkout → create
 * payment (JSAPI prepay) → the sandbox buyer pays → the signed, encrypted notification reaches the api → the
 * order is paid, in a loop, for BENCH_SECONDS (20) at each of BENCH_CONCURRENCY (8,32) buyers. Prints orders/s
 * (checkout to paid) and p50/p99 of every step. Then the race: BENCH_RACE_BUYERS (300) buyers at once for
 * BENCH_RACE_UNITS (100) units: how many were placed, paid, refused, and whether any unit was oversold or any
 * money taken without stock.
 *
 *   npm run build && npm run bench -- store-checkout
 *
 * Production shape: MariaDB + Redis, the api (RUN_JOBS=off) and a worker as separate built processes, and the
 * sandbox as a third process. Needs `npm run build` first.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { testRedisUrl } from '@tongdao/testing';
import { createBenchDatabase } from './support/bench-db';
import { PaidWatch } from './store/paid-watch';
import { Started, runBuilt, startBuilt, waitUp } from './store/processes';
import { OpenShop, RECEIVER, call, must, openShop, signInBuyers } from './store/shop-setup';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const RACE_BUYERS = Number(process.env.BENCH_RACE_BUYERS ?? 300);
const RACE_UNITS = Number(process.env.BENCH_RACE_UNITS ?? 100);
const STEPS = ['checkout', 'payment', 'pay', 'notified', 'total'] as const;
type Step = (typeof STEPS)[number];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

interface Run {
  api: string;
  sandbox: string;
  shop: OpenShop;
  watch: PaidWatch;
}

/** One buyer's purchase, step by step: refused when checkout was (sold out). Placed order ids go to `placedIds`. */
async function purchase(
  run: Run,
  token: string,
  skuId: string,
  times: Record<Step, number[]>,
  placedIds: string[] = [],
): Promise<'paid' | 'refused' | 'unpaid'> {
  const auth = { authorization: `Bearer ${token}` };
  const base = `${run.api}/store/v1/shops/${run.shop.shopId}`;
  const t0 = performance.now();
  const order = await call(
    'POST',
    `${base}/orders`,
    { lines: [{ skuId, quantity: 1 }], receiver: RECEIVER },
    auth,
  );
  const t1 = performance.now();
  if (order.status === 409) return 'refused';
  if (order.status !== 201) throw new Error(`checkout ${order.status} ${JSON.stringify(order.body)}`);
  const orderId = String(order.body.id);
  placedIds.push(orderId);
  await must('POST', `${base}/orders/${orderId}/payment`, undefined, auth);
  const t2 = performance.now();
  await must(
    'POST',
    `${run.sandbox}/_sandbox/wechatpay/merchants/${run.shop.mchid}/transactions/${orderId}/pay`,
    {},
  );
  const t3 = performance.now();
  // Paid = our api answered the sandbox's notification 200 (the order is marked paid inside that request).
  // Watching the sandbox's delivery log keeps the observation off the api being measured.
  const paid = await run.watch.paid(orderId);
  const t4 = performance.now();
  times.checkout.push(t1 - t0);
  times.payment.push(t2 - t1);
  times.pay.push(t3 - t2);
  times.notified.push(t4 - t3);
  times.total.push(t4 - t0);
  return paid ? 'paid' : 'unpaid';
}

async function steady(run: Run, buyers: string[], concurrency: number): Promise<void> {
  const times = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  let paid = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    buyers.slice(0, concurrency).map(async (token) => {
      while (performance.now() < until) {
        if ((await purchase(run, token, run.shop.skuIds[0], times)) === 'paid') paid += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const steps = Object.fromEntries(
    STEPS.map((s) => {
      const sorted = [...times[s]].sort((a, b) => a - b);
      return [s, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'store-checkout',
      case: 'steady',
      concurrency,
      seconds: Math.round(seconds),
      paid,
      ordersPerSecond: Math.round((paid / seconds) * 10) / 10,
      ms: steps,
    }),
  );
}

async function race(run: Run, buyers: string[]): Promise<void> {
  const times = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  const placedIds: string[] = [];
  const outcomes = await Promise.all(
    buyers.map((token) => purchase(run, token, run.shop.skuIds[1], times, placedIds)),
  );
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  const auth = { authorization: `Bearer ${run.shop.token}` };
  const stock = await must('GET', `${run.api}/admin/v1/skus/${run.shop.skuIds[1]}/stock`, undefined, auth);
  const totals = stock.totals as { onHand: number; reserved: number; sellable: number };
  const paidAtWechat = await must(
    'GET',
    `${run.sandbox}/_sandbox/wechatpay/merchants/${run.shop.mchid}/transactions?state=SUCCESS`,
  );
  const race = new Set(placedIds);
  const takenForRace = (paidAtWechat.transactions as Array<{ outTradeNo: string }>).filter((tx) =>
    race.has(tx.outTradeNo),
  ).length;
  const paidOrders = await must(
    'GET',
    `${run.api}/admin/v1/orders?skuId=${run.shop.skuIds[1]}&status=paid&limit=100`,
    undefined,
    auth,
  );
  const paidInDesk = (paidOrders.items as unknown[]).length;
  console.log(
    JSON.stringify({
      bench: 'store-checkout',
      case: 'race',
      buyers: buyers.length,
      units: RACE_UNITS,
      placed: buyers.length - count('refused'),
      paid: count('paid'),
      refusedSoldOut: count('refused'),
      unpaid: count('unpaid'),
      stock: totals,
      oversold: count('paid') > RACE_UNITS || totals.sellable < 0,
      paidInDesk,
      takenAtWechatPay: takenForRace,
      moneyTakenWithoutStock: Math.max(0, takenForRace - paidInDesk),
    }),
  );
}

async function main(): Promise<void> {
  if (!existsSync('dist/apps/api/src/main.js')) throw new Error('run `npm run build` first');
  const db = await createBenchDatabase();
  const port = 4100 + Math.floor(Math.random() * 400);
  const api = `http://127.0.0.1:${port}`;
  const sandboxUrl = `http://127.0.0.1:${port + 1}`;
  const env = {
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: `tdbench${port}`,
    SECRETS_KEY: 'bench-only-secrets-key-0123456789',
    PUBLIC_URL: api,
    LOG_LEVEL: 'warn',
    PORT: String(port),
  };
  const processes: Started[] = [];
  try {
    const sandbox = startBuilt('sandbox', { SANDBOX_PORT: String(port + 1) });
    processes.push(sandbox);
    await runBuilt('cli', ['migrate'], env);
    const apiProcess = startBuilt('api', { ...env, RUN_JOBS: 'off' });
    processes.push(apiProcess, startBuilt('worker', env));
    await waitUp(`${sandboxUrl}/`, sandbox);
    await waitUp(`${api}/health/ready`, apiProcess);

    const shop = await openShop(api, sandboxUrl, [10_000_000, RACE_UNITS]);
    const buyers = await signInBuyers(api, sandboxUrl, shop, Math.max(RACE_BUYERS, ...LEVELS));
    const run = { api, sandbox: sandboxUrl, shop, watch: new PaidWatch(sandboxUrl, shop.mchid) };
    for (const level of LEVELS) await steady(run, buyers, level);
    await race(run, buyers.slice(0, RACE_BUYERS));
  } finally {
    for (const p of processes.reverse()) await p.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
