import type { OrderStatus } from '../state-machine';
import { nextSettlement } from './settlement-rules';

const at = new Date('2026-11-23T00:00:00Z');
const policy = { guaranteeEnabled: true, autoConfirmDays: 7 };
const fresh = (status: OrderStatus) => ({
  status,
  settlementState: 'none' as const,
  deliveredAt: null,
  settleAt: null,
  settledAt: null,
  paidFen: 1000,
  refundedFen: 0,
});

describe('nextSettlement', () => {
  it('holds paid funds only where the shop guarantees', () => {
    expect(nextSettlement(fresh('paid'), policy, at).settlementState).toBe('held');
    expect(nextSettlement(fresh('paid'), null, at).settlementState).toBe('none');
    expect(nextSettlement(fresh('pending_payment'), policy, at).settlementState).toBe('none');
  });

  it('sets the auto-confirm date from delivery and keeps it on repeats', () => {
    const delivered = nextSettlement({ ...fresh('delivered'), settlementState: 'held' }, policy, at);
    expect(delivered.settleAt?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    const later = new Date('2026-11-25T00:00:00Z');
    const again = nextSettlement({ ...fresh('delivered'), ...delivered }, policy, later);
    expect(again.settleAt).toEqual(delivered.settleAt);
  });

  it('settled and refunded are final, whatever arrives late', () => {
    const settled = { ...fresh('paid'), settlementState: 'settled' as const, settledAt: at };
    expect(nextSettlement(settled, policy, at).settlementState).toBe('settled');
    const refunded = { ...fresh('paid'), settlementState: 'refunded' as const };
    expect(nextSettlement(refunded, policy, at).settlementState).toBe('refunded');
  });

  it('keeps holding an order paid under a guarantee even after the shop turns it off', () => {
    expect(nextSettlement({ ...fresh('shipped'), settlementState: 'held' }, null, at).settlementState).toBe(
      'held',
    );
    expect(nextSettlement({ ...fresh('closed'), settlementState: 'held' }, null, at).settlementState).toBe(
      'refunded',
    );
    expect(nextSettlement(fresh('cancelled'), policy, at).settlementState).toBe('none');
  });
});
