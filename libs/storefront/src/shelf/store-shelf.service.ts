import { Injectable } from '@nestjs/common';
import { ListingsService, ProductView, ProductsService, SkusService } from '@tongdao/catalog';
import { ChannelAccountsService } from '@tongdao/channels';
import { StockQueries } from '@tongdao/inventory';
import {
  ConflictError,
  DomainError,
  ErrorDetail,
  Id,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';

export interface StoreAccount {
  channelAccountId: Id;
  appId: string;
}

export interface PriceLineInput {
  skuId: Id;
  quantity: number;
}

/** A line priced from the shelf now: the seller's current price, never one the buyer sent. */
export interface PricedLine {
  skuId: Id;
  productId: Id;
  /** The product title and the SKU's attribute values ("Longjing tea 250g"). */
  title: string;
  quantity: number;
  unitPriceFen: number;
  totalFen: number;
}

/** A SKU on sale on a store account, with what it costs and how many the account may sell now. */
export interface ShelfOffer {
  skuId: Id;
  productId: Id;
  title: string;
  attributes: Record<string, string>;
  priceFen: number;
  available: number;
}

const MAX_PRICED_LINES = 100;
const MAX_STORE_ACCOUNTS = 100;

export class StoreNotOpenError extends DomainError {
  constructor(shopId: Id) {
    super(404, 'store_not_open', `Shop ${shopId} has no active WeChat official account running its store`);
  }
}

/**
 * What the shop sells on its WeChat store and at what price. A SKU is on sale when it and its product are
 * active and the store account's channel listing (item = product id, SKU = SKU id) maps to it.
 */
@Injectable()
export class StoreShelf {
  constructor(
    private readonly accounts: ChannelAccountsService,
    private readonly products: ProductsService,
    private readonly skus: SkusService,
    private readonly listings: ListingsService,
    private readonly stock: StockQueries,
  ) {}

  /** The shop's oldest active WeChat account: the OAuth app, the JSAPI appid, the listings' channel. */
  async storeAccountOf(ctx: RequestContext, shopId: Id): Promise<StoreAccount> {
    const page = await this.accounts.list(ctx, {
      shopId,
      type: 'wechat',
      status: 'active',
      limit: MAX_STORE_ACCOUNTS,
    });
    const oldest = page.items[page.items.length - 1];
    const appId = oldest?.settings.appId;
    if (!oldest || typeof appId !== 'string') throw new StoreNotOpenError(shopId);
    return { channelAccountId: oldest.id, appId };
  }

  /** Prices lines at today's shelf price; 409 `not_on_sale` naming every line whose SKU is not on sale. */
  async priceLines(
    ctx: RequestContext,
    channelAccountId: Id,
    lines: PriceLineInput[],
  ): Promise<PricedLine[]> {
    const problems: ErrorDetail[] = [];
    if (!Array.isArray(lines) || lines.length === 0 || lines.length > MAX_PRICED_LINES)
      problems.push({ field: 'lines', problem: `1 to ${MAX_PRICED_LINES} lines` });
    else
      lines.forEach((line, i) => {
        if (!Number.isSafeInteger(line?.quantity) || line.quantity < 1)
          problems.push({ field: `lines.${i}.quantity`, problem: 'a whole number of at least 1' });
      });
    if (problems.length > 0)
      throw new ValidationFailedError('validation_failed', 'Some lines are invalid', problems);
    // Stock is not asked for: the order's reservation is what decides whether there is enough.
    const { offers } = await this.offers(
      ctx,
      channelAccountId,
      lines.map((l) => l.skuId),
      { withStock: false },
    );
    const missing = lines.flatMap((line, i) =>
      offers.has(line.skuId) ? [] : [{ field: `lines.${i}.skuId`, problem: `${line.skuId} is not on sale` }],
    );
    if (missing.length > 0)
      throw new ConflictError('not_on_sale', 'Some items are not on sale in this shop', missing);
    return lines.map((line) => {
      const offer = offers.get(line.skuId)!;
      return {
        skuId: offer.skuId,
        productId: offer.productId,
        title: offer.title,
        quantity: line.quantity,
        unitPriceFen: offer.priceFen,
        totalFen: offer.priceFen * line.quantity,
      };
    });
  }

  /**
   * The offers among these SKUs (absent = not on sale) and their products, in five reads whatever their
   * number: SKUs, products, listings, stock levels, allocation rules (three with `withStock: false`, which
   * leaves every `available` at 0 — for pricing, where the reservation checks the stock).
   */
  async offers(
    ctx: RequestContext,
    channelAccountId: Id,
    skuIds: readonly Id[],
    { withStock = true }: { withStock?: boolean } = {},
  ): Promise<{ offers: Map<Id, ShelfOffer>; products: Map<Id, ProductView> }> {
    const wanted = [...new Set(skuIds.filter((id) => typeof id === 'string' && id.length > 0))];
    const offers = new Map<Id, ShelfOffer>();
    const products = new Map<Id, ProductView>();
    if (wanted.length === 0) return { offers, products };
    const skus = (await this.skus.getMany(ctx, wanted)).filter((s) => s.status === 'active');
    for (const product of await this.products.getMany(ctx, [...new Set(skus.map((s) => s.productId))]))
      if (product.status === 'active') products.set(product.id, product);
    const candidates = skus.filter((s) => products.has(s.productId));
    const resolved = await this.listings.resolveSkus(
      ctx,
      channelAccountId,
      candidates.map((s) => ({ channelItemId: s.productId, channelSkuId: s.id })),
    );
    const onSale = candidates.filter((s, i) => resolved[i]?.via === 'listing' && resolved[i]?.skuId === s.id);
    const available = withStock
      ? await this.stock.publishableForAccount(
          ctx,
          channelAccountId,
          onSale.map((s) => s.id),
        )
      : new Map<Id, number>();
    for (const sku of onSale) {
      offers.set(sku.id, {
        skuId: sku.id,
        productId: sku.productId,
        title: lineTitle(products.get(sku.productId)!.title, sku.attributes),
        attributes: sku.attributes,
        priceFen: sku.priceFen,
        available: available.get(sku.id) ?? 0,
      });
    }
    return { offers, products };
  }
}

function lineTitle(productTitle: string, attributes: Record<string, string>): string {
  const values = Object.values(attributes ?? {}).filter((v) => v.length > 0);
  return values.length === 0 ? productTitle : `${productTitle} ${values.join(' ')}`;
}
