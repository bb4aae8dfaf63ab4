import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { EnqueueOptions, JobData, JobQueue } from '@tongdao/kernel';
import { DeadLetterStore } from './dead-letters';
import { JobRegistry } from './job-registry';

export const TONGDAO_QUEUE = 'tongdao';
const ADD_TIMEOUT_MS = 3000;

/** Production jobs: one Bull queue on Redis, one named processor per job type, shared by every worker. */
@Injectable()
export class BullJobQueue extends JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(BullJobQueue.name);
  private consuming = false;

  constructor(
    @InjectQueue(TONGDAO_QUEUE) private readonly queue: Queue<JobData>,
    private readonly registry: JobRegistry,
    private readonly deadLetters: DeadLetterStore,
  ) {
    super();
  }

  async enqueue(name: string, data: JobData, options: EnqueueOptions = {}): Promise<void> {
    const definition = this.registry.get(name);
    if (!definition) throw new Error(`no handler for job type "${name}"`);
    const adding = this.queue.add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: definition.options.attempts,
      backoff: { type: 'exponential', delay: definition.options.backoffMs },
      removeOnComplete: 1000,
      removeOnFail: true,
    });
    // ioredis queues commands while Redis is away; the caller (the outbox relay) must hear about an outage
    // rather than wait for it to end, and a late add of the same jobId is harmless.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('Redis did not accept the job in time')), ADD_TIMEOUT_MS);
    });
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Worker side: register a processor for every declared job type and dead-letter final failures. */
  startConsuming(): void {
    if (this.consuming) return;
    this.consuming = true;
    for (const definition of this.registry.all()) {
      void this.queue.process(definition.name, definition.options.concurrency, (job: Job<JobData>) =>
        definition.run(job.data),
      );
    }
    this.queue.on('failed', (job: Job<JobData>, error: Error) => {
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade < attempts) return;
      void this.deadLetters
        .record(job.name, String(job.id), job.data, error, job.attemptsMade)
        .catch((e: unknown) => this.logger.error({ err: String(e) }, 'could not record dead letter'));
    });
    this.queue.on('error', (error: Error) =>
      this.logger.warn({ err: error.message }, 'queue connection error'),
    );
  }

  async counts(): Promise<Record<string, number>> {
    return (await this.queue.getJobCounts()) as unknown as Record<string, number>;
  }

  async onApplicationShutdown(): Promise<void> {
    // Lets running jobs finish; waiting jobs stay in Redis for the next worker.
    await this.queue.close().catch(() => undefined);
  }
}
