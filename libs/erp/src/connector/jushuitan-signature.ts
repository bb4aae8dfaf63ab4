import { createHash } from 'node:crypto';

/**
 * Jushuitan's request sign (PROTOCOLS §5.1): lower-hex MD5 of the app secret followed by every parameter but
 * `sign` as name + value, names in byte order. The secret is a prefix only. Empty values are never sent, so
 * they are left out here too.
 */
export function jushuitanSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('md5').update(appSecret, 'utf8');
  for (const name of names) hash.update(name + params[name], 'utf8');
  return hash.digest('hex');
}
