import { RequestContext } from '@tongdao/kernel';

/** A channel listing of a merchant SKU, as the catalog describes it. */
export interface SkuListing {
  skuId: string;
  listingId: string;
  channelAccountId: string;
  channelType: string;
  channelItemId: string;
  channelSkuId: string | null;
}

/**
 * What inventory needs from the catalog: that SKUs exist for the tenant, and where they are listed. Bound to
 * the catalog's public API by CatalogSkuCatalog; a port so inventory's tests and the catalog evolve apart.
 */
export abstract class SkuCatalog {
  /** Throws NotFoundError (404) naming the first SKU that the tenant does not have. */
  abstract assertSkusExist(ctx: RequestContext, skuIds: readonly string[]): Promise<void>;
  abstract listingsForSkus(ctx: RequestContext, skuIds: readonly string[]): Promise<SkuListing[]>;
}

/** One figure to send to one channel listing. */
export interface StockPushItem {
  channelAccountId: string;
  channelType: string;
  listingId: string;
  channelItemId: string;
  channelSkuId: string | null;
  quantity: number;
}

export interface StockPushOutcome {
  listingId: string;
  status: 'pushed' | 'skipped' | 'failed';
  detail?: string;
}

/**
 * Sends publishable quantities to the channels (implemented by the channel adapters). Returns one outcome per
 * item; the stock push job logs every outcome in `stock_pushes`. Throwing makes the push job retry.
 *
 * To plug one in, provide `StockPublisher` from any module of the application (it is looked up across
 * modules at start-up); without one, NoAdapterStockPublisher records every push as skipped.
 */
export abstract class StockPublisher {
  abstract publish(ctx: RequestContext, items: StockPushItem[]): Promise<StockPushOutcome[]>;
}

export class NoAdapterStockPublisher extends StockPublisher {
  publish(_ctx: RequestContext, items: StockPushItem[]): Promise<StockPushOutcome[]> {
    return Promise.resolve(
      items.map((item) => ({
        listingId: item.listingId,
        status: 'skipped' as const,
        detail: `no adapter for channel type ${item.channelType}`,
      })),
    );
  }
}
