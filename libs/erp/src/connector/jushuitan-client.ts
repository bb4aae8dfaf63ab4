import { Injectable, Logger } from '@nestjs/common';
import { ErpError, classifyJushuitan } from './erp-errors';
import { jushuitanSign } from './jushuitan-signature';

export interface JushuitanCredentials {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string | null;
}

export interface JushuitanCallOptions {
  timeoutMs: number;
  /** Calls a second this process makes with one app key (the ERP throttles per app key). */
  ratePerSecond: number;
  /** Attempts for throttled answers only; other failures go back to the caller at once. */
  throttledAttempts: number;
  /** New tokens after a refresh, for the caller to store (the old access token stops working at once). */
  onTokens?: (tokens: { accessToken: string; refreshToken: string }) => Promise<void>;
}

interface Envelope {
  code: number;
  msg: string;
  data: unknown;
}

const TOKEN_EXPIRED = 102;
const THROTTLE_WAIT_MS = 1000;

/**
 * Jushuitan-style open API transport: common parameters, the sign, form POST, the `{code, msg, data}` envelope
 * turned into data or an ErpError. Paces calls per app key below the ERP's limit, waits out throttling, and
 * refreshes an expired access token once per call. Timeouts and dropped sockets come back as
 * `transport.*` errors: the ERP may have acted, so callers repeat only idempotent requests.
 */
@Injectable()
export class JushuitanClient {
  private readonly logger = new Logger(JushuitanClient.name);
  /** Per app key: the earliest time the next call may leave. */
  private readonly nextSlot = new Map<string, number>();

  async call(
    credentials: JushuitanCredentials,
    path: string,
    biz: unknown,
    options: JushuitanCallOptions,
  ): Promise<Record<string, unknown>> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.pace(credentials.appKey, options.ratePerSecond);
      const envelope = await this.post(
        credentials,
        path,
        { access_token: credentials.accessToken, biz: JSON.stringify(biz ?? {}) },
        options.timeoutMs,
      );
      if (envelope.code === 0) return isRecord(envelope.data) ? envelope.data : {};
      if (envelope.code === TOKEN_EXPIRED && !refreshed && credentials.refreshToken) {
        refreshed = true;
        await this.refresh(credentials, options);
        continue;
      }
      const kind = classifyJushuitan(envelope.code);
      if (kind === 'throttled' && attempt < options.throttledAttempts) {
        this.logger.warn({ path, attempt, code: envelope.code }, 'ERP throttled the call; waiting');
        await sleep(THROTTLE_WAIT_MS * attempt);
        continue;
      }
      throw new ErpError(kind, String(envelope.code), envelope.msg);
    }
  }

  /** `/openWeb/auth/refreshToken`: a new pair, handed to the caller to store, then used for the retry. */
  private async refresh(credentials: JushuitanCredentials, options: JushuitanCallOptions): Promise<void> {
    const envelope = await this.post(
      credentials,
      '/openWeb/auth/refreshToken',
      { grant_type: 'refresh_token', refresh_token: credentials.refreshToken ?? '', scope: 'all' },
      options.timeoutMs,
    );
    const data = isRecord(envelope.data) ? envelope.data : {};
    if (
      envelope.code !== 0 ||
      typeof data.access_token !== 'string' ||
      typeof data.refresh_token !== 'string'
    )
      throw new ErpError('auth', String(envelope.code), `token refresh failed: ${envelope.msg}`);
    credentials.accessToken = data.access_token;
    credentials.refreshToken = data.refresh_token;
    await options.onTokens?.({ accessToken: data.access_token, refreshToken: data.refresh_token });
  }

  private async post(
    credentials: JushuitanCredentials,
    path: string,
    extra: Record<string, string>,
    timeoutMs: number,
  ): Promise<Envelope> {
    const params: Record<string, string> = {
      app_key: credentials.appKey,
      timestamp: String(Math.floor(Date.now() / 1000)),
      charset: 'utf-8',
      version: '2',
    };
    for (const [name, value] of Object.entries(extra)) if (value !== '') params[name] = value;
    params.sign = jushuitanSign(params, credentials.appSecret);
    let text: string;
    let status: number;
    try {
      const response = await fetch(new URL(path, credentials.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
        body: new URLSearchParams(params).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ErpError(
        'retry',
        timedOut ? 'transport.timeout' : 'transport.network',
        error instanceof Error ? error.message : String(error),
      );
    }
    if (status >= 500) throw new ErpError('retry', 'transport.http-5xx', `HTTP ${status}`);
    // Too large a body is our request's fault: the same call would be refused again.
    if (status === 413) throw new ErpError('reject', 'transport.too-large', 'HTTP 413: request too large');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ErpError(
        status >= 400 ? 'reject' : 'retry',
        'transport.bad-json',
        `HTTP ${status}: not JSON`,
      );
    }
    if (!isRecord(body) || typeof body.code !== 'number')
      throw new ErpError('retry', 'transport.bad-json', `HTTP ${status}: no envelope`);
    return { code: body.code, msg: typeof body.msg === 'string' ? body.msg : '', data: body.data };
  }

  private async pace(appKey: string, ratePerSecond: number): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(appKey) ?? 0);
    this.nextSlot.set(appKey, slot + 1000 / ratePerSecond);
    if (slot > now) await sleep(slot - now);
  }
}

/** A scalar from the ERP's JSON as text (ids come as numbers or strings); anything else is empty. */
export function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint'
    ? String(value)
    : '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
