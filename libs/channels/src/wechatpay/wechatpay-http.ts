import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { WechatPayError } from './wechatpay-errors';
import {
  authorizationHeader,
  sameSerial,
  timestampIsFresh,
  verifyPlatformSignature,
} from './wechatpay-signing';

export interface WechatPayCredentials {
  baseUrl: string;
  mchid: string;
  merchantPrivateKeyPem: string;
  merchantSerial: string;
  platformPublicKeyPem: string;
  platformSerial: string;
}

export interface WechatPayExchange {
  status: number;
  /** Parsed JSON of a verified answer; null for 204 / empty body. */
  json: Record<string, unknown> | null;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * One signed v3 exchange: Authorization on the way out, platform signature + serial + timestamp checked on the
 * way back (over the raw bytes) before anything in the answer is believed, `{code, message}` → WechatPayError.
 */
export class WechatPayHttp {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(
    private readonly credentials: WechatPayCredentials,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    // Parsed once so that a bad PEM fails at construction, not on the first payment.
    this.privateKey = createPrivateKey(credentials.merchantPrivateKeyPem);
    this.publicKey = createPublicKey(credentials.platformPublicKeyPem);
  }

  /** Signs `text` with the merchant key (the JSAPI paySign uses it too). */
  get merchantKey(): KeyObject {
    return this.privateKey;
  }

  async send(method: 'GET' | 'POST', pathWithQuery: string, body?: object): Promise<WechatPayExchange> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const authorization = authorizationHeader({
      method,
      pathWithQuery,
      body: text,
      mchid: this.credentials.mchid,
      merchantSerial: this.credentials.merchantSerial,
      merchantPrivateKey: this.privateKey,
      timestamp: Math.floor(this.now() / 1000),
    });
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let raw: Buffer;
    try {
      response = await fetch(new URL(pathWithQuery, this.credentials.baseUrl), {
        method,
        headers,
        body: body === undefined ? undefined : text,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      raw = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw new WechatPayError(null, 'TRANSPORT', error instanceof Error ? error.message : String(error));
    }
    this.verify(response, raw);
    const json = raw.length === 0 ? null : parseObject(raw, response.status);
    if (!response.ok) throw platformError(response.status, json);
    return { status: response.status, json };
  }

  private verify(response: Response, raw: Buffer): void {
    const header = (name: string) => response.headers.get(name) ?? '';
    const signed = {
      timestamp: header('wechatpay-timestamp'),
      nonce: header('wechatpay-nonce'),
      signature: header('wechatpay-signature'),
      serial: header('wechatpay-serial'),
    };
    const refuse = (why: string) =>
      new WechatPayError(response.status, 'RESPONSE_UNVERIFIED', `WeChat Pay answer refused: ${why}`);
    if (!signed.signature || !signed.nonce || !signed.timestamp) throw refuse('unsigned');
    if (!sameSerial(signed.serial, this.credentials.platformSerial))
      throw refuse(`unknown serial ${signed.serial}`);
    if (!timestampIsFresh(signed.timestamp, this.now())) throw refuse('timestamp outside ±5 min');
    if (!verifyPlatformSignature(signed, raw, this.publicKey)) throw refuse('signature does not verify');
  }
}

function parseObject(raw: Buffer, status: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new WechatPayError(status, 'BAD_RESPONSE', 'WeChat Pay answer is not a JSON object');
}

function platformError(status: number, json: Record<string, unknown> | null): WechatPayError {
  const code = typeof json?.code === 'string' ? json.code : `HTTP_${status}`;
  const message = typeof json?.message === 'string' ? json.message : `HTTP ${status}`;
  const detail =
    json?.detail !== null && typeof json?.detail === 'object'
      ? (json.detail as Record<string, unknown>)
      : null;
  return new WechatPayError(status, code, message, detail);
}
