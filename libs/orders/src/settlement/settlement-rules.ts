import type { OrderRow, SettlementState } from '../entities';

export interface SettlementPatch {
  settlementState: SettlementState;
  deliveredAt: Date | null;
  settleAt: Date | null;
  settledAt: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The guarantee-transaction state an order should be in, from its status alone, so events handled in any
 * order (or twice) converge on the same answer. Settled is final: later refunds come out of the merchant's
 * settled funds, not the held ones.
 */
export function nextSettlement(
  order: Pick<
    OrderRow,
    'status' | 'settlementState' | 'deliveredAt' | 'settleAt' | 'settledAt' | 'paidFen' | 'refundedFen'
  >,
  policy: { guaranteeEnabled: boolean; autoConfirmDays: number } | null,
  at: Date,
): SettlementPatch {
  const current: SettlementPatch = {
    settlementState: order.settlementState,
    deliveredAt: order.deliveredAt,
    settleAt: order.settleAt,
    settledAt: order.settledAt,
  };
  if (order.settlementState === 'settled' || order.settlementState === 'refunded') return current;
  const holding = order.settlementState === 'held' || (policy?.guaranteeEnabled ?? false);
  if (!holding) return current;
  switch (order.status) {
    case 'pending_payment':
      return current;
    case 'paid':
    case 'partially_shipped':
    case 'shipped':
      return { ...current, settlementState: 'held' };
    case 'delivered': {
      const deliveredAt = order.deliveredAt ?? at;
      const days = policy?.autoConfirmDays ?? 0;
      return {
        settlementState: 'held',
        deliveredAt,
        settleAt: order.settleAt ?? new Date(deliveredAt.getTime() + days * DAY_MS),
        settledAt: null,
      };
    }
    case 'completed':
      return { ...current, settlementState: 'settled', deliveredAt: order.deliveredAt ?? at, settledAt: at };
    case 'cancelled':
    case 'closed':
      return order.settlementState === 'held'
        ? { ...current, settlementState: 'refunded', settleAt: null }
        : current;
  }
}
