import { monotonicFactory } from 'ulid';

// ULIDs: 26 chars, time-ordered, generated here rather than by AUTO_INCREMENT so rows can be sharded by
// merchant and moved between engines without renumbering. Monotonic so ids minted in one millisecond still sort.
const nextUlid = monotonicFactory();

export type Id = string;

export function newId(): Id {
  return nextUlid();
}

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: unknown): value is Id {
  return typeof value === 'string' && ULID_PATTERN.test(value);
}
