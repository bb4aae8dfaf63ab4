/**
 * The merchant payout calendar of guarantee transactions: funds released (settled) on Beijing date D are
 * paid out at 00:00 Beijing time of D+1 (T+1). China has no daylight saving, so Beijing is always UTC+8.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** 00:00 Beijing time of the Beijing date `at` falls on, as a UTC instant. */
export function beijingMidnightOf(at: Date): Date {
  const local = at.getTime() + BEIJING_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - BEIJING_OFFSET_MS);
}

/** When funds released at `settledAt` are paid out. */
export function payoutAt(settledAt: Date): Date {
  return new Date(beijingMidnightOf(settledAt).getTime() + DAY_MS);
}

/**
 * The instant dividing paid-out from releasable funds at `now`: releases before it were paid out at or before
 * today's midnight; releases from it on wait for the next one.
 */
export function payoutCutoff(now: Date): Date {
  return beijingMidnightOf(now);
}
