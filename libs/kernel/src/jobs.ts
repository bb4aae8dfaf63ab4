import { SetMetadata } from '@nestjs/common';

/** Retry policy of one job type; the same numbers drive Bull and the in-process runner. */
export interface JobOptions {
  attempts: number;
  /** First retry delay; doubles on every further attempt. */
  backoffMs: number;
  concurrency: number;
}

export const DEFAULT_JOB_OPTIONS: JobOptions = { attempts: 5, backoffMs: 1000, concurrency: 4 };

export interface EnqueueOptions {
  /** Deduplication key: a job with the same id already waiting is not added twice. */
  jobId?: string;
  delayMs?: number;
}

/** Job payloads name their tenant so dead letters can be shown to (only) that merchant. */
export interface JobData {
  merchantId: string | null;
  [key: string]: unknown;
}

export abstract class JobQueue {
  abstract enqueue(name: string, data: JobData, options?: EnqueueOptions): Promise<void>;
}

export const JOB_HANDLER_METADATA = 'tongdao:job-handler';

export interface JobHandlerMetadata {
  name: string;
  options: JobOptions;
}

/**
 * Declares the method that handles one job type (the immich habit). Start-up fails when a job type has
 * two handlers, and enqueueing a job type nobody handles is refused.
 */
export function JobHandler(name: string, options: Partial<JobOptions> = {}): MethodDecorator {
  return SetMetadata<string, JobHandlerMetadata>(JOB_HANDLER_METADATA, {
    name,
    options: { ...DEFAULT_JOB_OPTIONS, ...options },
  });
}

export const EVENT_HANDLER_METADATA = 'tongdao:event-handler';

export interface EventHandlerMetadata {
  /** Event type, e.g. `order.paid`. */
  event: string;
  /** Stable consumer name; with the event id it is the idempotency key. */
  consumer: string;
  options: JobOptions;
}

/** Subscribes a method to an outbox event. Delivery is at-least-once; the runtime dedupes by (consumer, event id). */
export function EventHandler(
  event: string,
  consumer: string,
  options: Partial<JobOptions> = {},
): MethodDecorator {
  return SetMetadata<string, EventHandlerMetadata>(EVENT_HANDLER_METADATA, {
    event,
    consumer,
    options: { ...DEFAULT_JOB_OPTIONS, ...options },
  });
}
