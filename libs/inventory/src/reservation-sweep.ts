import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue } from '@tongdao/kernel';
import { InventoryOptions } from './options';
import { StockPushScheduler } from './stock-push.scheduler';
import { StockService } from './stock.service';

export const RESERVATION_SWEEP_JOB = 'inventory.reservation-sweep';

/**
 * Releases expired reservations every RESERVATION_SWEEP_MS and re-schedules stock pushes that could not be
 * queued. With Bull, a chain of delayed jobs, one per time slot (the slot is the job id, so any number of
 * processes starting the chain still yields one sweep per slot, run by whichever worker takes it); in the
 * embedded single process, a timer. Two sweeps overlapping are harmless: each release is conditional.
 */
@Injectable()
export class ReservationSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReservationSweep.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly stock: StockService,
    private readonly pushes: StockPushScheduler,
    private readonly options: InventoryOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobsKind === 'in-process') {
      this.timer = setInterval(() => void this.sweepOnce(), this.options.sweepIntervalMs);
      this.timer.unref();
      return;
    }
    await this.scheduleNext().catch((error: unknown) =>
      this.logger.warn({ err: String(error) }, 'could not schedule the reservation sweep'),
    );
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  @JobHandler(RESERVATION_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  async run(): Promise<void> {
    await this.scheduleNext();
    await this.sweepOnce();
  }

  /** One pass; returns how many reservations expired. Exposed for tests and operators. */
  async sweepOnce(now?: Date): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const expired = await this.stock.expireDue(now);
      await this.pushes.rescheduleDirty();
      if (expired > 0) this.logger.log({ expired }, 'expired reservations released');
      return expired;
    } catch (error) {
      this.logger.error({ err: String(error) }, 'reservation sweep failed');
      return 0;
    } finally {
      this.running = false;
    }
  }

  private async scheduleNext(): Promise<void> {
    const interval = this.options.sweepIntervalMs;
    const now = Date.now();
    const slot = Math.floor(now / interval) + 1;
    await this.queue.enqueue(
      RESERVATION_SWEEP_JOB,
      { merchantId: null },
      { jobId: `reservation-sweep:${slot}`, delayMs: slot * interval - now },
    );
  }
}
