import { Injectable } from '@nestjs/common';
import { ListingsService, SkusService } from '@tongdao/catalog';
import { NotFoundError, RequestContext } from '@tongdao/kernel';
import { SkuCatalog, SkuListing } from './ports';

const KNOWN_TTL_MS = 60_000;
const KNOWN_MAX = 200_000;

/**
 * Inventory's view of the catalog, through the catalog's public services only. SKUs seen to exist are
 * remembered for a minute: reserve asks on every call, and SKUs are archived, not deleted, so a positive
 * answer does not go stale in a way that matters (an unknown SKU is never cached).
 */
@Injectable()
export class CatalogSkuCatalog extends SkuCatalog {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly skus: SkusService,
    private readonly listings: ListingsService,
  ) {
    super();
  }

  async assertSkusExist(ctx: RequestContext, skuIds: readonly string[]): Promise<void> {
    const now = Date.now();
    const key = (id: string) => `${ctx.tenantId}:${id}`;
    const wanted = [...new Set(skuIds)].filter((id) => (this.known.get(key(id)) ?? 0) < now);
    if (wanted.length === 0) return;
    const found = new Set((await this.skus.getMany(ctx, wanted)).map((s) => s.id));
    const missing = wanted.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError('SKU', missing);
    if (this.known.size > KNOWN_MAX) this.known.clear();
    for (const id of wanted) this.known.set(key(id), now + KNOWN_TTL_MS);
  }

  async listingsForSkus(ctx: RequestContext, skuIds: readonly string[]): Promise<SkuListing[]> {
    if (skuIds.length === 0) return [];
    return (await this.listings.listingsForSkus(ctx, skuIds)).map((l) => ({
      skuId: l.skuId,
      listingId: l.listingId,
      channelAccountId: l.channelAccountId,
      channelType: l.channelType,
      channelItemId: l.channelItemId,
      channelSkuId: l.channelSkuId,
    }));
  }
}
