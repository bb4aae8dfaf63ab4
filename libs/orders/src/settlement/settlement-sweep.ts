import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue, PeriodicSchedule } from '@tongdao/kernel';
import { Settlement } from './settlement.service';

export const SETTLEMENT_SWEEP_JOB = 'orders.settlement-sweep';
/** Auto-confirm dates are whole days; a minute of lag is invisible to merchants. */
const SWEEP_INTERVAL_MS = 60_000;

/** Settles held funds once their auto-confirm date passes; overlapping sweeps are harmless (conditional). */
@Injectable()
export class SettlementSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettlementSweep.name);
  private readonly schedule: PeriodicSchedule;

  constructor(
    config: AppConfig,
    queue: JobQueue,
    private readonly settlement: Settlement,
  ) {
    this.schedule = new PeriodicSchedule(queue, {
      jobName: SETTLEMENT_SWEEP_JOB,
      intervalMs: SWEEP_INTERVAL_MS,
      inProcess: config.jobsKind === 'in-process',
      run: () => this.sweepOnce(),
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  @JobHandler(SETTLEMENT_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.schedule.onJob();
  }

  async sweepOnce(now?: Date): Promise<number> {
    const settled = await this.settlement.settleDue(now);
    if (settled > 0) this.logger.log({ settled }, 'held funds settled');
    return settled;
  }
}
