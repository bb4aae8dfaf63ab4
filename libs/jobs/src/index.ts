export { JobsModule, jobsSchema } from './jobs.module';
export { DeadLetterService } from './dead-letters';
export type { DeadLetterView } from './dead-letters';
export { OutboxRelay } from './outbox-relay';
export { JobRegistry, eventJobName } from './job-registry';
export { InProcessJobQueue } from './in-process-job-queue';
export { BullJobQueue } from './bull-job-queue';
export { retryDelayMs } from './retry';
export { OutboxRetention, OUTBOX_RETENTION_JOB } from './retention';
