import { ConflictError } from '@tongdao/kernel';
import type { AfterSaleKind, AfterSaleStatus } from './after-sale.entity';

/** refund_only: requested → approved → refunded. return_and_refund goes through `returned` (goods back). */
const NEXT: Record<AfterSaleKind, Record<AfterSaleStatus, readonly AfterSaleStatus[]>> = {
  refund_only: {
    requested: ['approved', 'rejected', 'cancelled'],
    approved: ['refunded', 'cancelled'],
    returned: [],
    refunded: [],
    rejected: [],
    cancelled: [],
  },
  return_and_refund: {
    requested: ['approved', 'rejected', 'cancelled'],
    approved: ['returned', 'cancelled'],
    returned: ['refunded'],
    refunded: [],
    rejected: [],
    cancelled: [],
  },
};

/** Claims that still count against the line's quantity and the order's paid amount. */
export const LIVE_STATUSES: readonly AfterSaleStatus[] = ['requested', 'approved', 'returned', 'refunded'];
/** Claims still waiting for a decision, the goods or the money. */
export const OPEN_STATUSES: readonly AfterSaleStatus[] = ['requested', 'approved', 'returned'];

export function assertAfterSaleMove(kind: AfterSaleKind, from: AfterSaleStatus, to: AfterSaleStatus): void {
  if (!NEXT[kind][from].includes(to)) {
    throw new ConflictError(
      'illegal_transition',
      `A ${kind} after-sale that is ${from} cannot become ${to}`,
      [{ field: 'status', problem: `${from} → ${to} is not allowed` }],
    );
  }
}
