/**
 * A failed WeChat Pay v3 call. `code` is WeChat Pay's own (`ORDERPAID`, `NOT_ENOUGH`, `SIGN_ERROR`, …) when it
 * answered `{code, message}`; otherwise one of ours:
 * - `RESPONSE_UNVERIFIED`: the answer's signature, serial or timestamp did not check out — treat its content as unknown;
 * - `BAD_RESPONSE`: a verified answer we cannot read;
 * - `TRANSPORT`: no answer at all (status null): network error or timeout.
 */
export class WechatPayError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string,
    message: string,
    readonly detail: Record<string, unknown> | null = null,
  ) {
    super(message);
    this.name = 'WechatPayError';
  }

  /** Retrying the same call may succeed (the platform, not our request, failed). */
  get transient(): boolean {
    return (
      this.code === 'TRANSPORT' ||
      this.code === 'SYSTEM_ERROR' ||
      this.code === 'FREQUENCY_LIMITED' ||
      (this.status !== null && this.status >= 500)
    );
  }
}

/** Why a notification was refused; the receiver answers 4xx and changes nothing. */
export type WechatPayRefusalReason =
  'bad_signature' | 'stale_timestamp' | 'wrong_serial' | 'undecryptable' | 'malformed';

export interface WechatPayRefusal {
  reason: WechatPayRefusalReason;
  message: string;
}
