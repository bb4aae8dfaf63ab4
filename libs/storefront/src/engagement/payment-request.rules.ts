import {
  Clock,
  ConflictError,
  DomainError,
  ErrorDetail,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { PaymentRequestRow, PaymentRequestState } from './payment-request.entity';
import { effectiveState } from './payment-request.view';

export const MAX_REQUEST_LINES = 50;
export const MAX_REQUEST_QUANTITY = 999;
export const MAX_UNIT_PRICE_FEN = 100_000_000;

/** Why a request that is no longer open cannot be paid, sent or cancelled. */
export function notOpen(state: PaymentRequestState): DomainError {
  switch (state) {
    case 'expired':
      return new DomainError(410, 'payment_request_expired', 'This payment request has expired');
    case 'cancelled':
      return new ConflictError('payment_request_cancelled', 'The shop cancelled this payment request');
    default:
      return new ConflictError('payment_request_used', 'This payment request has already been paid');
  }
}

/** The service's own guard behind the DTO: shapes the HTTP layer checks, plus what only a whole request shows. */
export function assertRequestInput(
  input: { lines: Array<{ skuId: string; quantity: number; unitPriceFen: number }> },
  hours: number,
): void {
  const problems: ErrorDetail[] = [];
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    problems.push({ field: 'expiresInHours', problem: 'a whole number of hours from 1 to 168' });
  if (!Array.isArray(input.lines) || input.lines.length === 0 || input.lines.length > MAX_REQUEST_LINES) {
    problems.push({ field: 'lines', problem: `1 to ${MAX_REQUEST_LINES} lines` });
  } else {
    const seen = new Set<string>();
    input.lines.forEach((line, i) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_REQUEST_QUANTITY)
        problems.push({ field: `lines[${i}].quantity`, problem: `1 to ${MAX_REQUEST_QUANTITY}` });
      if (
        !Number.isInteger(line.unitPriceFen) ||
        line.unitPriceFen < 1 ||
        line.unitPriceFen > MAX_UNIT_PRICE_FEN
      )
        problems.push({ field: `lines[${i}].unitPriceFen`, problem: 'a whole number of fen, at least 1' });
      if (seen.has(line.skuId))
        problems.push({ field: `lines[${i}].skuId`, problem: 'this SKU is on another line' });
      seen.add(line.skuId);
    });
  }
  if (problems.length > 0)
    throw new ValidationFailedError('validation_failed', 'The payment request is not valid', problems);
}

/**
 * Inside a transaction: takes the request's row lock for the rest of it (a no-op UPDATE, before any read), so two
 * checkouts of one request — or a checkout and a cancel — run one after the other; then reads the request and
 * insists it is still open with no order placed from it (`ordered`: the conflict to raise when there is one).
 */
export async function lockOpenRequest(
  tx: TransactionRunner,
  requests: TenantRepository<PaymentRequestRow>,
  clock: Clock,
  ctx: RequestContext,
  id: string,
  ordered: { code: string; message: string },
): Promise<PaymentRequestRow> {
  await tx
    .manager()
    .createQueryBuilder()
    .update(PaymentRequestRow)
    .set({ updatedAt: () => 'updated_at' })
    .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id })
    .execute();
  const row = await requests.getById(ctx, id);
  const state = effectiveState(row, clock.now());
  if (state !== 'open') throw notOpen(state);
  if (row.orderId) throw new ConflictError(ordered.code, ordered.message);
  return row;
}
