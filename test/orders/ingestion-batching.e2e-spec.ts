import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { ChannelOrder, OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { channelOrder, countRows, createSku, eventTypes, line, setup, stockOf } from './fixtures';

describe.each(['mysql', 'sqlite'] as const)(
  'order ingestion: a page as a fixed set of statements (%s)',
  (database) => {
    let t: TestApp;
    // No relay or push jobs in this process: every statement counted is the page's own.
    beforeAll(async () => (t = await startTestApp({ database, env: { RUN_JOBS: 'off' } })));
    afterAll(async () => t?.close());

    it('a page of 100 orders × 3 lines over 30 SKUs: every line reserved, events once, the repeat changes nothing', async () => {
      const s = await setup(t, 0);
      const skus: Array<{ id: string; code: string }> = [];
      for (let i = 0; i < 30; i += 1) skus.push(await createSku(t, s.m.token, i === 0 ? 4 : 100, `Tea ${i}`));
      const page: ChannelOrder[] = Array.from({ length: 100 }, (_, i) =>
        channelOrder(s, {
          lines: [0, 1, 2].map((n) => ({
            ...line(skus[(i + n * 7) % 30].code, n + 1, 1 + n),
            channelItemId: `it-${(i + n * 7) % 30}`,
          })),
          buyer: {
            name: `buyer ${i}`,
            identities: [{ kind: 'wechat_openid', value: `o-batch-${i}-${s.m.merchantId}` }],
          },
        }),
      );
      const spy = database === 'mysql' ? jest.spyOn(MysqlQueryRunner.prototype, 'query') : null;
      const results = await t.app.get(OrderIngestion).ingest(s.ctx, s.accountId, page);
      const sql = spy?.mock.calls.map((c) => String(c[0])) ?? [];
      spy?.mockRestore();
      expect(results.map((r) => r.outcome)).toEqual(Array(100).fill('created'));
      if (spy) {
        // The after-commit stock push scheduling reads stock_push_state; it is not part of the page.
        const inPage = sql.filter((q) => !/stock_push_state/i.test(q));
        expect(inPage.length).toBeLessThanOrEqual(24);
        expect(inPage.filter((q) => /^\s*INSERT INTO `?outbox_events/i.test(q)).length).toBeLessThanOrEqual(
          3,
        );
        expect(inPage.filter((q) => /^\s*INSERT INTO `?stock_reservations/i.test(q))).toHaveLength(1);
        expect(inPage.filter((q) => /^\s*SAVEPOINT/i.test(q))).toEqual([]);
      }
      expect(await countRows(t, 'orders', s.m.merchantId)).toBe(100);
      expect(await countRows(t, 'order_lines', s.m.merchantId)).toBe(300);

      // SKU 0 holds 4 units: exactly the lines that fit in (SKU, line id) order are reserved, the rest short.
      const [short] = await t.dataSource.query(
        `SELECT COUNT(*) AS n, COALESCE(SUM(quantity), 0) AS units FROM order_lines WHERE merchant_id = ? AND stock = 'short'`,
        [s.m.merchantId],
      );
      expect(Number(short.n)).toBeGreaterThan(0);
      expect(await stockOf(t, s.m.token, skus[0].id)).toMatchObject({ onHand: 4, sellable: 0 });
      const [held] = await t.dataSource.query(
        `SELECT COALESCE(SUM(quantity), 0) AS units FROM order_lines WHERE merchant_id = ? AND stock = 'reserved'`,
        [s.m.merchantId],
      );
      const [levels] = await t.dataSource.query(
        'SELECT COALESCE(SUM(reserved), 0) AS reserved FROM stock_levels WHERE merchant_id = ?',
        [s.m.merchantId],
      );
      expect(Number(levels.reserved)).toBe(Number(held.units));
      const shortOrder = results.find((_, i) =>
        page[i].lines.some((l) => l.outerId === skus[0].code && i > 10),
      )!;
      expect((await eventTypes(t, results[50].orderId)).slice(0, 2)).toEqual(['order.created', 'order.paid']);
      expect(shortOrder).toBeDefined();

      const again = await t.app.get(OrderIngestion).ingest(s.ctx, s.accountId, page);
      expect(again.map((r) => r.outcome)).toEqual(Array(100).fill('unchanged'));
      const [events] = await t.dataSource.query(
        `SELECT COUNT(*) AS n FROM outbox_events WHERE merchant_id = ? AND type = 'order.created'`,
        [s.m.merchantId],
      );
      expect(Number(events.n)).toBe(100);
      expect(
        Number(
          (
            await t.dataSource.query(
              'SELECT COALESCE(SUM(reserved), 0) AS reserved FROM stock_levels WHERE merchant_id = ?',
              [s.m.merchantId],
            )
          )[0].reserved,
        ),
      ).toBe(Number(held.units));
      expect((await t.http.get('/admin/v1/stock/consistency').set(...bearer(s.m.token))).body.ok).toBe(true);
    });
  },
);
