import { Injectable } from '@nestjs/common';
import { ProductsService, SkusService } from '@tongdao/catalog';
import { RequestContext, fenToYuan } from '@tongdao/kernel';

export const PRODUCT_REPLY_LIMIT = 5;

/**
 * The product-search reply: up to five active products whose title contains the words, each with its
 * price (or price range) in yuan. Two queries, so it fits inside the callback.
 */
@Injectable()
export class WechatProductReply {
  constructor(
    private readonly products: ProductsService,
    private readonly skus: SkusService,
  ) {}

  async text(ctx: RequestContext, term: string, heading: string | null): Promise<string> {
    const words = term.trim().slice(0, 50);
    const found = await this.products.list(ctx, {
      titleContains: words || undefined,
      status: 'active',
      limit: PRODUCT_REPLY_LIMIT,
    });
    if (found.items.length === 0) return words ? `没有找到与“${words}”相关的商品` : '暂无商品';
    const skus = await this.skus.search(ctx, {
      titleContains: words || undefined,
      status: 'active',
      limit: 100,
    });
    const prices = new Map<string, number[]>();
    for (const sku of skus.items)
      prices.set(sku.productId, [...(prices.get(sku.productId) ?? []), sku.priceFen]);
    const lines = found.items.map((product, i) => {
      const fen = prices.get(product.id) ?? [];
      return `${i + 1}. ${product.title}${fen.length > 0 ? ` ¥${priceRange(fen)}` : ''}`;
    });
    return [heading?.trim() || (words ? `为您找到“${words}”相关商品：` : '为您推荐：'), ...lines].join('\n');
  }
}

function priceRange(fen: number[]): string {
  const low = Math.min(...fen);
  const high = Math.max(...fen);
  return low === high ? fenToYuan(low) : `${fenToYuan(low)}-${fenToYuan(high)}`;
}
