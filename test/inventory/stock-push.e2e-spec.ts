import { AllocationRuleService, StockPublisher, StockPushJob } from '@tongdao/inventory';
import { RequestContext } from '@tongdao/kernel';
import { waitFor } from '@tongdao/testing';
import {
  InventoryHarness,
  RecordingPublisher,
  createChannelAccount,
  createSku,
  listSku,
  merchantContext,
  startInventoryApp,
} from './inventory-support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Boots with jobs running and the given publisher in place of the channel adapters. */
async function boot(
  publisher: StockPublisher | null,
  delayMs: number,
  database: 'mysql' | 'sqlite' = 'mysql',
) {
  const h = await startInventoryApp({
    database,
    env: { RUN_JOBS: 'on', STOCK_PUSH_DELAY_MS: String(delayMs) },
  });
  // In place of the channel drivers (the Taobao driver is the application's publisher).
  if (publisher) h.t.app.get(StockPushJob).usePublisher(publisher);
  return h;
}

async function listedSku(h: InventoryHarness, ctx: RequestContext) {
  const sku = await createSku(h.t, ctx);
  const taobao = await listSku(h.t, ctx, sku, await createChannelAccount(h.t, ctx, 'taobao'));
  const weibo = await listSku(h.t, ctx, sku, await createChannelAccount(h.t, ctx, 'weibo'));
  return { sku, taobao, weibo };
}

describe('stock push (Bull on Redis, MariaDB)', () => {
  describe('coalescing', () => {
    const publisher = new RecordingPublisher();
    let h: InventoryHarness;
    beforeAll(async () => (h = await boot(publisher, 1500)));
    afterAll(async () => h?.close());

    it('100 rapid changes → one push per channel, with the final figures', async () => {
      const ctx = merchantContext();
      const { sku, taobao, weibo } = await listedSku(h, ctx);
      await h.t.app.get(AllocationRuleService).create(ctx, {
        channelAccountId: weibo.channelAccountId,
        mode: 'percentage',
        percent: 50,
      });
      await sleep(1700); // the rule change itself schedules a push; let it go first
      publisher.calls.length = 0;

      await Promise.all(
        Array.from({ length: 100 }, () =>
          h.stock.adjust(ctx, { skuId: sku.id, delta: 1, reason: 'receiving' }),
        ),
      );
      await waitFor(async () => publisher.calls.length > 0, { what: 'a push' });
      await sleep(2000); // nothing else may follow
      expect(publisher.pushesTo(taobao.listingId)).toEqual([100]);
      expect(publisher.pushesTo(weibo.listingId)).toEqual([50]);
      expect(publisher.calls).toHaveLength(1);

      const logged: Array<{ status: string; quantity: unknown }> = await h.t.dataSource.query(
        'SELECT status, quantity FROM stock_pushes WHERE merchant_id = ? AND sku_id = ? ORDER BY id DESC LIMIT 2',
        [ctx.tenantId, sku.id],
      );
      expect(logged.map((r) => [r.status, Number(r.quantity)]).sort()).toEqual([
        ['pushed', 100],
        ['pushed', 50],
      ]);

      const view = await h.queries.skuStock(ctx, sku.id);
      expect(view.channels.map((c) => [c.listingId, c.publishable, c.rule?.mode ?? null]).sort()).toEqual(
        [
          [taobao.listingId, 100, null],
          [weibo.listingId, 50, 'percentage'],
        ].sort(),
      );
    });
  });

  describe('a change while a push is running', () => {
    const publisher = new RecordingPublisher(true);
    let h: InventoryHarness;
    beforeAll(async () => (h = await boot(publisher, 200)));
    afterAll(async () => h?.close());

    it('is pushed after the running push finishes', async () => {
      const ctx = merchantContext();
      const { sku, taobao } = await listedSku(h, ctx);
      await h.stock.adjust(ctx, { skuId: sku.id, delta: 5, reason: 'receiving' });
      await publisher.firstEntered; // the push job is now running, holding figure 5
      await h.stock.adjust(ctx, { skuId: sku.id, delta: 3, reason: 'receiving' });
      await sleep(600); // the new change's job must not be swallowed by the running one
      publisher.release();
      await waitFor(async () => publisher.pushesTo(taobao.listingId, 'completed').at(-1) === 8, {
        what: 'the figure 8 pushed after the held push',
      });
      await sleep(800);
      // The held push (5) finished after a newer one (8) had gone out, so 8 is sent again to have the last word.
      const completed = publisher.pushesTo(taobao.listingId, 'completed');
      expect(completed.at(-1)).toBe(8);
      expect(completed.indexOf(5)).toBeGreaterThanOrEqual(0);
      expect(completed.lastIndexOf(8)).toBeGreaterThan(completed.indexOf(5));
      expect(publisher.pushesTo(taobao.listingId)[0]).toBe(5);
    });
  });
});

describe('stock push to channels without a connected driver (embedded: SQLite, in-process jobs)', () => {
  let h: InventoryHarness;
  beforeAll(async () => (h = await boot(null, 50, 'sqlite')));
  afterAll(async () => h?.close());

  it('logs a skipped push instead of pretending', async () => {
    const ctx = merchantContext();
    const { sku } = await listedSku(h, ctx);
    await h.stock.adjust(ctx, { skuId: sku.id, delta: 4, reason: 'receiving' });
    const rows = await waitFor(
      async () => {
        const found: Array<{ status: string; detail: string; channel_type: string; quantity: unknown }> =
          await h.t.dataSource.query(
            'SELECT status, detail, channel_type, quantity FROM stock_pushes WHERE merchant_id = ? AND sku_id = ?',
            [ctx.tenantId, sku.id],
          );
        return found.length >= 2 ? found : null;
      },
      { what: 'logged pushes' },
    );
    expect(rows.map((r) => [r.status, r.detail, Number(r.quantity)]).sort()).toEqual([
      ['skipped', 'account has no Taobao credentials', 4],
      ['skipped', 'no adapter for channel type weibo', 4],
    ]);
  });
});
