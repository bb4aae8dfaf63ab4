import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue, PeriodicTask } from '@tongdao/kernel';
import { TransactionRunner, sqlTime } from '@tongdao/persistence';

export const OUTBOX_RETENTION_JOB = 'jobs.outbox-retention';
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Rows deleted per statement, so a long backlog never holds one huge lock. */
const CHUNK = 2000;

/**
 * Keeps the outbox and the consumers' idempotency records from growing forever: published events and
 * processed-event records older than OUTBOX_RETENTION_DAYS are deleted every hour. Unpublished events are
 * never touched. A job replayed from the dead letters after that long runs again rather than being skipped.
 */
@Injectable()
export class OutboxRetention extends PeriodicTask {
  constructor(
    private readonly config: AppConfig,
    queue: JobQueue,
    private readonly tx: TransactionRunner,
  ) {
    super(queue, {
      jobName: OUTBOX_RETENTION_JOB,
      intervalMs: HOUR_MS,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(OutboxRetention.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.prune();
  }

  @JobHandler(OUTBOX_RETENTION_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.onScheduledJob();
  }

  /** Deletes what is older than the retention; returns how many rows of each table went. */
  async prune(now = new Date()): Promise<{ events: number; processed: number }> {
    const cutoff = new Date(now.getTime() - this.config.OUTBOX_RETENTION_DAYS * DAY_MS);
    const events = await this.deleteInChunks(
      'SELECT id FROM outbox_events WHERE published_at IS NOT NULL AND published_at < ? ORDER BY published_at LIMIT ?',
      'DELETE FROM outbox_events WHERE id IN',
      cutoff,
      (row) => [row.id],
    );
    const processed = await this.deleteInChunks(
      'SELECT consumer, event_id FROM processed_events WHERE processed_at < ? LIMIT ?',
      'DELETE FROM processed_events WHERE (consumer, event_id) IN',
      cutoff,
      (row) => [row.consumer, row.event_id],
    );
    if (events + processed > 0) this.logger.log({ events, processed, cutoff }, 'old outbox rows pruned');
    return { events, processed };
  }

  private async deleteInChunks(
    select: string,
    deleteIn: string,
    cutoff: Date,
    key: (row: Record<string, string>) => string[],
  ): Promise<number> {
    const manager = this.tx.dataSource.manager;
    const at = sqlTime(this.tx.dialect, cutoff);
    let deleted = 0;
    for (;;) {
      const rows: Array<Record<string, string>> = await manager.query(select, [at, CHUNK]);
      if (rows.length === 0) return deleted;
      const keys = rows.map(key);
      const tuple = `(${keys[0].map(() => '?').join(', ')})`;
      const list = keys.map(() => tuple).join(', ');
      await manager.query(`${deleteIn} (${list})`, keys.flat());
      deleted += rows.length;
      if (rows.length < CHUNK) return deleted;
    }
  }
}
