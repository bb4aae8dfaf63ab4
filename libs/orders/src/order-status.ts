import { ConflictError, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { OrderRow } from './entities';
import { OrderStatus } from './state-machine';

/**
 * Compare-and-set on the status we read: a channel update or another staff action that moved the order
 * meanwhile makes this one fail (409) instead of being overwritten.
 */
export async function moveOrderStatus(
  tx: TransactionRunner,
  ctx: RequestContext,
  order: OrderRow,
  next: OrderStatus,
): Promise<void> {
  const now = new Date();
  const result = await tx
    .manager()
    .createQueryBuilder()
    .update(OrderRow)
    .set({ status: next, updatedAt: now })
    .where('merchant_id = :merchantId AND id = :id AND status = :status', {
      merchantId: ctx.tenantId,
      id: order.id,
      status: order.status,
    })
    .execute();
  if (result.affected === 0) throw orderChangedMeanwhile();
  order.status = next;
  order.updatedAt = now;
}

/**
 * Takes the order's row lock for the rest of the transaction (a no-op UPDATE), so checks that sum over
 * the order's lines or claims — refunds never above the paid amount — cannot interleave. Call it before
 * any read in the transaction: on MariaDB the snapshot is taken at the first plain SELECT, so reads after
 * the lock see what the previous holder committed.
 */
export async function lockOrder(tx: TransactionRunner, ctx: RequestContext, orderId: string): Promise<void> {
  await tx
    .manager()
    .createQueryBuilder()
    .update(OrderRow)
    .set({ updatedAt: () => 'updated_at' })
    .where('merchant_id = :merchantId AND id = :id', { merchantId: ctx.tenantId, id: orderId })
    .execute();
}

/** The same lock, reached from one of the order's after-sales (whose order never changes). */
export async function lockOrderOfAfterSale(
  tx: TransactionRunner,
  ctx: RequestContext,
  afterSaleId: string,
): Promise<void> {
  await tx.manager().query(
    `UPDATE orders SET updated_at = updated_at
        WHERE merchant_id = ? AND id IN (SELECT order_id FROM after_sales WHERE merchant_id = ? AND id = ?)`,
    [ctx.tenantId, ctx.tenantId, afterSaleId],
  );
}

export function orderChangedMeanwhile(): ConflictError {
  return new ConflictError('concurrent_change', 'The order changed meanwhile; reload it and try again');
}
