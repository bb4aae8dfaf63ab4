import { Injectable } from '@nestjs/common';
import { ShopsService } from '@tongdao/identity';
import { Id, NotFoundError } from '@tongdao/kernel';

export interface StoreShop {
  merchantId: Id;
  shopId: Id;
  name: string;
}

/** The shop a public storefront route names, before any tenant is known. */
@Injectable()
export class StoreShops {
  constructor(private readonly shops: ShopsService) {}

  /** 404 for an unknown shop, a closed one, or one whose merchant is suspended. */
  async resolve(shopId: Id): Promise<StoreShop> {
    const shop = await this.shops.locate(shopId);
    if (!shop || !shop.open) throw new NotFoundError('shop', shopId);
    return { merchantId: shop.merchantId, shopId: shop.shopId, name: shop.name };
  }
}
