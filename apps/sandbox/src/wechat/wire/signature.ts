import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The WeChat signature (PROTOCOLS §1.1, §1.5): sort the parts as strings, join them with nothing, SHA-1, lower-case
 * hex. With [token, timestamp, nonce] it is `signature`; adding the Encrypt text makes it `msg_signature`.
 */
export function wechatSignature(...parts: string[]): string {
  const joined = [...parts].sort().join('');
  return createHash('sha1').update(joined, 'utf8').digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}
