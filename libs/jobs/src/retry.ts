import { JobOptions } from '@tongdao/kernel';

/** Exponential backoff, as Bull computes it: backoff × 2^(attempts made − 1). */
export function retryDelayMs(options: JobOptions, attemptsMade: number): number {
  return options.backoffMs * 2 ** (attemptsMade - 1);
}
