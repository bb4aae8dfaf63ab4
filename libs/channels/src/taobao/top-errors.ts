/** What the caller should do about a failed TOP call. */
export type TopFailureKind =
  /** Rate limited or a platform-side (isp.) fault: back off and try again. */
  | 'retry'
  /** The seller's session expired or was revoked, or the app key/secret is wrong: new credentials are needed. */
  | 'reauthorise'
  /** Our request or the seller's data is wrong (isv., 40, 41 …): retrying the same call will not help. */
  | 'fail';

/** TOP's error_response, or a transport failure shaped like one (code 0, sub_code `transport.*`). */
export class TopError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly subCode: string | null,
    readonly subMsg: string | null,
    readonly requestId: string | null = null,
  ) {
    super(`TOP ${code} ${msg}${subCode ? ` (${subCode}${subMsg ? `: ${subMsg}` : ''})` : ''}`);
    this.name = 'TopError';
  }

  get kind(): TopFailureKind {
    return classify(this.code, this.subCode);
  }
}

/** Platform codes (PROTOCOLS §3.4): 7 call limited, 10 unavailable, 15 remote error, 26/27 session, 42/53 permission. */
const RETRY_CODES = new Set([7, 10]);
/** Session gone, or the app key / secret refused (29 invalid app key, 25 invalid signature): new credentials needed. */
const SESSION_CODES = new Set([25, 26, 27, 29]);

export function classify(code: number, subCode: string | null): TopFailureKind {
  if (
    SESSION_CODES.has(code) ||
    (subCode !== null && /(^|\.)(session-expired|invalid-sessionkey)$/.test(subCode))
  )
    return 'reauthorise';
  if (RETRY_CODES.has(code)) return 'retry';
  // 15 "remote service error": business refusals carry isv. sub-codes; anything else is the platform's fault.
  if (code === 15 && !subCode?.startsWith('isv.')) return 'retry';
  if (subCode?.startsWith('isp.') || subCode?.startsWith('transport.')) return 'retry';
  if (subCode?.includes('call-limited') || subCode?.includes('frequency')) return 'retry';
  return 'fail';
}
