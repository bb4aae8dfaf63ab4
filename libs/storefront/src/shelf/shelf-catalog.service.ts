import { Injectable } from '@nestjs/common';
import { Id, NotFoundError, Page, PageQuery, RequestContext, pageSize } from '@tongdao/kernel';
import { LessThan } from 'typeorm';
import { ShelfRepositories } from './shelf.repositories';
import { StoreShelfProductRow } from './shelf.entities';
import { StoreShelf } from './store-shelf.service';
import { StoreShops } from './store-shops.service';

export interface ShelfSkuView {
  skuId: Id;
  attributes: Record<string, string>;
  priceFen: number;
  /** What the store account may sell now: sellable stock through the account's allocation rule. */
  available: number;
}

export interface ShelfProductView {
  id: Id;
  title: string;
  description: string | null;
  skus: ShelfSkuView[];
}

/** The public side of the shelf: what a buyer browsing a shop's WeChat store sees, without signing in. */
@Injectable()
export class ShelfCatalog {
  constructor(
    private readonly shops: StoreShops,
    private readonly shelf: StoreShelf,
    private readonly repos: ShelfRepositories,
  ) {}

  /** Published, active products, latest published first; one batch of reads for the whole page. */
  async browse(shopId: Id, query: PageQuery, requestId: string): Promise<Page<ShelfProductView>> {
    const { ctx, channelAccountId } = await this.open(shopId, requestId);
    const limit = pageSize(query);
    const rows = await this.repos.shelf.find(
      ctx,
      { channelAccountId, ...(query.cursor ? { id: LessThan(query.cursor) } : {}) },
      { id: 'DESC' },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const views = await this.views(ctx, channelAccountId, page);
    return {
      items: page.map((r) => views.get(r.productId)).filter((v): v is ShelfProductView => v !== undefined),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  /** One published product; 404 when it is not on this shop's shelf (another shop's, unpublished, archived). */
  async product(shopId: Id, productId: Id, requestId: string): Promise<ShelfProductView> {
    const { ctx, channelAccountId } = await this.open(shopId, requestId);
    const row = await this.repos.shelf.findOne(ctx, { channelAccountId, productId });
    const view = row ? (await this.views(ctx, channelAccountId, [row])).get(productId) : undefined;
    if (!view) throw new NotFoundError('product', productId);
    return view;
  }

  private async open(shopId: Id, requestId: string) {
    const shop = await this.shops.resolve(shopId);
    const ctx = RequestContext.system(shop.merchantId, requestId);
    const { channelAccountId } = await this.shelf.storeAccountOf(ctx, shop.shopId);
    return { ctx, channelAccountId };
  }

  private async views(
    ctx: RequestContext,
    channelAccountId: Id,
    rows: StoreShelfProductRow[],
  ): Promise<Map<Id, ShelfProductView>> {
    const { offers, products } = await this.shelf.offers(
      ctx,
      channelAccountId,
      rows.flatMap((r) => r.skuIds),
    );
    const views = new Map<Id, ShelfProductView>();
    for (const row of rows) {
      const product = products.get(row.productId);
      if (!product) continue;
      const skus = row.skuIds
        .map((id) => offers.get(id))
        .filter((o): o is NonNullable<typeof o> => o !== undefined && o.productId === row.productId)
        .map((o) => ({
          skuId: o.skuId,
          attributes: o.attributes,
          priceFen: o.priceFen,
          available: o.available,
        }));
      if (skus.length === 0) continue;
      views.set(row.productId, {
        id: product.id,
        title: product.title,
        description: product.description,
        skus,
      });
    }
    return views;
  }
}
