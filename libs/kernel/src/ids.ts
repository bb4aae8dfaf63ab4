import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ULIDs: 26 chars, time-ordered, generated here rather than by AUTO_INCREMENT so rows can be sharded by
// merchant and moved between engines without renumbering. Monotonic so ids minted in one millisecond still sort.

// The library asks the OS for one random byte per character; a refilled pool of cryptographic bytes gives the
// same randomness for a fraction of the cost (ids are minted on every write). 256 / 32 is whole, so each of the
// 32 ULID characters stays equally likely.
const pool = new Uint8Array(4096);
let next = pool.length;
export function pooledRandom(): number {
  if (next >= pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}

const nextUlid = monotonicFactory(pooledRandom);

export type Id = string;

export function newId(): Id {
  return nextUlid();
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: unknown): value is Id {
  return typeof value === 'string' && ULID_PATTERN.test(value);
}
