import {
  createDecipheriv,
  createSign,
  createVerify,
  KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** PROTOCOLS §2.2: WeChat Pay refuses (and the official SDK rejects) anything more than five minutes off. */
export const WECHATPAY_CLOCK_SKEW_SECONDS = 300;

/** The Authorization scheme of every v3 call (§2.2). */
export const WECHATPAY_AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

const GCM_TAG_BYTES = 16;
const GCM_NONCE_BYTES = 12;

export type PemKey = string | KeyObject;

/** 32 random upper-case hex characters: WeChat's nonce_str allows letters and digits, up to 32. */
export function newNonce(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** SHA256withRSA (PKCS#1 v1.5), Base64 — the one primitive behind request, JSAPI and response signatures. */
export function rsaSign(message: string | Buffer, privateKey: PemKey): string {
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

/** A malformed key or signature is a failed check, never an exception the caller has to expect. */
export function rsaVerify(message: string | Buffer, signatureBase64: string, publicKey: PemKey): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

export interface RequestToSign {
  method: string;
  /** Path plus query string exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/X?mchid=1`. */
  pathWithQuery: string;
  /** The exact body bytes sent; '' for GET. */
  body: string;
  mchid: string;
  merchantSerial: string;
  merchantPrivateKey: PemKey;
  timestamp?: number;
  nonce?: string;
}

export function requestMessage(
  method: string,
  pathWithQuery: string,
  timestamp: number,
  nonce: string,
  body: string,
): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The `Authorization` header value for one v3 call. */
export function authorizationHeader(request: RequestToSign): string {
  const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = request.nonce ?? newNonce();
  const message = requestMessage(request.method, request.pathWithQuery, timestamp, nonce, request.body);
  const signature = rsaSign(message, request.merchantPrivateKey);
  return (
    `${WECHATPAY_AUTH_SCHEMA} mchid="${request.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${request.merchantSerial}"`
  );
}

/** The four headers WeChat Pay puts on every answer and notification. */
export interface PlatformSignatureHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
}

/** §2.2: `timestamp\nnonce\nbody\n`, body byte-exact (a Buffer is taken as is, never re-encoded). */
export function platformMessage(timestamp: string, nonce: string, body: string | Buffer): Buffer {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), raw, Buffer.from('\n')]);
}

export function verifyPlatformSignature(
  headers: PlatformSignatureHeaders,
  body: string | Buffer,
  platformPublicKey: PemKey,
): boolean {
  return rsaVerify(
    platformMessage(headers.timestamp, headers.nonce, body),
    headers.signature,
    platformPublicKey,
  );
}

/** Serials are public, but comparing them in constant time costs nothing and leaves no timing question open. */
export function sameSerial(received: string, expected: string): boolean {
  const a = Buffer.from(received.toUpperCase());
  const b = Buffer.from(expected.toUpperCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Wechatpay-Timestamp` (unix seconds, digits only) within ±5 minutes of `nowMs`. */
export function timestampIsFresh(
  timestamp: string,
  nowMs: number,
  skewSeconds = WECHATPAY_CLOCK_SKEW_SECONDS,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) < skewSeconds;
}

export interface EncryptedResource {
  algorithm?: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string | null;
}

export class WechatPayDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatPayDecryptError';
  }
}

/**
 * §2.3: AES-256-GCM under the APIv3 key, IV = the nonce's UTF-8 bytes, AAD = associated_data, and the last
 * 16 bytes of the Base64-decoded ciphertext are the tag. Any failure (wrong key, tampered bytes, bad shape)
 * is a WechatPayDecryptError: the tag is what proves the plaintext came from WeChat Pay.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new WechatPayDecryptError('the APIv3 key must be 32 bytes');
  if (resource.algorithm !== undefined && resource.algorithm !== 'AEAD_AES_256_GCM')
    throw new WechatPayDecryptError(`unsupported algorithm ${resource.algorithm}`);
  const iv = Buffer.from(resource.nonce, 'utf8');
  if (iv.length !== GCM_NONCE_BYTES) throw new WechatPayDecryptError('nonce must be 12 bytes');
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= GCM_TAG_BYTES) throw new WechatPayDecryptError('ciphertext too short');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    throw new WechatPayDecryptError('authentication failed (wrong APIv3 key or altered resource)');
  }
}
