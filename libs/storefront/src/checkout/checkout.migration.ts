import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class StoreCheckoutSchema1763900010200 implements MigrationInterface {
  name = 'StoreCheckoutSchema1763900010200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(
      queryRunner,
      'store_orders',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.ref('customer_id'),
        col.string('openid', 64),
        col.bigint('payable_fen'),
        col.string('description', 127),
        col.datetime('expires_at'),
        col.string('referrer_code', 16, true),
        col.ref('referrer_customer_id', true),
        col.ref('payment_request_id', true),
        col.string('idempotency_key', 64, true),
        ...col.timestamps(),
      ],
      [
        {
          ...index('store_orders', ['merchant_id', 'customer_id', 'idempotency_key'], true),
          name: 'uq_store_orders_idempotency',
        },
        index('store_orders', ['merchant_id', 'customer_id', 'created_at']),
        index('store_orders', ['merchant_id', 'referrer_code']),
        index('store_orders', ['expires_at']),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('store_orders', true);
  }
}
