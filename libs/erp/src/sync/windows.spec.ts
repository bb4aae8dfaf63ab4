import { MAX_WINDOW_MS } from '../connector/erp-connector';
import { allPages, windowsBetween } from './windows';

describe('pull windows', () => {
  it('cuts a long span into windows the ERP accepts, end to end', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date(from.getTime() + 2.5 * MAX_WINDOW_MS);
    const windows = windowsBetween(from, to);
    expect(windows).toHaveLength(3);
    expect(windows[0].from).toEqual(from);
    expect(windows[2].to).toEqual(to);
    windows.forEach((w, i) => {
      expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(MAX_WINDOW_MS);
      if (i > 0) expect(w.from).toEqual(windows[i - 1].to);
    });
    expect(windowsBetween(to, from)).toEqual([]);
  });

  it('reads pages until the ERP says there is no next one', async () => {
    const pages = [[1, 2], [3], [4]];
    const items = await allPages(async (page) => ({ items: pages[page - 1], hasNext: page < 2 }));
    expect(items).toEqual([1, 2, 3]);
  });
});
