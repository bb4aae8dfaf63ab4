import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  generateKeyPairSync,
} from 'node:crypto';

/**
 * The WeChat Pay v3 primitives (PROTOCOLS §2.2, §2.3), written for the platform side: SHA256withRSA
 * (RSASSA-PKCS1-v1_5 over SHA-256) and AEAD_AES_256_GCM with the tag appended to the ciphertext.
 */

export interface RsaKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateRsaKeyPair(): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Base64 SHA256withRSA signature of `message`. */
export function rsaSign(privateKeyPem: string, message: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(createPrivateKey(privateKeyPem), 'base64');
}

/** False (never a throw) for a malformed key or signature: a caller only needs to know it does not verify. */
export function rsaVerify(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(message, 'utf8')
      .verify(createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** `timestamp\nnonce\nbody\n`: what a notification's and a response's Wechatpay-Signature covers. */
export function notificationMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** `METHOD\nURL\ntimestamp\nnonce\nbody\n`: what a merchant's Authorization signature covers. */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

export class AesGcmError extends Error {}

function checkKey(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8');
  if (key.length !== 32) throw new AesGcmError('the APIv3 key must be 32 bytes');
  return key;
}

/** Base64 of ciphertext ‖ 16-byte tag, as `resource.ciphertext` carries it. */
export function aesGcmEncrypt(
  apiV3Key: string,
  nonce: string,
  associatedData: string,
  plaintext: string,
): string {
  const cipher = createCipheriv('aes-256-gcm', checkKey(apiV3Key), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

export function aesGcmDecrypt(
  apiV3Key: string,
  nonce: string,
  associatedData: string,
  ciphertext: string,
): string {
  const input = Buffer.from(ciphertext, 'base64');
  if (input.length < 16) throw new AesGcmError('ciphertext shorter than the tag');
  const decipher = createDecipheriv('aes-256-gcm', checkKey(apiV3Key), Buffer.from(nonce, 'utf8'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(input.subarray(input.length - 16));
  try {
    return Buffer.concat([decipher.update(input.subarray(0, input.length - 16)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new AesGcmError('authentication failed');
  }
}

export interface AuthorizationFields {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/**
 * Reads `WECHATPAY2-SHA256-RSA2048 k="v",k="v"` (quotes optional, any order). Null when the schema is wrong or a
 * field is missing, so the caller answers one SIGN_ERROR for every malformed header.
 */
export function parseAuthorization(header: string | undefined): AuthorizationFields | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== AUTH_SCHEMA) return null;
  const fields: Record<string, string> = {};
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    fields[key] = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }
  const { mchid, nonce_str, timestamp, serial_no, signature } = fields;
  if (!mchid || !nonce_str || !timestamp || !serial_no || !signature) return null;
  return { mchid, nonce_str, timestamp, serial_no, signature };
}

/** RFC 3339 in China time (`2024-05-20T13:29:35+08:00`), as WeChat Pay writes every time. */
export function rfc3339Gmt8(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
