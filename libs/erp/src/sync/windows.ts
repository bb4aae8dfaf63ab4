import { MAX_WINDOW_MS } from '../connector/erp-connector';

/**
 * The end of a pull window: the next whole second after now. ERP windows are whole seconds, inclusive; a change
 * made in the current second would fall after a window ending at it. The next pull starts before this cursor
 * (the overlap), so nothing the ERP writes later in that second is missed.
 */
export function windowEnd(now = Date.now()): Date {
  return new Date(Math.ceil(now / 1000) * 1000 + 1000);
}

/** [from, to] cut into the ERP's longest windows, oldest first. */
export function windowsBetween(from: Date, to: Date): Array<{ from: Date; to: Date }> {
  const windows: Array<{ from: Date; to: Date }> = [];
  for (let start = from.getTime(); start < to.getTime(); start += MAX_WINDOW_MS) {
    windows.push({ from: new Date(start), to: new Date(Math.min(start + MAX_WINDOW_MS, to.getTime())) });
  }
  return windows;
}

/** Walks every page of a paged ERP query. */
export async function allPages<T>(
  read: (page: number) => Promise<{ items: T[]; hasNext: boolean }>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const result = await read(page);
    items.push(...result.items);
    if (!result.hasNext || result.items.length === 0) return items;
  }
}
