import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue } from '@tongdao/kernel';
import { Settlement } from './settlement.service';

export const SETTLEMENT_SWEEP_JOB = 'orders.settlement-sweep';
/** Auto-confirm dates are whole days; a minute of lag is invisible to merchants. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Settles held funds once their auto-confirm date passes. Scheduled like the reservation sweep: a timer in
 * the embedded process, a chain of delayed Bull jobs keyed by time slot in production (so many processes
 * still yield one sweep per slot). Overlapping sweeps are harmless: each settlement is conditional.
 */
@Injectable()
export class SettlementSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SettlementSweep.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly settlement: Settlement,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobsKind === 'in-process') {
      this.timer = setInterval(() => void this.sweepOnce(), SWEEP_INTERVAL_MS);
      this.timer.unref();
      return;
    }
    await this.scheduleNext().catch((error: unknown) =>
      this.logger.warn({ err: String(error) }, 'could not schedule the settlement sweep'),
    );
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  @JobHandler(SETTLEMENT_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  async run(): Promise<void> {
    await this.scheduleNext();
    await this.sweepOnce();
  }

  async sweepOnce(now?: Date): Promise<number> {
    try {
      const settled = await this.settlement.settleDue(now);
      if (settled > 0) this.logger.log({ settled }, 'held funds settled');
      return settled;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'settlement sweep failed');
      return 0;
    }
  }

  private async scheduleNext(): Promise<void> {
    const now = Date.now();
    const slot = Math.floor(now / SWEEP_INTERVAL_MS) + 1;
    await this.queue.enqueue(
      SETTLEMENT_SWEEP_JOB,
      { merchantId: null },
      { jobId: `settlement-sweep:${slot}`, delayMs: slot * SWEEP_INTERVAL_MS - now },
    );
  }
}
