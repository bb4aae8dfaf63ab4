/** A TOP gateway error: always HTTP 200 with an `error_response` body (PROTOCOLS §3.4). */
export class TopError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly subCode?: string,
    readonly subMsg?: string,
  ) {
    super(`${code} ${msg}${subCode ? ` (${subCode})` : ''}`);
  }

  /** How the call log records the outcome: the code, plus the sub-code when there is one. */
  get outcome(): string {
    return this.subCode ? `error:${this.code}:${this.subCode}` : `error:${this.code}`;
  }
}

// Platform codes (< 100) from the official table; sub-codes chosen to match what real responses carry.
export const topErrors = {
  appCallLimited: (banSeconds: number): TopError =>
    new TopError(
      7,
      'App Call Limited',
      'accesscontrol.limited-by-app-access-count',
      `This ban will last for ${banSeconds} more seconds`,
    ),
  ispCallLimited: (): TopError =>
    new TopError(15, 'Remote service error', 'isp.call-limited', 'The service is busy, please retry later'),
  missingMethod: (): TopError => new TopError(21, 'Missing Method'),
  invalidMethod: (): TopError => new TopError(22, 'Invalid Method'),
  invalidFormat: (): TopError => new TopError(23, 'Invalid Format'),
  missingSignature: (): TopError => new TopError(24, 'Missing Signature'),
  invalidSignature: (): TopError => new TopError(25, 'Invalid Signature'),
  missingSession: (): TopError => new TopError(26, 'Missing Session'),
  invalidSession: (expired: boolean): TopError =>
    expired
      ? new TopError(27, 'Invalid session', 'session-expired', 'The session has expired; authorise again')
      : new TopError(27, 'Invalid session', 'invalid-sessionkey', 'The session key is not valid'),
  missingAppKey: (): TopError => new TopError(28, 'Missing App Key'),
  invalidAppKey: (): TopError => new TopError(29, 'Invalid App Key'),
  missingTimestamp: (): TopError => new TopError(30, 'Missing Timestamp'),
  invalidTimestamp: (why: string): TopError =>
    new TopError(31, 'Invalid Timestamp', 'isv.invalid-parameter:timestamp', why),
  missingVersion: (): TopError => new TopError(32, 'Missing Version'),
  invalidVersion: (): TopError => new TopError(33, 'Invalid Version'),
  missingParam: (name: string): TopError =>
    new TopError(
      40,
      `Missing Required Arguments:${name}`,
      `isv.missing-parameter:${name}`,
      `${name} is required`,
    ),
  invalidParam: (name: string, why: string): TopError =>
    new TopError(41, `Invalid Arguments:${name}`, `isv.invalid-parameter:${name}`, why),
  /** Business refusals after the call was accepted: code 15 with an `isv.` sub-code. */
  business: (subCode: string, subMsg: string): TopError =>
    new TopError(15, 'Remote service error', subCode, subMsg),
};
