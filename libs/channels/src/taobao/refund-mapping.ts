import { ValidationFailedError, yuanToFen } from '@tongdao/kernel';
import type { ChannelRefund } from '@tongdao/orders';

export const REFUND_FIELDS = 'refund_id,tid,oid,status,refund_fee,has_good_return,reason,num,modified';

/**
 * Taobao refund status (PROTOCOLS §3.8) → where our after-sale stands. Exchange states are not refunds and
 * are left to staff.
 */
export const TAOBAO_REFUND_STATUS: Readonly<Record<string, ChannelRefund['status']>> = {
  WAIT_SELLER_AGREE: 'requested',
  WAIT_BUYER_RETURN_GOODS: 'approved',
  WAIT_SELLER_CONFIRM_GOODS: 'approved',
  SELLER_REFUSE_BUYER: 'rejected',
  CLOSED: 'cancelled',
  SUCCESS: 'refunded',
};

/** A TOP Refund as an after-sale report; null for states that are not refunds (exchanges). */
export function refundToChannelRefund(raw: Record<string, unknown>): ChannelRefund | null {
  const status = TAOBAO_REFUND_STATUS[String(raw.status)];
  if (!status) return null;
  const fee = typeof raw.refund_fee === 'string' ? raw.refund_fee : '';
  let amountFen: number;
  try {
    amountFen = yuanToFen(fee);
  } catch {
    throw new ValidationFailedError('invalid_taobao_refund', 'Taobao sent a refund we cannot read', [
      { field: 'refund_fee', problem: `"${fee}" is not an amount in yuan` },
    ]);
  }
  return {
    channelRefundId: idOf(raw.refund_id),
    externalOrderId: idOf(raw.tid),
    externalLineId: idOf(raw.oid),
    kind:
      raw.has_good_return === true || raw.has_good_return === 'true' ? 'return_and_refund' : 'refund_only',
    status,
    quantity: Number(raw.num) > 0 ? Number(raw.num) : 1,
    amountFen,
    reason: typeof raw.reason === 'string' ? raw.reason : '',
  };
}

function idOf(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new ValidationFailedError('invalid_taobao_refund', 'Taobao sent a refund we cannot read', [
    { field: 'refund_id', problem: 'refund_id, tid and oid are required' },
  ]);
}
