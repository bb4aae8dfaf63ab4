/**
 * JSON text that can carry 64-bit integers exactly: WeChat's template `msgid` is a bare int64 wider than 2^53, so
 * a client that parses it with plain JSON.parse loses digits. The sandbox reproduces that on purpose.
 */
export type WireValue = string | number | boolean | bigint | null | undefined | WireValue[] | WireObject;
export interface WireObject {
  [key: string]: WireValue;
}

export function toWireJson(value: WireValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => toWireJson(item)).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) parts.push(`${JSON.stringify(key)}:${toWireJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}
