import { getQueueToken } from '@nestjs/bull';
import { Injectable, Module } from '@nestjs/common';
import type { Queue } from 'bull';
import { EventHandler, EventOutbox, JobQueue, PublishedEvent, RequestContext, newId } from '@tongdao/kernel';
import { AuditLog, IdentityModule } from '@tongdao/identity';
import { eventJobName } from '@tongdao/jobs';
import { TransactionRunner } from '@tongdao/persistence';
import { TcpProxy, TestApp, startTestApp, testRedisUrl, waitFor } from '@tongdao/testing';

/** A consumer whose effect is a database row, so "exactly once" can be counted. */
@Injectable()
class PingRecorder {
  static calls = 0;
  constructor(private readonly audit: AuditLog) {}

  @EventHandler('test.pinged', 'test.ping-recorder', { attempts: 3, backoffMs: 20 })
  async onPing(event: PublishedEvent): Promise<void> {
    PingRecorder.calls += 1;
    await this.audit.record(RequestContext.system(event.merchantId, `event-${event.id}`), {
      action: 'test.pinged',
      targetType: 'ping',
      targetId: event.aggregateId,
      summary: { eventId: event.id },
    });
  }
}

@Module({ imports: [IdentityModule], providers: [PingRecorder] })
class PingModule {}

async function recordPing(t: TestApp, merchantId: string): Promise<string> {
  const tx = t.app.get(TransactionRunner);
  const outbox = t.app.get(EventOutbox);
  const ctx = RequestContext.system(merchantId, 'test');
  return tx.run(() =>
    outbox.record(ctx, {
      type: 'test.pinged',
      aggregateType: 'ping',
      aggregateId: newId(),
      payload: { n: 1 },
    }),
  );
}

async function auditCount(t: TestApp, merchantId: string): Promise<number> {
  const [row] = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM audit_log WHERE merchant_id = ? AND action = 'test.pinged'`,
    [merchantId],
  );
  return Number(row.n);
}

async function publishedAt(t: TestApp, eventId: string): Promise<Date | null> {
  const [row] = await t.dataSource.query(`SELECT published_at FROM outbox_events WHERE id = ?`, [eventId]);
  return row.published_at;
}

describe('transactional outbox on MariaDB + Redis', () => {
  const redis = new URL(testRedisUrl());
  const proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
  let t: TestApp;

  beforeAll(async () => {
    await proxy.start();
    t = await startTestApp({ redis: proxy.url, imports: [PingModule] });
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await t.close();
    await proxy.stop();
  });
  beforeEach(() => {
    PingRecorder.calls = 0;
  });

  it('delivers a committed event to its consumer', async () => {
    const merchantId = newId();
    const eventId = await recordPing(t, merchantId);
    await waitFor(async () => (await auditCount(t, merchantId)) === 1, { what: 'the consumer' });
    await waitFor(() => publishedAt(t, eventId), { what: 'published_at' });
  });

  it('keeps an event through a Redis outage and delivers it exactly once afterwards', async () => {
    const merchantId = newId();
    await proxy.cut();
    const eventId = await recordPing(t, merchantId);
    // The relay tries and fails while Redis is away; the event stays in the table, unpublished.
    await waitFor(
      async () => {
        const [row] = await t.dataSource.query(`SELECT publish_attempts FROM outbox_events WHERE id = ?`, [
          eventId,
        ]);
        return Number(row.publish_attempts) >= 1;
      },
      { what: 'a failed publish attempt' },
    );
    expect(await publishedAt(t, eventId)).toBeNull();
    expect(await auditCount(t, merchantId)).toBe(0);

    await proxy.restore();
    await waitFor(() => publishedAt(t, eventId), { timeoutMs: 30000, what: 'publish after Redis returns' });
    await waitFor(async () => (await auditCount(t, merchantId)) >= 1, { timeoutMs: 30000, what: 'delivery' });
    // Give any duplicate delivery (the add queued during the outage, the relay's retry) time to show up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await auditCount(t, merchantId)).toBe(1);
  });

  it('ignores a redelivered event (idempotent consumer)', async () => {
    const merchantId = newId();
    const eventId = await recordPing(t, merchantId);
    await waitFor(async () => (await auditCount(t, merchantId)) === 1, { what: 'first delivery' });
    const [row] = await t.dataSource.query(`SELECT * FROM outbox_events WHERE id = ?`, [eventId]);
    const event: PublishedEvent = {
      id: eventId,
      merchantId,
      type: 'test.pinged',
      aggregateType: 'ping',
      aggregateId: row.aggregate_id,
      payload: { n: 1 },
      occurredAt: new Date().toISOString(),
    };
    const callsBefore = PingRecorder.calls;
    const jobId = `again-${eventId}`;
    await t.app.get(JobQueue).enqueue(eventJobName('test.ping-recorder'), { merchantId, event }, { jobId });
    const queue = t.app.get<Queue>(getQueueToken('tongdao'));
    await waitFor(async () => (await queue.getJob(jobId))?.isCompleted(), {
      what: 'the redelivered job to complete',
    });
    expect(PingRecorder.calls).toBe(callsBefore);
    expect(await auditCount(t, merchantId)).toBe(1);
  });

  it('writes no event when the business transaction rolls back', async () => {
    const merchantId = newId();
    const tx = t.app.get(TransactionRunner);
    const outbox = t.app.get(EventOutbox);
    await expect(
      tx.run(async () => {
        await outbox.record(RequestContext.system(merchantId, 'test'), {
          type: 'test.pinged',
          aggregateType: 'ping',
          aggregateId: newId(),
          payload: {},
        });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM outbox_events WHERE merchant_id = ?`, [
      merchantId,
    ]);
    expect(Number(row.n)).toBe(0);
  });

  it('refuses to record an event outside a transaction', async () => {
    await expect(
      t.app.get(EventOutbox).record(RequestContext.system(newId(), 'test'), {
        type: 'test.pinged',
        aggregateType: 'ping',
        aggregateId: newId(),
        payload: {},
      }),
    ).rejects.toThrow(/inside the transaction/);
  });
});
