import { OrderDeskFilters } from '../desk-query';
import { OrderStatus } from '../state-machine';
import { StoredDeskFilters } from './export.entities';

/** Filters as JSON for the job row and the audit log: dates become ISO strings, empty ones are dropped. */
export function storeFilters(filters: OrderDeskFilters): StoredDeskFilters {
  const stored: StoredDeskFilters = {};
  for (const [key, value] of Object.entries(filters) as Array<[string, unknown]>) {
    if (value === undefined || value === null || value === '') continue;
    if (value instanceof Date) stored[key] = value.toISOString();
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      stored[key] = String(value);
  }
  return stored;
}

export function loadFilters(stored: StoredDeskFilters): OrderDeskFilters {
  const date = (v: string | undefined) => (v ? new Date(v) : undefined);
  return {
    status: stored.status as OrderStatus | undefined,
    channelType: stored.channelType,
    channelAccountId: stored.channelAccountId,
    shopId: stored.shopId,
    createdFrom: date(stored.createdFrom),
    createdTo: date(stored.createdTo),
    customerId: stored.customerId,
    buyer: stored.buyer,
    receiverPhone: stored.receiverPhone,
    skuId: stored.skuId,
    tag: stored.tag,
    assigneeId: stored.assigneeId,
    receiverName: stored.receiverName,
    hasAfterSale: stored.hasAfterSale === undefined ? undefined : stored.hasAfterSale === 'true',
    afterSaleState: stored.afterSaleState as OrderDeskFilters['afterSaleState'],
    q: stored.q,
  };
}

/** Only the filter keys: the list's `limit`/`cursor` mean nothing to an export. */
export function deskFiltersOf(
  query: OrderDeskFilters & { limit?: number; cursor?: string },
): OrderDeskFilters {
  const { limit: _limit, cursor: _cursor, ...filters } = query;
  return filters;
}
