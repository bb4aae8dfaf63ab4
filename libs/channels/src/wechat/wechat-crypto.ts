import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat official-account message security (PROTOCOLS.md §1.1, §1.5): the plain `signature` over
 * (token, timestamp, nonce), the safe-mode `msg_signature` that adds the ciphertext, and AES-256-CBC with
 * the key from EncodingAESKey, IV = first 16 key bytes, PKCS#7 padding to 32-byte blocks, plaintext laid
 * out as random(16) ‖ length(4, big-endian) ‖ message ‖ appId.
 */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

export function signaturesMatch(expected: string, received: string | undefined): boolean {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

const BLOCK = 32;

export class WechatCryptoError extends Error {}

export class WechatMessageCipher {
  private readonly key: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly appId: string,
  ) {
    if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey))
      throw new WechatCryptoError('EncodingAESKey must be 43 letters or digits');
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (this.key.length !== 32) throw new WechatCryptoError('EncodingAESKey must decode to 32 bytes');
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.appId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([
      cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
      cipher.final(),
    ]).toString('base64');
  }

  /** Throws WechatCryptoError on a bad length, bad padding or another account's appId. */
  decrypt(encrypted: string): string {
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    } catch {
      throw new WechatCryptoError('ciphertext does not decrypt');
    }
    const pad = plain.length > 0 ? plain[plain.length - 1] : 0;
    if (pad < 1 || pad > BLOCK || pad > plain.length) throw new WechatCryptoError('bad padding');
    const unpadded = plain.subarray(0, plain.length - pad);
    if (unpadded.length < 20) throw new WechatCryptoError('message too short');
    const length = unpadded.readUInt32BE(16);
    if (20 + length > unpadded.length) throw new WechatCryptoError('bad message length');
    const appId = unpadded.subarray(20 + length).toString('utf8');
    if (appId !== this.appId) throw new WechatCryptoError('message is for another appId');
    return unpadded.subarray(20, 20 + length).toString('utf8');
  }
}
