import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { EventOutbox, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { TestApp, startTestApp } from '@tongdao/testing';

describe.each(['mysql', 'sqlite'] as const)('outbox: many events in one statement (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ database, env: { RUN_JOBS: 'off' } })));
  afterAll(async () => t?.close());

  const events = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      type: 'test.many',
      aggregateType: 'thing',
      aggregateId: `thing-${i}`,
      payload: { n: i, amountFen: 12800, note: '中文' },
    }));

  it('writes the events in order, with app-made ids and times, as one INSERT and no read-back', async () => {
    const ctx = RequestContext.system(newId(), 'test');
    const spy = database === 'mysql' ? jest.spyOn(MysqlQueryRunner.prototype, 'query') : null;
    const before = Date.now();
    const ids = await t.app
      .get(TransactionRunner)
      .run(() => t.app.get(EventOutbox).recordMany(ctx, events(250)));
    const sql = spy?.mock.calls.map((c) => String(c[0])) ?? [];
    spy?.mockRestore();
    expect(ids).toHaveLength(250);
    expect([...ids].sort()).toEqual(ids);
    if (spy) {
      expect(sql.filter((q) => /INSERT INTO `?outbox_events/.test(q))).toHaveLength(1);
      expect(sql.filter((q) => /^\s*SELECT/i.test(q))).toEqual([]);
    }
    const rows = await t.dataSource.query(
      `SELECT id, merchant_id, aggregate_id, payload, occurred_at, published_at, publish_attempts
         FROM outbox_events WHERE merchant_id = ? ORDER BY id`,
      [ctx.tenantId],
    );
    expect(rows.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(rows[7].aggregate_id).toBe('thing-7');
    expect(JSON.parse(rows[7].payload)).toEqual({ n: 7, amountFen: 12800, note: '中文' });
    expect(rows[7].published_at).toBeNull();
    expect(Number(rows[7].publish_attempts)).toBe(0);
    const occurred = new Date(database === 'sqlite' ? `${rows[7].occurred_at}Z` : rows[7].occurred_at);
    expect(Math.abs(occurred.getTime() - before)).toBeLessThan(60_000);
  });

  it('writes nothing when the transaction rolls back, and refuses outside a transaction', async () => {
    const ctx = RequestContext.system(newId(), 'test');
    await expect(
      t.app.get(TransactionRunner).run(async () => {
        await t.app.get(EventOutbox).recordMany(ctx, events(3));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [row] = await t.dataSource.query('SELECT COUNT(*) AS n FROM outbox_events WHERE merchant_id = ?', [
      ctx.tenantId,
    ]);
    expect(Number(row.n)).toBe(0);
    await expect(t.app.get(EventOutbox).recordMany(ctx, events(1))).rejects.toThrow(/inside the transaction/);
  });
});
