import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobQueue, PublishedEvent, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { In, IsNull } from 'typeorm';
import { OutboxEventRow } from './entities';
import { EventJobData, JobRegistry } from './job-registry';
import { OutboxBell } from './outbox';

const BATCH = 100;
const LEASE_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

/**
 * Moves committed events from the outbox table to the job queue, one job per (event, consumer), with the
 * pair as the job id. An event is marked published only after every consumer's job was accepted; if the
 * queue is down the event stays put and is tried again with backoff. Several relays may run: a lease with
 * a claim token keeps them off each other's rows, and a double publish would be harmless anyway.
 */
@Injectable()
export class OutboxRelay implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private failures = 0;
  private readonly onBell = () => this.soon(0);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: JobQueue,
    private readonly registry: JobRegistry,
    private readonly bell: OutboxBell,
    private readonly config: AppConfig,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.bell.on('ring', this.onBell);
    this.soon(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.bell.off('ring', this.onBell);
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes one batch; returns how many events were published. Exposed for tests and the CLI. */
  async publishBatch(): Promise<number> {
    const token = newId();
    const rows = await this.claim(token);
    let published = 0;
    try {
      for (const row of rows) {
        for (const jobName of this.registry.consumersOf(row.type)) {
          const data: EventJobData = { merchantId: row.merchantId, event: toPublished(row) };
          await this.queue.enqueue(jobName, data, { jobId: `${row.id}:${jobName}` });
        }
        await this.tx
          .manager()
          .getRepository(OutboxEventRow)
          .update(row.id, { publishedAt: new Date(), claimToken: null });
        published += 1;
      }
    } catch (error) {
      const failed = rows.slice(published).map((r) => r.id);
      await this.tx
        .manager()
        .getRepository(OutboxEventRow)
        .update(
          { id: In(failed) },
          {
            claimedUntil: null,
            claimToken: null,
            lastError: String(error).slice(0, 500),
            publishAttempts: () => 'publish_attempts + 1',
          },
        );
      throw error;
    }
    return published;
  }

  async unpublishedCount(): Promise<number> {
    return this.tx
      .manager()
      .getRepository(OutboxEventRow)
      .count({ where: { publishedAt: IsNull() } });
  }

  private async claim(token: string): Promise<OutboxEventRow[]> {
    const repo = this.tx.manager().getRepository(OutboxEventRow);
    const now = new Date();
    const candidates = await repo
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where('e.published_at IS NULL')
      .andWhere('(e.claimed_until IS NULL OR e.claimed_until < :now)', { now })
      .orderBy('e.id', 'ASC')
      .limit(BATCH)
      .getRawMany<{ id: string }>();
    if (candidates.length === 0) return [];
    await repo
      .createQueryBuilder()
      .update()
      .set({ claimToken: token, claimedUntil: new Date(now.getTime() + LEASE_MS) })
      .where('id IN (:...ids)', { ids: candidates.map((c) => c.id) })
      .andWhere('published_at IS NULL')
      .andWhere('(claimed_until IS NULL OR claimed_until < :now)', { now })
      .execute();
    return repo.find({ where: { claimToken: token }, order: { id: 'ASC' } });
  }

  private soon(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), delayMs);
  }

  private async loop(): Promise<void> {
    if (this.running || this.stopped) return;
    let next = this.config.OUTBOX_POLL_MS;
    this.running = (async () => {
      try {
        const published = await this.publishBatch();
        this.failures = 0;
        if (published === BATCH) next = 0;
      } catch (error) {
        this.failures += 1;
        next = Math.min(MAX_BACKOFF_MS, this.config.OUTBOX_POLL_MS * 2 ** this.failures);
        this.logger.warn(
          { err: String(error), retryInMs: next },
          'outbox relay could not publish; events kept',
        );
      }
    })();
    await this.running;
    this.running = null;
    this.soon(next);
  }
}

function toPublished(row: OutboxEventRow): PublishedEvent {
  return {
    id: row.id,
    merchantId: row.merchantId,
    type: row.type,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    payload: row.payload,
    occurredAt: row.occurredAt.toISOString(),
  };
}
