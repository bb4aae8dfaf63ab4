/** Per-app faults the sandbox can inject, set through the control API. Everything off by default. */

export interface EveryM {
  /** Affect n of every m calls (the last n of each run of m, so the first call of a run always succeeds). */
  n: number;
  m: number;
}

export interface MisbehaviourConfig {
  rateLimit?: EveryM & { style?: 'app' | 'isp' };
  /** Calls per second above which calls are refused with code 7 (sliding one-second window). */
  maxCallsPerSecond?: number;
  serverError?: EveryM & { status?: number };
  delayMs?: number;
  /** Every session of the app answers 27 as if expired. */
  sessionExpired?: boolean;
  tmcDuplicate?: EveryM;
  /** TMC batches go out newest first, and new messages wait for the consumer's next pull. */
  tmcOutOfOrder?: boolean;
  /** How long an unconfirmed TMC message stays with its consumer before it is redelivered. */
  tmcRedeliveryMs?: number;
}

export const DEFAULT_TMC_REDELIVERY_MS = 60_000;

/** Counters behind each switch, kept apart so that combining switches stays predictable. */
export class MisbehaviourState {
  config: MisbehaviourConfig = {};
  private readonly counters = new Map<string, number>();
  private recentCalls: number[] = [];

  set(config: MisbehaviourConfig): void {
    this.config = config;
    this.counters.clear();
    this.recentCalls = [];
  }

  /** Advances the named counter; true when this occurrence is one of the n in m. */
  hit(name: string, rule: EveryM | undefined): boolean {
    if (!rule || rule.n <= 0 || rule.m <= 0) return false;
    const count = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, count);
    return (count - 1) % rule.m >= rule.m - rule.n;
  }

  /** Records a call at `now`; true when it goes over the per-second budget. */
  overRate(now: number): boolean {
    const limit = this.config.maxCallsPerSecond;
    if (!limit) return false;
    this.recentCalls = this.recentCalls.filter((at) => at > now - 1000);
    this.recentCalls.push(now);
    return this.recentCalls.length > limit;
  }
}
