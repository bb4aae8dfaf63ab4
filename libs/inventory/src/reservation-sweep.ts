import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { JobHandler, JobQueue, PeriodicTask } from '@tongdao/kernel';
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
export class ReservationSweep extends PeriodicTask {
  private running = false;

  constructor(
    config: AppConfig,
    queue: JobQueue,
    private readonly stock: StockService,
    private readonly pushes: StockPushScheduler,
    options: InventoryOptions,
  ) {
    super(queue, {
      jobName: RESERVATION_SWEEP_JOB,
      intervalMs: options.sweepIntervalMs,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(ReservationSweep.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.sweepOnce();
  }

  @JobHandler(RESERVATION_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  run(): Promise<void> {
    return this.onScheduledJob();
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
}
