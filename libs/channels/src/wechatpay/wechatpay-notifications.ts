import { WechatPayRefusal, WechatPayRefusalReason } from './wechatpay-errors';
import {
  asObject,
  optStr,
  str,
  toRefund,
  toTransaction,
  WechatPayRefund,
  WechatPayShapeError,
  WechatPayTransaction,
} from './wechatpay-models';
import {
  decryptResource,
  PemKey,
  sameSerial,
  timestampIsFresh,
  verifyPlatformSignature,
  WechatPayDecryptError,
} from './wechatpay-signing';

export interface WechatPayNotificationKeys {
  platformPublicKeyPem: PemKey;
  platformSerial: string;
  apiV3Key: string;
}

export type NotificationHeaders = Record<string, string | string[] | undefined>;

interface Envelope {
  /** WeChat's notification id: the same on every retry and duplicate, so it is the idempotency key. */
  id: string;
  createTime: string | null;
  eventType: string;
}

export interface PaymentNotification extends Envelope {
  transaction: WechatPayTransaction;
}

export interface RefundNotification extends Envelope {
  refund: WechatPayRefund;
}

export type NotificationResult<T> = { ok: true; notification: T } | { ok: false; refusal: WechatPayRefusal };

class Refused extends Error {
  constructor(
    readonly reason: WechatPayRefusalReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A `TRANSACTION.*` notification (§2.1–2.4), checked in this order: the four signature headers present, the
 * serial ours, the signature valid over the raw body, the timestamp within ±5 min of `now`, the body JSON, the
 * resource decrypting under the APIv3 key. Only then is anything in it believed. Amount and order matching
 * stay with the caller.
 */
export function parsePaymentNotification(
  headers: NotificationHeaders,
  rawBody: string | Buffer,
  keys: WechatPayNotificationKeys,
  now: Date | number,
): NotificationResult<PaymentNotification> {
  return settle(() => {
    const { envelope, plaintext } = open(headers, rawBody, keys, now, 'transaction');
    return { ...envelope, transaction: toTransaction(plaintext) };
  });
}

/** A `REFUND.SUCCESS|ABNORMAL|CLOSED` notification, with the same checks. */
export function parseRefundNotification(
  headers: NotificationHeaders,
  rawBody: string | Buffer,
  keys: WechatPayNotificationKeys,
  now: Date | number,
): NotificationResult<RefundNotification> {
  return settle(() => {
    const { envelope, plaintext } = open(headers, rawBody, keys, now, 'refund');
    return { ...envelope, refund: toRefund(plaintext) };
  });
}

function settle<T>(parse: () => T): NotificationResult<T> {
  try {
    return { ok: true, notification: parse() };
  } catch (error) {
    if (error instanceof Refused)
      return { ok: false, refusal: { reason: error.reason, message: error.message } };
    if (error instanceof WechatPayShapeError)
      return { ok: false, refusal: { reason: 'malformed', message: error.message } };
    throw error;
  }
}

function header(headers: NotificationHeaders, name: string): string {
  const direct = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const value = Array.isArray(direct) ? direct[0] : direct;
  if (typeof value !== 'string' || value === '') throw new Refused('malformed', `header ${name} missing`);
  return value;
}

function open(
  headers: NotificationHeaders,
  rawBody: string | Buffer,
  keys: WechatPayNotificationKeys,
  now: Date | number,
  originalType: 'transaction' | 'refund',
): { envelope: Envelope; plaintext: unknown } {
  const signed = {
    timestamp: header(headers, 'wechatpay-timestamp'),
    nonce: header(headers, 'wechatpay-nonce'),
    signature: header(headers, 'wechatpay-signature'),
    serial: header(headers, 'wechatpay-serial'),
  };
  if (!sameSerial(signed.serial, keys.platformSerial))
    throw new Refused('wrong_serial', `not signed under our platform serial (${signed.serial})`);
  if (!verifyPlatformSignature(signed, rawBody, keys.platformPublicKeyPem))
    throw new Refused('bad_signature', 'Wechatpay-Signature does not verify');
  const nowMs = typeof now === 'number' ? now : now.getTime();
  if (!timestampIsFresh(signed.timestamp, nowMs))
    throw new Refused(
      'stale_timestamp',
      `Wechatpay-Timestamp ${signed.timestamp} is more than 5 minutes off`,
    );

  const body = asObject(parseJson(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8')), 'body');
  const eventType = str(body, 'event_type');
  const prefix = originalType === 'transaction' ? 'TRANSACTION.' : 'REFUND.';
  if (!eventType.startsWith(prefix)) throw new WechatPayShapeError(`unexpected event_type ${eventType}`);
  const resource = asObject(body.resource, 'resource');
  const declared = optStr(resource, 'original_type');
  if (declared !== null && declared !== originalType)
    throw new WechatPayShapeError(`resource is a ${declared}, expected ${originalType}`);
  let plaintext: string;
  try {
    plaintext = decryptResource(
      {
        algorithm: str(resource, 'algorithm'),
        ciphertext: str(resource, 'ciphertext'),
        nonce: str(resource, 'nonce'),
        associated_data: optStr(resource, 'associated_data'),
      },
      keys.apiV3Key,
    );
  } catch (error) {
    if (error instanceof WechatPayDecryptError) throw new Refused('undecryptable', error.message);
    throw error;
  }
  return {
    envelope: { id: str(body, 'id'), createTime: optStr(body, 'create_time'), eventType },
    plaintext: parseJson(plaintext),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new WechatPayShapeError('not JSON');
  }
}
