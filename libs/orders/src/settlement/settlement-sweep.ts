import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue, PeriodicTask } from '@tongdao/kernel';
import { Settlement } from './settlement.service';

export const SETTLEMENT_SWEEP_JOB = 'orders.settlement-sweep';
/** Auto-confirm dates are whole days; a minute of lag is invisible to merchants. */
const SWEEP_INTERVAL_MS = 60_000;

/** Settles held funds once their auto-confirm date passes; overlapping sweeps are harmless (conditional). */
@Injectable()
export class SettlementSweep extends PeriodicTask {
  constructor(
    config: AppConfig,
    queue: JobQueue,
    private readonly settlement: Settlement,
  ) {
    super(queue, {
      jobName: SETTLEMENT_SWEEP_JOB,
      intervalMs: SWEEP_INTERVAL_MS,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(SettlementSweep.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.sweepOnce();
  }

  @JobHandler(SETTLEMENT_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.onScheduledJob();
  }

  async sweepOnce(now?: Date): Promise<number> {
    const settled = await this.settlement.settleDue(now);
    if (settled > 0) this.logger.log({ settled }, 'held funds settled');
    return settled;
  }
}
