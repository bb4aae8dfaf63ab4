import { payErrors } from './errors';

/** Field readers that answer PARAM_ERROR naming the field, as WeChat Pay does for a malformed request body. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(body: Json, field: string, path = field): Json {
  const value = body[field];
  if (value === undefined) throw payErrors.param(`缺少参数 ${path}`, path);
  if (!isObject(value)) throw payErrors.param(`${path} 应为 object`, path);
  return value;
}

export function string(
  body: Json,
  field: string,
  rule: { min?: number; max: number; pattern?: RegExp; optional?: boolean },
  path = field,
): string | undefined {
  const value = body[field];
  if (value === undefined && rule.optional) return undefined;
  if (value === undefined) throw payErrors.param(`缺少参数 ${path}`, path);
  if (typeof value !== 'string') throw payErrors.param(`${path} 应为 string`, path);
  const length = [...value].length;
  if (length < (rule.min ?? 1) || length > rule.max)
    throw payErrors.param(`${path} 长度应为 ${rule.min ?? 1}–${rule.max}`, path);
  if (rule.pattern && !rule.pattern.test(value)) throw payErrors.param(`${path} 格式不正确`, path);
  return value;
}

export function requiredString(
  body: Json,
  field: string,
  rule: { min?: number; max: number; pattern?: RegExp },
  path = field,
): string {
  return string(body, field, rule, path) as string;
}

export function positiveInt(body: Json, field: string, path: string, optional = false): number | undefined {
  const value = body[field];
  if (value === undefined && optional) return undefined;
  if (value === undefined) throw payErrors.param(`缺少参数 ${path}`, path);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw payErrors.param(`${path} 应为正整数（分）`, path);
  return value;
}

/** `CNY` when absent; the sandbox settles nothing else. */
export function currency(body: Json, path: string): string {
  const value = string(body, 'currency', { max: 16, optional: true }, path);
  if (value !== undefined && value !== 'CNY') throw payErrors.param(`${path} 仅支持 CNY`, path);
  return 'CNY';
}

export const OUT_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
export const NOTIFY_URL = /^https?:\/\/[^\s?#]+$/;

/** RFC 3339 with an explicit offset, e.g. `2018-06-08T10:34:56+08:00`. */
export function rfc3339(value: string, path: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/.test(value))
    throw payErrors.param(`${path} 应为 RFC3339 时间`, path);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw payErrors.param(`${path} 应为 RFC3339 时间`, path);
  return ms;
}
