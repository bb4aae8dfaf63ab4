import { beijingMidnightOf, payoutAt, payoutCutoff } from './payout-calendar';

describe('payout calendar (T+1, Beijing time)', () => {
  it('finds the Beijing date of an instant, across the UTC date line', () => {
    // 2026-11-23 15:59:59.999Z is 23:59:59.999 on the 23rd in Beijing; one ms later it is the 24th.
    expect(beijingMidnightOf(new Date('2026-11-23T15:59:59.999Z')).toISOString()).toBe(
      '2026-11-22T16:00:00.000Z',
    );
    expect(beijingMidnightOf(new Date('2026-11-23T16:00:00.000Z')).toISOString()).toBe(
      '2026-11-23T16:00:00.000Z',
    );
    expect(beijingMidnightOf(new Date('2026-11-23T02:00:00.000Z')).toISOString()).toBe(
      '2026-11-22T16:00:00.000Z',
    );
  });

  it('pays out at the next Beijing midnight, however late in the day funds were released', () => {
    expect(payoutAt(new Date('2026-11-22T16:00:00.000Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(payoutAt(new Date('2026-11-23T15:59:59.999Z')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(payoutAt(new Date('2026-12-31T20:00:00.000Z')).toISOString()).toBe('2027-01-01T16:00:00.000Z');
  });

  it('a release is paid out exactly when the cutoff passes it', () => {
    const released = new Date('2026-11-23T10:00:00.000Z');
    const due = payoutAt(released);
    expect(payoutCutoff(new Date(due.getTime() - 1)).getTime()).toBeLessThanOrEqual(released.getTime());
    expect(payoutCutoff(due).getTime()).toBeGreaterThan(released.getTime());
  });

  it('handles instants before 1970', () => {
    expect(beijingMidnightOf(new Date('1969-12-31T20:00:00.000Z')).toISOString()).toBe(
      '1969-12-31T16:00:00.000Z',
    );
  });
});
