import { Entity, Index } from 'typeorm';
import { IntColumn, JsonColumn, RefColumn, TenantEntity } from '@tongdao/persistence';

/**
 * A product on a shop's WeChat shelf: published to the shop's store account, whose channel listings
 * (item = product id, SKU = SKU id) say which SKUs sell there. This row lets the storefront page its
 * products; the listings stay the truth of what is on sale.
 */
@Entity('store_shelf_products')
@Index('uq_store_shelf_products_account_product', ['channelAccountId', 'productId'], { unique: true })
export class StoreShelfProductRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @RefColumn('channel_account_id')
  channelAccountId: string;

  @RefColumn('product_id')
  productId: string;

  /** The SKUs published with the product (its active SKUs when it was last published). */
  @JsonColumn('sku_ids')
  skuIds: string[];
}

/** One line of a buyer's cart in one shop: a SKU and how many; priced when read, never stored with a price. */
@Entity('store_cart_items')
@Index('uq_store_cart_items_customer_shop_sku', ['customerId', 'shopId', 'skuId'], { unique: true })
export class StoreCartItemRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  @RefColumn('customer_id')
  customerId: string;

  @RefColumn('sku_id')
  skuId: string;

  @IntColumn('quantity')
  quantity: number;
}
