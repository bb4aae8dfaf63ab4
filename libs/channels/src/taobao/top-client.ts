import { Injectable, Logger } from '@nestjs/common';
import JSONbig from 'json-bigint';
import { formatChinaLocalTime } from '@tongdao/kernel';
import { TopError } from './top-errors';
import { TopSignMethod, topSignature } from './top-signature';

export const TOP_DEFAULT_GATEWAY = 'https://eco.taobao.com/router/rest';

export interface TopCredentials {
  appKey: string;
  appSecret: string;
  sessionKey: string | null;
  gatewayUrl: string;
}

export interface TopCallOptions {
  /** Attempts in all, counting the first (rate limits, isp. errors, 5xx and network faults are retried). */
  attempts?: number;
  signMethod?: TopSignMethod;
  timeoutMs?: number;
}

export type TopParams = Record<string, string | number | boolean | null | undefined>;
export type TopResponse = Record<string, unknown>;

const DEFAULTS = { attempts: 4, signMethod: 'hmac' as TopSignMethod, timeoutMs: 15_000 };
const FIRST_BACKOFF_MS = 250;

/**
 * A TOP (Taobao Open Platform) call: system parameters, GMT+8 timestamp, signature over the raw values, form
 * POST, envelope unwrapped (`<api>_response`), `error_response` turned into TopError. Retries with
 * exponential backoff only what TOP says is transient; an expired session surfaces at once as a TopError
 * of kind `reauthorise` for the caller to mark the account.
 */
@Injectable()
export class TopClient {
  private readonly logger = new Logger(TopClient.name);

  async call(
    credentials: TopCredentials,
    method: string,
    params: TopParams = {},
    options: TopCallOptions = {},
  ): Promise<TopResponse> {
    const { attempts, signMethod, timeoutMs } = { ...DEFAULTS, ...options };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(credentials, method, params, signMethod, timeoutMs);
      } catch (error) {
        const topError = error instanceof TopError ? error : transportError(error);
        if (topError.kind !== 'retry' || attempt >= attempts) throw topError;
        const delay = FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
        this.logger.warn(
          { method, attempt, err: topError.message, delayMs: Math.round(delay) },
          'TOP call retried',
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async once(
    credentials: TopCredentials,
    method: string,
    params: TopParams,
    signMethod: TopSignMethod,
    timeoutMs: number,
  ): Promise<TopResponse> {
    const all: Record<string, string> = {
      method,
      app_key: credentials.appKey,
      timestamp: formatChinaLocalTime(new Date()),
      format: 'json',
      v: '2.0',
      sign_method: signMethod,
    };
    if (credentials.sessionKey) all.session = credentials.sessionKey;
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') all[name] = String(value);
    }
    all.sign = topSignature(all, credentials.appSecret, signMethod);
    const response = await fetch(credentials.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
      body: new URLSearchParams(all).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status >= 500)
      throw new TopError(0, `HTTP ${response.status}`, 'transport.http-5xx', text.slice(0, 200));
    let body: unknown;
    try {
      body = parseTopJson(text);
    } catch {
      throw new TopError(
        0,
        `HTTP ${response.status}: not JSON`,
        response.status >= 400 ? 'transport.http-error' : 'transport.bad-json',
        text.slice(0, 200),
      );
    }
    if (!isObject(body)) throw new TopError(0, 'unexpected response', 'transport.bad-json', null);
    const failure = body.error_response;
    if (isObject(failure)) {
      throw new TopError(
        Number(failure.code ?? 0),
        typeof failure.msg === 'string' ? failure.msg : '',
        typeof failure.sub_code === 'string' ? failure.sub_code : null,
        typeof failure.sub_msg === 'string' ? failure.sub_msg : null,
        typeof failure.request_id === 'string' ? failure.request_id : null,
      );
    }
    const envelope = body[responseName(method)];
    if (!isObject(envelope))
      throw new TopError(0, `no ${responseName(method)} in the answer`, 'transport.bad-json', null);
    return envelope;
  }
}

/** TOP ids (tid, oid, num_iid) are 64-bit numbers: beyond 2^53 they are read as strings, never rounded. */
const bigJson = JSONbig({ storeAsString: true });

export function parseTopJson(text: string): unknown {
  return bigJson.parse(text) as unknown;
}

/** `taobao.trades.sold.increment.get` → `trades_sold_increment_get_response`. */
export function responseName(method: string): string {
  return `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
}

function transportError(error: unknown): TopError {
  const message = error instanceof Error ? error.message : String(error);
  return new TopError(0, message, 'transport.network', null);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
