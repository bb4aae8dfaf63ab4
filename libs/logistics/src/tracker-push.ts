import { ErrorDetail, ValidationFailedError, parseChinaLocalTime } from '@tongdao/kernel';
import { TrackingState, trackingStateOf } from './tracking-states';

/** One line of a parcel's history as the tracker reports it. */
export interface TrackerEvent {
  time: Date;
  context: string;
  state: TrackingState | null;
  areaName: string | null;
  raw: Record<string, unknown>;
}

/** A push, read (PROTOCOLS §5.3): the subscription's status and the parcel's full history. */
export interface TrackerPush {
  /** polling | shutdown (ended) | abort (given up) | updateall (full re-push). */
  status: string;
  message: string;
  state: TrackingState | null;
  stateCode: string | null;
  /** `ischeck = 1`: signed for. */
  signed: boolean;
  /** Newest first. */
  events: TrackerEvent[];
}

/** The history's `status` text, when the push carries no numeric `statusCode`. */
const STATUS_TEXTS: Readonly<Record<string, string>> = {
  在途: '0',
  揽收: '1',
  疑难: '2',
  签收: '3',
  退签: '4',
  派件: '5',
  退回: '6',
  转投: '7',
  清关: '8',
  拒签: '14',
};

const MAX_CONTEXT = 500;

/**
 * Reads a push's `param`, which must already have passed the signature check. Lines whose time cannot be read
 * are left out (they could not be placed or de-duplicated); a `param` that is not the tracker's shape is a
 * 400 that names what is wrong.
 */
export function readTrackerPush(param: string): TrackerPush {
  let value: unknown;
  try {
    value = JSON.parse(param);
  } catch {
    throw invalid([{ field: 'param', problem: 'not JSON' }]);
  }
  if (!isObject(value)) throw invalid([{ field: 'param', problem: 'a JSON object' }]);
  const status = text(value.status);
  if (!status) throw invalid([{ field: 'param.status', problem: 'polling, shutdown, abort or updateall' }]);
  const last = value.lastResult;
  if (last !== undefined && last !== null && !isObject(last))
    throw invalid([{ field: 'param.lastResult', problem: 'an object' }]);
  const data = isObject(last) ? last.data : undefined;
  if (data !== undefined && data !== null && !Array.isArray(data))
    throw invalid([{ field: 'param.lastResult.data', problem: 'an array' }]);
  const stateCode = isObject(last) ? text(last.state) : null;
  const events = ((data as unknown[] | undefined) ?? []).flatMap((entry) => {
    const event = isObject(entry) ? readEvent(entry) : null;
    return event ? [event] : [];
  });
  events.sort((a, b) => b.time.getTime() - a.time.getTime());
  return {
    status,
    message: text(value.message) ?? '',
    state: trackingStateOf(stateCode),
    stateCode,
    signed: isObject(last) && text(last.ischeck) === '1',
    events,
  };
}

function readEvent(entry: Record<string, unknown>): TrackerEvent | null {
  const timeText = text(entry.time) ?? text(entry.ftime);
  const context = text(entry.context);
  if (!timeText || context === null) return null;
  let time: Date;
  try {
    time = parseChinaLocalTime(timeText);
  } catch {
    return null;
  }
  const statusText = text(entry.status);
  const code = text(entry.statusCode) ?? (statusText ? (STATUS_TEXTS[statusText] ?? null) : null);
  return {
    time,
    context: context.slice(0, MAX_CONTEXT),
    state: trackingStateOf(code),
    areaName: text(entry.areaName),
    raw: entry,
  };
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalid(details: ErrorDetail[]): ValidationFailedError {
  return new ValidationFailedError('invalid_tracker_push', 'The push is not a tracker push', details);
}
