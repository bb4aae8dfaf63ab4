/** Cadences, timeouts and backoff of a TMC connection, and the timers it owns. */

export interface TmcConnectionOptions {
  /** PullRequest cadence; also the liveness probe (a WebSocket ping) cadence. */
  pullIntervalMs: number;
  /** Socket open + CONNECTACK must happen within this. */
  connectTimeoutMs: number;
  /** No pong nor frame for this long: the socket is presumed dead and replaced. */
  idleTimeoutMs: number;
  /** Reconnects and Failed answers back off from min to max, doubling. */
  minBackoffMs: number;
  maxBackoffMs: number;
  /** Messages handled at once on this connection. */
  concurrency: number;
}

export const TMC_CONNECTION_DEFAULTS: TmcConnectionOptions = {
  pullIntervalMs: 5_000,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  // Messages handled at once; their trades are fetched and ingested together (TradeBatcher).
  concurrency: 32,
};

/** Exponential from min to max, with ±20 % jitter so that many accounts do not reconnect in step. */
export function backoffMs(
  options: Pick<TmcConnectionOptions, 'minBackoffMs' | 'maxBackoffMs'>,
  attempt: number,
): number {
  const { minBackoffMs, maxBackoffMs } = options;
  const base = Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(attempt, 20));
  return Math.round(Math.min(maxBackoffMs, base * (0.8 + Math.random() * 0.4)));
}

/** One-shot timers that never hold the process open and can all be cancelled at once (on stop). */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.pending.add(timer);
    return timer;
  }

  forget(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.pending.delete(timer);
  }

  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
