/**
 * JSON text that keeps 64-bit ids exact: TOP sends tid/oid/num_iid as bare JSON numbers wider than 2^53, so a
 * client that parses them with plain JSON.parse loses digits — the sandbox reproduces that on purpose.
 */
export type WireValue = string | number | boolean | bigint | null | undefined | WireValue[] | WireObject;
export interface WireObject {
  [key: string]: WireValue;
}

export function toWireJson(value: WireValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'undefined':
      return 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => toWireJson(item)).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${toWireJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}
