import { Injectable } from '@nestjs/common';
import { ListingsService, ProductsService, SkuView, SkusService } from '@tongdao/catalog';
import { AuditLog, ShopsService } from '@tongdao/identity';
import {
  ConflictError,
  Id,
  NotFoundError,
  Page,
  PageQuery,
  RequestContext,
  pageSize,
  toPage,
} from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ShelfRepositories } from './shelf.repositories';
import { StoreShelfProductRow } from './shelf.entities';
import { StoreShelf } from './store-shelf.service';

/** More SKUs than this on one product is not something a WeChat shop page can show anyway. */
const MAX_SKUS_PER_PRODUCT = 100;

export interface PublishedSkuView {
  skuId: Id;
  code: string;
  attributes: Record<string, string>;
  priceFen: number;
  onSale: boolean;
  available: number;
}

export interface PublishedProductView {
  productId: Id;
  title: string;
  status: string;
  shopId: Id;
  channelAccountId: Id;
  skus: PublishedSkuView[];
  publishedAt: string;
}

/**
 * Staff put products on (and take them off) a shop's WeChat shelf. Publishing lists every active SKU on the
 * shop's store account (item = product id, SKU = SKU id, mapped to the SKU), so stock allocation and the
 * order desk see the store like any other channel; unpublishing unmaps those listings.
 */
@Injectable()
export class ShelfPublishing {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: ShelfRepositories,
    private readonly shelf: StoreShelf,
    private readonly shops: ShopsService,
    private readonly products: ProductsService,
    private readonly skus: SkusService,
    private readonly listings: ListingsService,
    private readonly audit: AuditLog,
  ) {}

  async publish(ctx: RequestContext, shopId: Id, productId: Id): Promise<PublishedProductView> {
    await this.shops.get(ctx, shopId);
    const { channelAccountId } = await this.shelf.storeAccountOf(ctx, shopId);
    const product = await this.products.get(ctx, productId);
    if (product.status !== 'active')
      throw new ConflictError('product_archived', `product ${productId} is archived; restore it first`);
    const page = await this.skus.search(ctx, { productId, status: 'active', limit: MAX_SKUS_PER_PRODUCT });
    const skus = [...page.items].reverse();
    if (skus.length === 0)
      throw new ConflictError('no_active_skus', `product ${productId} has no active SKU to sell`);
    const row = await this.tx.run(async () => {
      const listed = await this.listings.upsertListings(
        ctx,
        channelAccountId,
        skus.map((s) => ({
          channelItemId: productId,
          channelSkuId: s.id,
          outerId: s.code,
          title: product.title,
        })),
      );
      // Auto-matching maps on outer id = code; a listing staff once unmapped needs an explicit mapping.
      for (const [i, listing] of listed.entries())
        if (listing.skuId !== skus[i].id) await this.listings.map(ctx, listing.id, skus[i].id);
      const existing = await this.repos.shelf.findOne(ctx, { channelAccountId, productId });
      const skuIds = skus.map((s) => s.id);
      const saved = existing
        ? await this.repos.shelf.save(ctx, Object.assign(existing, { skuIds, shopId }))
        : await this.repos.shelf.insert(ctx, { shopId, channelAccountId, productId, skuIds });
      await this.audit.record(ctx, {
        action: 'store.product.publish',
        targetType: 'product',
        targetId: productId,
        summary: { shopId, channelAccountId, skus: skuIds.length },
      });
      return saved;
    });
    return (await this.views(ctx, channelAccountId, [row]))[0];
  }

  async unpublish(ctx: RequestContext, shopId: Id, productId: Id): Promise<void> {
    await this.shops.get(ctx, shopId);
    const { channelAccountId } = await this.shelf.storeAccountOf(ctx, shopId);
    await this.tx.run(async () => {
      const row = await this.repos.shelf.findOne(ctx, { channelAccountId, productId });
      if (!row) throw new NotFoundError('product on the shelf', productId);
      const resolved = await this.listings.resolveSkus(
        ctx,
        channelAccountId,
        row.skuIds.map((skuId) => ({ channelItemId: productId, channelSkuId: skuId })),
      );
      for (const found of resolved)
        if (found?.listingId && found.via === 'listing') await this.listings.unmap(ctx, found.listingId);
      await this.repos.shelf.delete(ctx, { id: row.id });
      await this.audit.record(ctx, {
        action: 'store.product.unpublish',
        targetType: 'product',
        targetId: productId,
        summary: { shopId, channelAccountId },
      });
    });
  }

  /** The shop's shelf as staff see it: every published product, with SKUs off sale flagged. */
  async list(ctx: RequestContext, shopId: Id, query: PageQuery): Promise<Page<PublishedProductView>> {
    await this.shops.get(ctx, shopId);
    const { channelAccountId } = await this.shelf.storeAccountOf(ctx, shopId);
    const rows = await this.repos.shelf.pageRows(ctx, query, { channelAccountId });
    const limit = pageSize(query);
    const views = await this.views(ctx, channelAccountId, rows.slice(0, limit));
    const byProduct = new Map(views.map((v) => [v.productId, v]));
    return toPage(rows, limit, (r) => byProduct.get(r.productId)!);
  }

  private async views(
    ctx: RequestContext,
    channelAccountId: Id,
    rows: StoreShelfProductRow[],
  ): Promise<PublishedProductView[]> {
    const skuIds = rows.flatMap((r) => r.skuIds);
    const [skus, products, { offers }] = await Promise.all([
      this.skus.getMany(ctx, skuIds),
      this.products.getMany(
        ctx,
        rows.map((r) => r.productId),
      ),
      this.shelf.offers(ctx, channelAccountId, skuIds),
    ]);
    const skuById = new Map<Id, SkuView>(skus.map((s) => [s.id, s]));
    const productById = new Map(products.map((p) => [p.id, p]));
    return rows.map((row) => ({
      productId: row.productId,
      title: productById.get(row.productId)?.title ?? '',
      status: productById.get(row.productId)?.status ?? 'archived',
      shopId: row.shopId,
      channelAccountId: row.channelAccountId,
      publishedAt: row.updatedAt.toISOString(),
      skus: row.skuIds
        .map((id) => skuById.get(id))
        .filter((s): s is SkuView => s !== undefined)
        .map((s) => ({
          skuId: s.id,
          code: s.code,
          attributes: s.attributes,
          priceFen: s.priceFen,
          onSale: offers.has(s.id),
          available: offers.get(s.id)?.available ?? 0,
        })),
    }));
  }
}
