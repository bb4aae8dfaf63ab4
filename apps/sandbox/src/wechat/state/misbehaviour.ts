/** Per-account faults the sandbox can inject, set through the control API. Everything off by default. */

export interface EveryM {
  /** Affect n of every m occurrences (the last n of each run of m, so the first of a run is always normal). */
  n: number;
  m: number;
}

export const TEMPLATE_STATUSES = ['success', 'failed:user block', 'failed: system failed'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface MisbehaviourConfig {
  /** Every API call of the account is answered this many ms late. */
  apiDelayMs?: number;
  /** n of every m API calls get an HTML gateway error page with HTTP `status` (default 502). */
  apiServerError?: EveryM & { status?: number };
  /** n of every m API calls get `{"errcode":-1,"errmsg":"system error"}`. */
  systemBusy?: EveryM;
  /** Every access_token of the account answers 40001, as when another process refreshed it. */
  tokensInvalid?: boolean;
  /** n of every m pushes are delivered twice, byte for byte. */
  duplicatePushes?: EveryM;
  /** The Status every TEMPLATESENDJOBFINISH reports (a blocking follower still reports `failed:user block`). */
  templateStatus?: TemplateStatus;
}

/** Counters behind each switch, kept apart so that combining switches stays predictable. */
export class MisbehaviourState {
  config: MisbehaviourConfig = {};
  private readonly counters = new Map<string, number>();

  set(config: MisbehaviourConfig): void {
    this.config = config;
    this.counters.clear();
  }

  /** Advances the named counter; true when this occurrence is one of the n in m. */
  hit(name: string, rule: EveryM | undefined): boolean {
    if (!rule || rule.n <= 0 || rule.m <= 0) return false;
    const count = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, count);
    return (count - 1) % rule.m >= rule.m - rule.n;
  }
}
