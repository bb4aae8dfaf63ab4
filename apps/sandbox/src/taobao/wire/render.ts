import { XMLBuilder } from 'fast-xml-parser';
import { toWireJson, WireObject, WireValue } from './json';

/** A TOP list: JSON `{"trades":{"trade":[…]}}`, XML `<trades><trade/>…</trades>`, flat array with simplify. */
export class TopList {
  constructor(
    readonly element: string,
    readonly items: TopValue[],
  ) {}
}

export type TopValue =
  string | number | boolean | bigint | null | undefined | TopList | TopValue[] | { [key: string]: TopValue };
export type TopObject = { [key: string]: TopValue };

export type ResponseFormat = 'json' | 'xml';

export interface RenderedBody {
  contentType: string;
  text: string;
}

function toWire(value: TopValue, simplify: boolean): WireValue {
  if (value instanceof TopList) {
    const items = value.items.map((item) => toWire(item, simplify));
    return simplify ? items : { [value.element]: items };
  }
  if (Array.isArray(value)) return value.map((item) => toWire(item, simplify));
  if (value !== null && typeof value === 'object') {
    const out: WireObject = {};
    for (const [key, item] of Object.entries(value)) out[key] = toWire(item, simplify);
    return out;
  }
  return value;
}

function stringifyLeaves(value: WireValue): WireValue {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(stringifyLeaves);
  if (value !== null && typeof value === 'object') {
    const out: WireObject = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = stringifyLeaves(item);
    return out;
  }
  return value;
}

const xml = new XMLBuilder({ ignoreAttributes: true, format: false, suppressEmptyNode: false });

/**
 * Renders `{<root>: payload}`. With simplify (JSON only) TOP drops the `_response` wrapper and the list wrappers;
 * error responses keep their `error_response` root either way.
 */
export function renderTop(
  root: string,
  payload: TopObject,
  format: ResponseFormat,
  simplify: boolean,
): RenderedBody {
  if (format === 'xml') {
    const body = stringifyLeaves({ [root]: toWire(payload, false) });
    return {
      contentType: 'text/xml;charset=UTF-8',
      text: `<?xml version="1.0" encoding="utf-8" ?>${xml.build(body)}`,
    };
  }
  const unwrap = simplify && root !== 'error_response';
  const wire = toWire(payload, unwrap);
  return {
    contentType: 'application/json;charset=UTF-8',
    text: toWireJson(unwrap ? wire : { [root]: wire }),
  };
}
