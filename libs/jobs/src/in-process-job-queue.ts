import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EnqueueOptions, JobData, JobQueue } from '@tongdao/kernel';
import { DeadLetterStore } from './dead-letters';
import { JobRegistry, RegisteredJob } from './job-registry';
import { retryDelayMs } from './retry';

interface QueuedJob {
  definition: RegisteredJob;
  jobId: string | null;
  data: JobData;
  attempt: number;
}

/**
 * The embedded default's job runner: same interface, same attempts/backoff/dead-letter semantics as Bull,
 * in this process's memory. Jobs waiting when the process stops are gone; the outbox is what makes domain
 * events survive (they are re-published until queued), which is why everything important goes through it.
 */
@Injectable()
export class InProcessJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly pendingIds = new Set<string>();
  private readonly running = new Map<string, number>();
  private readonly ready = new Map<string, QueuedJob[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly deadLetters: DeadLetterStore,
  ) {
    super();
  }

  async enqueue(name: string, data: JobData, options: EnqueueOptions = {}): Promise<void> {
    const definition = this.registry.get(name);
    if (!definition) throw new Error(`no handler for job type "${name}"`);
    const jobId = options.jobId ?? null;
    if (jobId) {
      if (this.pendingIds.has(jobId)) return;
      this.pendingIds.add(jobId);
    }
    this.later({ definition, jobId, data, attempt: 1 }, options.delayMs ?? 0);
  }

  /** Waits for running jobs (graceful shutdown, and tests that want the queue quiet). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      if (this.inFlight.size === 0 && this.timers.size > 0) await new Promise((r) => setTimeout(r, 10));
      if (this.stopping) break;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private later(job: QueuedJob, delayMs: number): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.offer(job);
    }, delayMs);
    this.timers.add(timer);
  }

  private offer(job: QueuedJob): void {
    const name = job.definition.name;
    if ((this.running.get(name) ?? 0) >= job.definition.options.concurrency) {
      this.ready.set(name, [...(this.ready.get(name) ?? []), job]);
      return;
    }
    this.start(job);
  }

  private start(job: QueuedJob): void {
    const name = job.definition.name;
    this.running.set(name, (this.running.get(name) ?? 0) + 1);
    const run = this.attempt(job).finally(() => {
      this.inFlight.delete(run);
      this.running.set(name, (this.running.get(name) ?? 1) - 1);
      const next = this.ready.get(name)?.shift();
      if (next && !this.stopping) this.start(next);
    });
    this.inFlight.add(run);
  }

  private async attempt(job: QueuedJob): Promise<void> {
    const { definition } = job;
    try {
      await definition.run(job.data);
      if (job.jobId) this.pendingIds.delete(job.jobId);
    } catch (error) {
      if (job.attempt < definition.options.attempts) {
        this.logger.warn(
          { job: definition.name, attempt: job.attempt, err: String(error) },
          'job failed, will retry',
        );
        this.later({ ...job, attempt: job.attempt + 1 }, retryDelayMs(definition.options, job.attempt));
        return;
      }
      if (job.jobId) this.pendingIds.delete(job.jobId);
      await this.deadLetters
        .record(definition.name, job.jobId, job.data, error, job.attempt)
        .catch((e: unknown) => this.logger.error({ err: String(e) }, 'could not record dead letter'));
    }
  }
}
