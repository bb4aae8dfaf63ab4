import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class OrdersSchema1763900007000 implements MigrationInterface {
  name = 'OrdersSchema1763900007000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'orders',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.string('channel_type', 16),
        col.string('external_order_id', 64),
        col.datetime('channel_version'),
        col.string('status', 24),
        col.string('channel_status', 64),
        col.ref('customer_id', true),
        col.string('buyer_name', 100, true),
        jsonColumn(q, 'receiver'),
        col.string('receiver_phone', 32, true),
        col.bigint('items_fen'),
        col.bigint('shipping_fen'),
        col.bigint('discount_fen'),
        col.bigint('paid_fen'),
        jsonColumn(q, 'payment', true),
        col.datetime('placed_at'),
        col.string('buyer_message', 500, true),
        col.string('seller_memo', 500, true),
        col.bigint('seller_flag', false, 0),
        jsonColumn(q, 'tags'),
        col.ref('assigned_staff_id', true),
        col.bool('has_unmapped_lines'),
        col.bool('has_stock_short_lines'),
        ...col.timestamps(),
      ],
      [
        index('orders', ['channel_account_id', 'external_order_id'], true),
        index('orders', ['merchant_id', 'id']),
        index('orders', ['merchant_id', 'status', 'id']),
        index('orders', ['merchant_id', 'assigned_staff_id', 'id']),
        index('orders', ['merchant_id', 'customer_id']),
        index('orders', ['merchant_id', 'receiver_phone']),
      ],
    );
    await createTable(
      q,
      'order_lines',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.string('external_line_id', 64),
        col.ref('sku_id', true),
        col.string('channel_item_id', 64),
        col.string('channel_sku_id', 64, true),
        col.string('outer_id', 64, true),
        col.string('title', 200),
        col.bigint('quantity'),
        col.bigint('shipped_quantity', false, 0),
        col.bigint('unit_price_fen'),
        col.bigint('total_fen'),
        col.string('stock', 16),
        col.ref('reservation_id', true),
        ...col.timestamps(),
      ],
      [
        index('order_lines', ['order_id', 'external_line_id'], true),
        index('order_lines', ['merchant_id', 'sku_id']),
      ],
    );
    await createTable(
      q,
      'order_shipments',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.string('carrier_code', 32),
        col.string('tracking_no', 64),
        jsonColumn(q, 'lines'),
        col.ref('shipped_by', true),
        ...col.timestamps(),
      ],
      [index('order_shipments', ['merchant_id', 'order_id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('order_shipments', true);
    await q.dropTable('order_lines', true);
    await q.dropTable('orders', true);
  }
}
