import {
  ORDER_TRANSITIONS,
  assertTransition,
  isForwardOrSame,
  validateTransitionTable,
} from './state-machine';

describe('order state machine', () => {
  it('has a valid table', () => expect(() => validateTransitionTable(ORDER_TRANSITIONS)).not.toThrow());

  it('rejects a table that forgets a status', () => {
    const { closed: _closed, ...partial } = ORDER_TRANSITIONS;
    expect(() => validateTransitionTable(partial)).toThrow(/lacks closed/);
  });

  it('rejects a table with an unreachable status or one that can never end', () => {
    expect(() =>
      validateTransitionTable({ ...ORDER_TRANSITIONS, pending_payment: ['paid'], paid: ['shipped'] }),
    ).toThrow(/unreachable: partially_shipped, cancelled$/);
    expect(() =>
      validateTransitionTable({
        ...ORDER_TRANSITIONS,
        paid: [...ORDER_TRANSITIONS.paid, 'completed'],
        shipped: ['delivered'],
        delivered: ['shipped'],
      }),
    ).toThrow(/never end: shipped, delivered/);
    expect(() => validateTransitionTable({ ...ORDER_TRANSITIONS, paid: ['paid', 'shipped'] })).toThrow(
      /leads to itself/,
    );
  });

  it.each([
    ['pending_payment', 'paid'],
    ['paid', 'shipped'],
    ['shipped', 'delivered'],
    ['delivered', 'completed'],
    ['paid', 'cancelled'],
  ] as const)('allows %s → %s', (from, to) => expect(() => assertTransition(from, to)).not.toThrow());

  it.each([
    ['completed', 'paid'],
    ['cancelled', 'paid'],
    ['shipped', 'pending_payment'],
    ['shipped', 'cancelled'],
  ] as const)('refuses %s → %s with illegal_transition', (from, to) =>
    expect(() => assertTransition(from, to)).toThrow(
      expect.objectContaining({ code: 'illegal_transition', status: 409 }),
    ),
  );

  it('follows a channel that skipped steps forward, never backward', () => {
    expect(isForwardOrSame('pending_payment', 'shipped')).toBe(true);
    expect(isForwardOrSame('pending_payment', 'completed')).toBe(true);
    expect(isForwardOrSame('shipped', 'paid')).toBe(false);
    expect(isForwardOrSame('closed', 'paid')).toBe(false);
  });
});
