import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type TopSignMethod = 'md5' | 'hmac';

/**
 * TOP request signature: every parameter except `sign` (and file uploads), sorted by name in byte order,
 * concatenated as name+value with no separators, over the raw (not URL-encoded) values. `md5` wraps the
 * string in the secret; `hmac` is HMAC-MD5 keyed with the secret. Upper-case hex either way.
 */
export function topSignature(params: Record<string, string>, secret: string, method: TopSignMethod): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined && params[name] !== '')
    .sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
  const joined = names.map((name) => `${name}${params[name]}`).join('');
  const digest =
    method === 'md5'
      ? createHash('md5').update(`${secret}${joined}${secret}`, 'utf8').digest('hex')
      : createHmac('md5', secret).update(joined, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** Constant-time comparison of a received signature with the expected one (case-insensitive hex). */
export function topSignatureMatches(
  params: Record<string, string>,
  secret: string,
  method: TopSignMethod,
  received: string,
): boolean {
  const expected = Buffer.from(topSignature(params, secret, method));
  const given = Buffer.from(String(received).toUpperCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}
