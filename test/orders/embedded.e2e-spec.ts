import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { channelOrder, countRows, createSku, line, setup, stockOf } from './fixtures';

/** The embedded default (SQLite, in-process jobs) runs the same ingestion: savepoints, multi-row inserts. */
describe('order ingestion on the embedded SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => t.close());

  it('ingests a page idempotently, reserving what fits and flagging what does not', async () => {
    const ingestion = t.app.get(OrderIngestion);
    const s = await setup(t, 3);
    const plenty = await createSku(t, s.m.token, 50, 'Pu-erh');
    const page = [
      channelOrder(s, { lines: [line(plenty.code, 1, 2), line(s.skuCode, 2, 2)] }),
      channelOrder(s, { lines: [line(plenty.code, 1, 2), line(s.skuCode, 2, 2)] }),
    ];
    const first = await ingestion.ingest(s.ctx, s.accountId, page);
    const again = await ingestion.ingest(s.ctx, s.accountId, page);
    expect(first.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(await countRows(t, 'orders', s.m.merchantId)).toBe(2);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 3, reserved: 2, sellable: 1 });
    expect(await stockOf(t, s.m.token, plenty.id)).toEqual({ onHand: 50, reserved: 4, sellable: 46 });
    const flags = await Promise.all(
      first.map(
        async (r) =>
          (
            await t.http
              .get(`/admin/v1/orders/${r.orderId}`)
              .set(...bearer(s.m.token))
              .expect(200)
          ).body.hasStockShortLines,
      ),
    );
    expect(flags.sort()).toEqual([false, true]);
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...page[0], status: 'cancelled', version: new Date('2026-11-21T00:00:00Z') },
      { ...page[1], status: 'shipped', version: new Date('2026-11-21T00:00:00Z') },
    ]);
    const total = await stockOf(t, s.m.token, plenty.id);
    expect(total).toEqual({ onHand: 48, reserved: 0, sellable: 48 });
    expect((await t.http.get('/admin/v1/stock/consistency').set(...bearer(s.m.token))).body.ok).toBe(true);
  });
});
