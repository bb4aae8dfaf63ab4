import { OrderAccessPolicy } from '@tongdao/identity';
import { Id, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TenantRepository } from '@tongdao/persistence';
import { OrderRow } from './entities';

/** The order if the actor's tier reaches it; otherwise 404, exactly as for an order that does not exist. */
export async function findVisibleOrder(
  orders: TenantRepository<OrderRow>,
  access: OrderAccessPolicy,
  ctx: RequestContext,
  id: Id,
): Promise<OrderRow> {
  const order = await orders.findById(ctx, id);
  if (!order || !access.canSee(ctx, order)) throw new NotFoundError('order', id);
  return order;
}
