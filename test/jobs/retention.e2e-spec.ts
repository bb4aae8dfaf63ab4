import { OutboxRetention } from '@tongdao/jobs';
import { newId } from '@tongdao/kernel';
import { sqlTime } from '@tongdao/persistence';
import { TestApp, startTestApp } from '@tongdao/testing';

const DAY = 24 * 60 * 60 * 1000;

describe.each(['mysql', 'sqlite'] as const)('outbox retention (%s)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, redis: false, env: { OUTBOX_RETENTION_DAYS: '7', RUN_JOBS: 'off' } });
  });
  afterAll(async () => t.close());

  const at = (daysAgo: number) => sqlTime(database, new Date(Date.now() - daysAgo * DAY));
  async function event(publishedDaysAgo: number | null): Promise<string> {
    const id = newId();
    await t.dataSource.query(
      `INSERT INTO outbox_events (id, merchant_id, type, aggregate_type, aggregate_id, payload, occurred_at, published_at, publish_attempts)
       VALUES (?, NULL, 'test.kept', 'test', 'x', '{}', ?, ?, 0)`,
      [id, at(30), publishedDaysAgo === null ? null : at(publishedDaysAgo)],
    );
    return id;
  }
  async function processed(daysAgo: number): Promise<string> {
    const eventId = newId();
    await t.dataSource.query(
      'INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?)',
      ['test.consumer', eventId, at(daysAgo)],
    );
    return eventId;
  }
  const exists = async (table: string, column: string, id: string) => {
    const rows: unknown[] = await t.dataSource.query(`SELECT 1 FROM ${table} WHERE ${column} = ?`, [id]);
    return rows.length === 1;
  };

  it('deletes published events and processed records past the retention, and nothing else', async () => {
    const oldPublished = await Promise.all([event(8), event(30)]);
    const recentPublished = await event(2);
    const neverPublished = await event(null);
    const oldProcessed = await processed(9);
    const recentProcessed = await processed(1);

    const result = await t.app.get(OutboxRetention).prune();
    expect(result.events).toBeGreaterThanOrEqual(2);
    expect(result.processed).toBeGreaterThanOrEqual(1);
    for (const id of oldPublished) expect(await exists('outbox_events', 'id', id)).toBe(false);
    expect(await exists('outbox_events', 'id', recentPublished)).toBe(true);
    expect(await exists('outbox_events', 'id', neverPublished)).toBe(true);
    expect(await exists('processed_events', 'event_id', oldProcessed)).toBe(false);
    expect(await exists('processed_events', 'event_id', recentProcessed)).toBe(true);
    expect(await t.app.get(OutboxRetention).prune()).toEqual({ events: 0, processed: 0 });
  });
});
