import { ValidationFailedError } from './errors';

/** Injected wherever "now" matters, so tests can move time instead of sleeping. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

const CHINA_LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Platform local time "yyyy-MM-dd HH:mm:ss" in GMT+8 (Taobao, ERPs) → a UTC Date. */
export function parseChinaLocalTime(text: string): Date {
  const m = CHINA_LOCAL_PATTERN.exec(text);
  if (!m) {
    throw new ValidationFailedError('invalid_time', `"${text}" is not yyyy-MM-dd HH:mm:ss`, [
      { field: 'time', problem: 'expected yyyy-MM-dd HH:mm:ss (GMT+8)' },
    ]);
  }
  const [, y, mo, d, h, mi, s] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - CHINA_OFFSET_MS);
}

/** UTC Date → "yyyy-MM-dd HH:mm:ss" in GMT+8, for platforms that want local time. */
export function formatChinaLocalTime(date: Date): string {
  const local = new Date(date.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`;
}
