import { Column, Entity } from 'typeorm';
import { RefColumn, TenantEntity } from '@tongdao/persistence';

/**
 * A share link of a shop or one of its products. Its code travels in the URL and comes back with a checkout
 * as `referrerCode`, so the order records who shared it. One code per sharer and target: sharing again
 * hands out the same link.
 */
@Entity('store_shares')
export class ShareRow extends TenantEntity {
  @RefColumn('shop_id')
  shopId: string;

  /** Globally unique, so a public link resolves without knowing the merchant. */
  @Column({ type: 'varchar', length: 16 })
  code: string;

  /** Null: the shop's front page. */
  @RefColumn('product_id', { nullable: true })
  productId: string | null;

  @RefColumn('sharer_customer_id', { nullable: true })
  sharerCustomerId: string | null;

  @RefColumn('sharer_staff_id', { nullable: true })
  sharerStaffId: string | null;

  /** `customer:<id>:<product id|shop>` or `staff:<id>:…`: unique per shop, so sharing twice is one row. */
  @Column({ name: 'sharer_key', type: 'varchar', length: 80 })
  sharerKey: string;
}
