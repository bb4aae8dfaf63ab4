import { SandboxApp, Session } from '../state/model';
import { parseGmt8 } from '../wire/gmt8';
import { TopObject } from '../wire/render';
import { topErrors } from './errors';

/** One accepted, authenticated call as an API method sees it. */
export interface ApiCall {
  params: Record<string, string>;
  app: SandboxApp;
  /** Present for methods that need the seller's authorisation. */
  session?: Session;
}

export interface ApiMethod {
  name: string;
  needsSession: boolean;
  /** The payload that goes inside `<method>_response` (request_id is added by the gateway). */
  handle(call: ApiCall): TopObject;
}

/** A group of API methods (trades, refunds, items, logistics, tmc); each group is one provider. */
export interface ApiGroup {
  methods(): ApiMethod[];
}

export const API_GROUPS = Symbol('TAOBAO_API_GROUPS');

export function requiredParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw topErrors.missingParam(name);
  return value;
}

export function intParam(
  params: Record<string, string>,
  name: string,
  bounds: { min: number; max: number; fallback?: number },
): number {
  const raw = params[name];
  if (raw === undefined || raw === '') {
    if (bounds.fallback === undefined) throw topErrors.missingParam(name);
    return bounds.fallback;
  }
  if (!/^-?\d+$/.test(raw)) throw topErrors.invalidParam(name, `${name} must be an integer`);
  const value = Number(raw);
  if (value < bounds.min || value > bounds.max) {
    throw topErrors.invalidParam(name, `${name} must be between ${bounds.min} and ${bounds.max}`);
  }
  return value;
}

export function timeParam(params: Record<string, string>, name: string): number {
  const ms = parseGmt8(requiredParam(params, name));
  if (ms === null) throw topErrors.invalidParam(name, `${name} must be yyyy-MM-dd HH:mm:ss`);
  return ms;
}

export function boolParam(params: Record<string, string>, name: string): boolean {
  const raw = params[name];
  if (raw === undefined || raw === '') return false;
  if (raw !== 'true' && raw !== 'false') throw topErrors.invalidParam(name, `${name} must be true or false`);
  return raw === 'true';
}

/** 64-bit ids arrive as decimal text; anything else is an invalid argument. */
export function idParam(params: Record<string, string>, name: string): bigint {
  const raw = requiredParam(params, name);
  if (!/^\d{1,19}$/.test(raw)) throw topErrors.invalidParam(name, `${name} must be a number`);
  return BigInt(raw);
}
