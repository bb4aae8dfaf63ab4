/** Per-tenant faults the sandbox ERP can inject, set through the control API. Everything off by default. */

export interface NofM {
  /** Affect n of every m calls (the last n of each run of m, so the first call of a run always succeeds). */
  n: number;
  m: number;
}

export interface RejectRule {
  soId?: string;
  skuId?: string;
  reason: string;
}

export interface TimeoutAfterStore {
  /** Each listed so_id triggers once: the first upload carrying it. */
  soIds?: string[];
  /** Or n of every m upload calls. */
  n?: number;
  m?: number;
  holdMs?: number;
  mode?: 'hold' | 'drop';
}

export interface ErpMisbehaviour {
  throttle?: { perSecond: number; code?: 199 | 200 };
  serverError?: NofM & { status?: number };
  unknownError?: NofM;
  delayMs?: number;
  timeoutAfterStore?: TimeoutAfterStore;
  rejectOrders?: RejectRule[];
}

export const DEFAULT_HOLD_MS = 30_000;

/** The switches plus the counters behind them, kept apart so combining switches stays predictable. */
export class ErpFaults {
  config: ErpMisbehaviour = {};
  private readonly counters = new Map<string, number>();
  private readonly pendingTimeouts = new Set<string>();
  private accepted: number[] = [];

  set(config: ErpMisbehaviour): void {
    this.config = config;
    this.counters.clear();
    this.accepted = [];
    this.pendingTimeouts.clear();
    for (const soId of config.timeoutAfterStore?.soIds ?? []) this.pendingTimeouts.add(soId);
  }

  /** Advances the named counter; true when this occurrence is one of the n in m. */
  hit(name: string, rule: NofM | undefined): boolean {
    if (!rule || rule.n <= 0 || rule.m <= 0) return false;
    const count = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, count);
    return (count - 1) % rule.m >= rule.m - rule.n;
  }

  /** True when a call at `now` would go over the per-second budget; only calls let through count against it. */
  overRate(now: number): boolean {
    const limit = this.config.throttle?.perSecond;
    if (!limit) return false;
    while (this.accepted.length && this.accepted[0] <= now - 1000) this.accepted.shift();
    if (this.accepted.length >= limit) return true;
    this.accepted.push(now);
    return false;
  }

  /** Whether this upload (carrying `soIds`) should be stored and then left unanswered; consumes one-shot ids. */
  timeoutAfterStore(soIds: string[]): boolean {
    const rule = this.config.timeoutAfterStore;
    if (!rule) return false;
    let listed = false;
    for (const soId of soIds) if (this.pendingTimeouts.delete(soId)) listed = true;
    const counted =
      rule.n !== undefined && rule.m !== undefined && this.hit('timeoutAfterStore', rule as NofM);
    return listed || counted;
  }

  rejection(soId: string, skuIds: string[]): string | undefined {
    for (const rule of this.config.rejectOrders ?? []) {
      const soMatches = rule.soId === undefined || rule.soId === soId;
      const skuMatches = rule.skuId === undefined || skuIds.includes(rule.skuId);
      if (soMatches && skuMatches && (rule.soId !== undefined || rule.skuId !== undefined))
        return rule.reason;
    }
    return undefined;
  }
}
