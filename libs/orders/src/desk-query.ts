import { OrderAccessPolicy, maskAddress, maskName, maskPhone } from '@tongdao/identity';
import { RequestContext } from '@tongdao/kernel';
import { SelectQueryBuilder } from 'typeorm';
import { OrderLineRow, OrderRow } from './entities';
import { OrderStatus } from './state-machine';
import { OrderView, lineView, orderView } from './views';

/** The order desk's filters: the list, the CSV export and the export jobs all take exactly these. */
export interface OrderDeskFilters {
  status?: OrderStatus;
  channelType?: string;
  channelAccountId?: string;
  shopId?: string;
  createdFrom?: Date;
  createdTo?: Date;
  customerId?: string;
  /** The buyer's name as the channel gave it (exact). */
  buyer?: string;
  receiverPhone?: string;
  skuId?: string;
  tag?: string;
  assigneeId?: string;
  /** The receiver's name (exact). */
  receiverName?: string;
  /** true: orders with any after-sale (open or settled); false: orders without. */
  hasAfterSale?: boolean;
  /** open: an after-sale still awaits a decision, goods or money; closed: all settled. */
  afterSaleState?: 'open' | 'closed';
  /** Exact match on order id, external order id, buyer name, receiver name or receiver phone. */
  q?: string;
}

/**
 * Narrows a tenant-scoped order query (alias `o`) to what the actor's tier reaches and to the filters.
 * One function for every reader of the desk, so the list and the export can never disagree about which
 * orders someone sees. Throws ForbiddenError when the actor may not read orders at all.
 */
export async function applyDeskFilters(
  qb: SelectQueryBuilder<OrderRow>,
  ctx: RequestContext,
  query: OrderDeskFilters,
  access: OrderAccessPolicy,
): Promise<SelectQueryBuilder<OrderRow>> {
  const scope = access.visibleScope(ctx);
  if (scope.shopIds !== 'all') {
    if (scope.shopIds.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('o.shopId IN (:...scopeShops)', { scopeShops: [...scope.shopIds] });
  }
  if (scope.assignedStaffId) qb.andWhere('o.assignedStaffId = :me', { me: scope.assignedStaffId });
  if (query.status) qb.andWhere('o.status = :status', { status: query.status });
  if (query.channelType) qb.andWhere('o.channelType = :channelType', { channelType: query.channelType });
  if (query.channelAccountId)
    qb.andWhere('o.channelAccountId = :account', { account: query.channelAccountId });
  if (query.shopId) qb.andWhere('o.shopId = :shopId', { shopId: query.shopId });
  if (query.createdFrom) qb.andWhere('o.placedAt >= :from', { from: query.createdFrom });
  if (query.createdTo) qb.andWhere('o.placedAt < :to', { to: query.createdTo });
  if (query.customerId) qb.andWhere('o.customerId = :customerId', { customerId: query.customerId });
  if (query.buyer) qb.andWhere('o.buyerName = :buyer', { buyer: query.buyer });
  if (query.receiverPhone) qb.andWhere('o.receiverPhone = :phone', { phone: query.receiverPhone });
  if (query.assigneeId) qb.andWhere('o.assignedStaffId = :assignee', { assignee: query.assigneeId });
  if (query.receiverName) qb.andWhere('o.receiverName = :receiverName', { receiverName: query.receiverName });
  if (query.hasAfterSale === true) qb.andWhere('o.afterSaleState IS NOT NULL');
  if (query.hasAfterSale === false) qb.andWhere('o.afterSaleState IS NULL');
  if (query.afterSaleState)
    qb.andWhere('o.afterSaleState = :afterSaleState', { afterSaleState: query.afterSaleState });
  if (query.tag) qb.andWhere('o.tags LIKE :tag', { tag: `%${JSON.stringify(query.tag)}%` });
  if (query.skuId) {
    qb.andWhere(
      'EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.merchant_id = o.merchant_id AND l.sku_id = :sku)',
      { sku: query.skuId },
    );
  }
  if (query.q) {
    qb.andWhere(
      '(o.id = :qExact OR o.externalOrderId = :qExact OR o.buyerName = :qExact OR o.receiverName = :qExact OR o.receiverPhone = :qExact)',
      { qExact: query.q },
    );
  }
  if (query.createdFrom || query.createdTo) await boundIdsByPlacedRange(qb, ctx, query);
  return qb;
}

/**
 * Pages are read newest id first, and MariaDB then prefers walking the id index over the placed_at range:
 * for a narrow range months back that walk crosses most of the table (seconds at 1M orders). The ids of the
 * orders in the range are bounded first, from the (shop, placed_at) index alone, and the walk is held
 * between those bounds. The bounds come from a superset of the result, so they never drop a row; they are
 * tight because ids are minted at ingestion, shortly after an order is placed.
 */
async function boundIdsByPlacedRange(
  qb: SelectQueryBuilder<OrderRow>,
  ctx: RequestContext,
  query: OrderDeskFilters,
): Promise<void> {
  const range = qb.connection
    .createQueryBuilder(OrderRow, 'r')
    .select('MIN(r.id)', 'lo')
    .addSelect('MAX(r.id)', 'hi')
    .where('r.merchantId = :merchantId', { merchantId: ctx.tenantId });
  if (query.shopId) range.andWhere('r.shopId = :shopId', { shopId: query.shopId });
  if (query.createdFrom) range.andWhere('r.placedAt >= :from', { from: query.createdFrom });
  if (query.createdTo) range.andWhere('r.placedAt < :to', { to: query.createdTo });
  const bounds = await range.getRawOne<{ lo: string | null; hi: string | null }>();
  if (!bounds?.lo || !bounds.hi) qb.andWhere('1 = 0');
  else qb.andWhere('o.id BETWEEN :placedLo AND :placedHi', { placedLo: bounds.lo, placedHi: bounds.hi });
}

/** The desk's view of an order for one viewer: buyer name, phone and address masked unless `pii`. */
export function deskView(order: OrderRow, lines: OrderLineRow[], pii: boolean): OrderView {
  const view = orderView(order, lines.map(lineView));
  if (pii) return view;
  return {
    ...view,
    buyerName: maskName(view.buyerName),
    receiver: {
      ...view.receiver,
      name: maskName(view.receiver.name),
      phone: maskPhone(view.receiver.phone),
      address: maskAddress(view.receiver.address),
      postcode: view.receiver.postcode,
    },
    piiMasked: true,
  };
}
