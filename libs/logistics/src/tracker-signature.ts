import { createHash, timingSafeEqual } from 'node:crypto';

/** The push signature (PROTOCOLS §5.3): MD5 of the `param` text followed by the subscription's salt, hex. */
export function trackerPushSignature(param: string, salt: string): string {
  return createHash('md5')
    .update(param + salt, 'utf8')
    .digest('hex')
    .toUpperCase();
}

/**
 * Whether `sign` is the push signature of `param` under `salt`. Hex case differs between the tracker's
 * documents, so both sides are compared upper-cased, in constant time.
 */
export function trackerSignatureMatches(param: string, salt: string, sign: unknown): boolean {
  if (typeof sign !== 'string' || !/^[0-9a-fA-F]{32}$/.test(sign)) return false;
  const expected = Buffer.from(trackerPushSignature(param, salt), 'ascii');
  return timingSafeEqual(expected, Buffer.from(sign.toUpperCase(), 'ascii'));
}
