import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class StoreEngagementSchema1763900010400 implements MigrationInterface {
  name = 'StoreEngagementSchema1763900010400';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'store_payment_requests',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.ref('customer_id'),
        jsonColumn(q, 'lines'),
        col.bigint('total_fen'),
        col.string('note', 200, true),
        col.string('state', 16),
        col.datetime('expires_at'),
        col.ref('order_id', true),
        col.ref('created_by', true),
        col.string('delivery', 16),
        col.string('delivery_error', 200, true),
        col.bigint('delivery_attempts', false, 0),
        col.datetime('paid_at', true),
        col.datetime('cancelled_at', true),
        ...col.timestamps(),
      ],
      [
        index('store_payment_requests', ['merchant_id', 'shop_id', 'state']),
        index('store_payment_requests', ['merchant_id', 'order_id']),
        index('store_payment_requests', ['merchant_id', 'customer_id']),
      ],
    );
    await createTable(
      q,
      'store_shares',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.string('code', 16),
        col.ref('product_id', true),
        col.ref('sharer_customer_id', true),
        col.ref('sharer_staff_id', true),
        col.string('sharer_key', 80),
        ...col.timestamps(),
      ],
      [
        index('store_shares', ['code'], true),
        index('store_shares', ['merchant_id', 'shop_id', 'sharer_key'], true),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('store_shares', true);
    await q.dropTable('store_payment_requests', true);
  }
}
