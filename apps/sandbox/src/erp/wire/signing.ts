import { createHash } from 'node:crypto';

/**
 * §5.1: lower-hex MD5 of the app secret followed by every parameter but `sign` as name+value, names in byte
 * order. Empty values take no part, so a client that never sends them and one that skips them agree.
 */
export function jushuitanSignature(params: Record<string, string>, appSecret: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const base = names.map((name) => name + params[name]).join('');
  return createHash('md5')
    .update(appSecret + base, 'utf8')
    .digest('hex');
}

export function signatureMatches(params: Record<string, string>, appSecret: string): boolean {
  const given = params.sign;
  if (!given) return false;
  return given.toLowerCase() === jushuitanSignature(params, appSecret);
}
