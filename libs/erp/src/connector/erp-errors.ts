/** What the caller should do about a failed ERP call. */
export type ErpFailureKind =
  /** A fault on the way or at the ERP (5xx, timeout, dropped socket, "system busy"): back off and try again. */
  | 'retry'
  /** The ERP's call limit: wait a little (≥ 1 s) and try again; the orders are not at fault. */
  | 'throttled'
  /** The request itself is refused (bad parameters, sign, unknown app): retrying the same call will not help. */
  | 'reject'
  /** The credentials no longer work (token expired and could not be refreshed, app key gone). */
  | 'auth';

/** A failed ERP call, with the ERP's code (or a transport code such as `transport.timeout`). */
export class ErpError extends Error {
  constructor(
    readonly kind: ErpFailureKind,
    readonly code: string,
    message: string,
  ) {
    super(`ERP ${code}: ${message}`);
    this.name = 'ErpError';
  }
}

/**
 * Jushuitan call-level codes (erp-wire / PROTOCOLS §5.1): 199/200 throttled; 500 busy; 102 token expired
 * (refreshable), 101/105 credentials gone; 100 bad sign is a configuration error the merchant must fix, so it
 * counts as auth; 103 timestamp is our clock (retry); 104/160 our request is wrong.
 */
export function classifyJushuitan(code: number): ErpFailureKind {
  if (code === 199 || code === 200) return 'throttled';
  if (code === 500 || code === 103) return 'retry';
  if (code === 100 || code === 101 || code === 102 || code === 105) return 'auth';
  return 'reject';
}

/** Whether an error means "the ERP may have acted": the answer was lost, so a repeat must be idempotent. */
export function isUncertain(error: unknown): boolean {
  return error instanceof ErpError && error.code.startsWith('transport.');
}
