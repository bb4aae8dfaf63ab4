import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { Clock, JobHandler, JobQueue, PeriodicTask } from '@tongdao/kernel';
import { TransactionRunner, sqlTime } from '@tongdao/persistence';

export const BUYER_SESSION_RETENTION_JOB = 'storefront.buyer-session-retention';
const HOURLY_MS = 3_600_000;
/** Rows at a time, so a large backlog never holds a long lock. */
const BATCH = 1_000;

/** Deletes buyer sessions that expired, hourly: an expired token already opens nothing; the row is dead weight. */
@Injectable()
export class BuyerSessionRetention extends PeriodicTask {
  constructor(
    config: AppConfig,
    queue: JobQueue,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {
    super(queue, {
      jobName: BUYER_SESSION_RETENTION_JOB,
      intervalMs: HOURLY_MS,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(BuyerSessionRetention.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.pruneOnce();
  }

  @JobHandler(BUYER_SESSION_RETENTION_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.onScheduledJob();
  }

  /** Returns how many sessions were deleted. */
  async pruneOnce(now: Date = this.clock.now()): Promise<number> {
    let deleted = 0;
    for (;;) {
      // One transaction a batch: on the embedded SQLite file that also keeps it in line with other writers.
      const removed = await this.tx.run(async (manager) => {
        const ids = (
          await manager.query<Array<{ id: string }>>(
            'SELECT id FROM store_buyer_sessions WHERE expires_at <= ? ORDER BY expires_at LIMIT ?',
            [sqlTime(this.tx.dialect, now), BATCH],
          )
        ).map((r) => r.id);
        if (ids.length > 0) {
          await manager.query(
            `DELETE FROM store_buyer_sessions WHERE id IN (${ids.map(() => '?').join(',')})`,
            ids,
          );
        }
        return ids.length;
      });
      deleted += removed;
      if (removed < BATCH) break;
    }
    if (deleted > 0) this.logger.log({ deleted }, 'expired buyer sessions deleted');
    return deleted;
  }
}
