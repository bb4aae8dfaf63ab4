import { erpErrors } from '../wire/errors';
import { parseErpTime } from '../wire/gmt8';

/** Reading `biz` the way the ERP validates it: anything off is a 160 naming the field. */

const WINDOW_MAX_MS = 7 * 24 * 3600 * 1000;

export type Biz = Record<string, unknown>;

export function bizObject(biz: unknown): Biz {
  if (!biz || typeof biz !== 'object' || Array.isArray(biz)) throw erpErrors.biz('biz应为JSON对象');
  return biz as Biz;
}

export function optionalInt(biz: Biz, name: string, min: number, max: number): number | undefined {
  const value = biz[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw erpErrors.biz(name);
  return n;
}

export function optionalString(biz: Biz, name: string, maxLength = 200): string | undefined {
  const value = biz[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || value.length > maxLength) throw erpErrors.biz(name);
  return value;
}

/** A list of ids given as a JSON array or as one comma-separated string. */
export function optionalList(biz: Biz, name: string, max: number): string[] | undefined {
  const value = biz[name];
  if (value === undefined || value === null || value === '') return undefined;
  const items: unknown = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.length === 0 || items.length > max) throw erpErrors.biz(name);
  return items.map((item: unknown) => {
    const text = typeof item === 'number' ? String(item) : item;
    if (typeof text !== 'string' || text.trim() === '') throw erpErrors.biz(name);
    return text.trim();
  });
}

export interface Window {
  begin: number;
  end: number;
}

/** `modified_begin`/`modified_end`: both or neither, begin ≤ end, at most seven days apart; inclusive. */
export function optionalWindow(biz: Biz): Window | undefined {
  const beginText = optionalString(biz, 'modified_begin', 19);
  const endText = optionalString(biz, 'modified_end', 19);
  if (beginText === undefined && endText === undefined) return undefined;
  if (beginText === undefined) throw erpErrors.biz('modified_begin');
  if (endText === undefined) throw erpErrors.biz('modified_end');
  const begin = parseErpTime(beginText);
  const end = parseErpTime(endText);
  if (begin === null) throw erpErrors.biz('modified_begin');
  if (end === null || end < begin) throw erpErrors.biz('modified_end');
  if (end - begin > WINDOW_MAX_MS) throw erpErrors.biz('modified_begin与modified_end间隔不能超过7天');
  return { begin, end };
}

export function inWindow(modifiedMs: number, window: Window | undefined): boolean {
  if (!window) return true;
  // Wire times have whole seconds, so compare at that precision.
  const second = Math.floor(modifiedMs / 1000) * 1000;
  return second >= window.begin && second <= window.end;
}

export interface Paging {
  pageIndex: number;
  pageSize: number;
}

export function paging(biz: Biz): Paging {
  return {
    pageIndex: optionalInt(biz, 'page_index', 1, 1_000_000) ?? 1,
    pageSize: optionalInt(biz, 'page_size', 1, 100) ?? 30,
  };
}

export function page<T>(
  items: T[],
  { pageIndex, pageSize }: Paging,
): {
  page_index: number;
  page_size: number;
  data_count: number;
  page_count: number;
  has_next: boolean;
  rows: T[];
} {
  const start = (pageIndex - 1) * pageSize;
  const pageCount = Math.ceil(items.length / pageSize);
  return {
    page_index: pageIndex,
    page_size: pageSize,
    data_count: items.length,
    page_count: pageCount,
    has_next: pageIndex < pageCount,
    rows: items.slice(start, start + pageSize),
  };
}
