import { createHash, createHmac } from 'node:crypto';

export type SignMethod = 'md5' | 'hmac' | 'hmac-sha256';
export const SIGN_METHODS: readonly SignMethod[] = ['md5', 'hmac', 'hmac-sha256'];

/**
 * TOP signature (PROTOCOLS §3.3): every param except `sign`, sorted by name in byte order, concatenated as
 * name+value with raw (decoded) values; empty values are left out. md5 wraps the string in the secret, the
 * hmac variants key with the secret and do not wrap.
 */
export function topSignBase(params: Record<string, string>, keepEmpty = false): string {
  return Object.keys(params)
    .filter((name) => name !== 'sign' && (keepEmpty || params[name] !== ''))
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map((name) => `${name}${params[name]}`)
    .join('');
}

export function topSign(
  params: Record<string, string>,
  secret: string,
  method: SignMethod,
  keepEmpty = false,
): string {
  const base = topSignBase(params, keepEmpty);
  let digest: string;
  if (method === 'md5') digest = createHash('md5').update(`${secret}${base}${secret}`, 'utf8').digest('hex');
  else if (method === 'hmac') digest = createHmac('md5', secret).update(base, 'utf8').digest('hex');
  else digest = createHmac('sha256', secret).update(base, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** Constant-time compare, ignoring hex case (the sandbox's choice; SDKs all send upper case). */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toUpperCase());
  const b = Buffer.from(given.toUpperCase());
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i] ^ b[i];
  return diff === 0;
}

/** TMC CONNECT sign: the md5 rule over exactly app_key, group_name and timestamp (§3.11). */
export function tmcConnectSign(appKey: string, group: string, timestamp: string, secret: string): string {
  return topSign({ app_key: appKey, group_name: group, timestamp }, secret, 'md5');
}

/**
 * The doc lets a client leave empty optional params out of the signature "or not", so a server cannot know which
 * the client did; the sandbox accepts either reading.
 */
export function verifyTopSign(
  params: Record<string, string>,
  secret: string,
  method: SignMethod,
  given: string,
): boolean {
  if (signatureMatches(topSign(params, secret, method), given)) return true;
  const hasEmpty = Object.keys(params).some((name) => name !== 'sign' && params[name] === '');
  return hasEmpty && signatureMatches(topSign(params, secret, method, true), given);
}
