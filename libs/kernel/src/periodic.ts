import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobQueue } from './jobs';

export interface PeriodicOptions {
  /** The job type whose handler calls `onJob()`. */
  jobName: string;
  intervalMs: number;
  /** In-process jobs (embedded default): a plain timer; otherwise a chain of delayed queue jobs. */
  inProcess: boolean;
  /** One pass of the work; its failures are logged, never thrown out of the schedule. */
  run: () => Promise<unknown>;
  logger: Logger;
}

/**
 * Something that runs every interval in whichever process takes it. Embedded: a timer. With a queue: a chain
 * of delayed jobs, one per time slot, the slot being the job id — any number of processes starting the
 * chain still yields one run per slot. The work itself must tolerate overlap (conditional updates).
 */
export class PeriodicSchedule {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly queue: JobQueue,
    private readonly options: PeriodicOptions,
  ) {}

  async start(): Promise<void> {
    if (this.options.inProcess) {
      this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
      this.timer.unref();
      return;
    }
    await this.scheduleNext().catch((error: unknown) =>
      this.options.logger.warn({ err: String(error), job: this.options.jobName }, 'could not schedule'),
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The job handler's body: queue the next slot first, so a crash in the work never ends the chain. */
  async onJob(): Promise<void> {
    await this.scheduleNext();
    await this.runOnce();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.options.run();
    } catch (error) {
      this.options.logger.error({ err: String(error), job: this.options.jobName }, 'periodic run failed');
    }
  }

  private async scheduleNext(): Promise<void> {
    const { intervalMs, jobName } = this.options;
    const now = Date.now();
    const slot = Math.floor(now / intervalMs) + 1;
    await this.queue.enqueue(
      jobName,
      { merchantId: null },
      { jobId: `${jobName}:${slot}`, delayMs: slot * intervalMs - now },
    );
  }
}

/**
 * A provider whose `tick()` runs on a PeriodicSchedule for the life of the application: started at bootstrap,
 * stopped at shutdown. The subclass still declares the job handler, because the job name must sit on its own
 * method: `@JobHandler(NAME, …) run() { return this.onScheduledJob(); }`.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private readonly schedule: PeriodicSchedule;

  protected constructor(queue: JobQueue, options: Omit<PeriodicOptions, 'run'>) {
    this.logger = options.logger;
    this.schedule = new PeriodicSchedule(queue, { ...options, run: () => this.tick() });
  }

  /** One pass of the work. */
  protected abstract tick(): Promise<unknown>;

  onApplicationBootstrap(): Promise<void> {
    return this.schedule.start();
  }

  onApplicationShutdown(): void {
    this.schedule.stop();
  }

  protected onScheduledJob(): Promise<void> {
    return this.schedule.onJob();
  }
}
