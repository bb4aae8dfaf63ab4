import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SHARE_CODE_LENGTH = 10;
export const SHARE_CODE_PATTERN = /^[0-9A-Za-z]{8,12}$/;

/** 10 characters of [0-9A-Za-z] (about 59 bits), drawn without modulo bias; safe in a URL path as is. */
export function newShareCode(length = SHARE_CODE_LENGTH): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 × 62: bytes above it would favour the first characters.
      if (byte < 248 && code.length < length) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code;
}

export function shareUrl(publicUrl: string, shopId: string, code: string): string {
  return `${publicUrl}/store/v1/shops/${shopId}/shares/${code}`;
}
