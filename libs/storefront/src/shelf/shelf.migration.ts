import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class StoreShelfSchema1763900010100 implements MigrationInterface {
  name = 'StoreShelfSchema1763900010100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(
      queryRunner,
      'store_shelf_products',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.ref('product_id'),
        col.text('sku_ids'),
        ...col.timestamps(),
      ],
      [
        {
          ...index('store_shelf_products', ['channel_account_id', 'product_id'], true),
          name: 'uq_store_shelf_products_account_product',
        },
        index('store_shelf_products', ['merchant_id', 'channel_account_id', 'id']),
        index('store_shelf_products', ['merchant_id', 'shop_id', 'id']),
      ],
    );
    await createTable(
      queryRunner,
      'store_cart_items',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('customer_id'),
        col.ref('sku_id'),
        col.bigint('quantity'),
        ...col.timestamps(),
      ],
      [
        {
          ...index('store_cart_items', ['customer_id', 'shop_id', 'sku_id'], true),
          name: 'uq_store_cart_items_customer_shop_sku',
        },
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('store_cart_items', true);
    await queryRunner.dropTable('store_shelf_products', true);
  }
}
