import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * Message encryption of safe / compatible mode (PROTOCOLS §1.5): AES-256-CBC, key = base64(EncodingAESKey + '='),
 * IV = first 16 key bytes, PKCS#7 to 32-byte blocks, plaintext = random(16) ‖ len(4, big-endian) ‖ msg ‖ appid.
 */
const BLOCK = 32;

export class WechatCryptoError extends Error {}

export function aesKeyOf(encodingAESKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAESKey))
    throw new WechatCryptoError('EncodingAESKey must be 43 letters/digits');
  // Node's decoder is lenient about non-zero trailing bits, which some generated keys have.
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError('EncodingAESKey does not decode to 32 bytes');
  return key;
}

export function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

export function pkcs7Unpad(data: Buffer): Buffer {
  const n = data.length ? data[data.length - 1] : 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new WechatCryptoError('bad padding');
  return data.subarray(0, data.length - n);
}

/** `random` is the 16-byte prefix; the sandbox draws it from its seeded PRNG so that runs are reproducible. */
export function encryptMessage(
  encodingAESKey: string,
  appId: string,
  message: string,
  random: Buffer,
): string {
  if (random.length !== 16) throw new WechatCryptoError('random prefix must be 16 bytes');
  const key = aesKeyOf(encodingAESKey);
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = pkcs7Pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

export interface Decrypted {
  message: string;
  appId: string;
  random: Buffer;
}

export function decryptMessage(encodingAESKey: string, encrypted: string): Decrypted {
  const key = aesKeyOf(encodingAESKey);
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.length % 16 !== 0)
    throw new WechatCryptoError('ciphertext is not whole AES blocks');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
  if (plain.length < 20) throw new WechatCryptoError('plaintext too short');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WechatCryptoError('message length beyond the plaintext');
  return {
    random: plain.subarray(0, 16),
    message: plain.subarray(20, 20 + length).toString('utf8'),
    appId: plain.subarray(20 + length).toString('utf8'),
  };
}
