import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class ErpSchema1763900011000 implements MigrationInterface {
  name = 'ErpSchema1763900011000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'erp_connections',
      [
        col.id(),
        col.merchantId(),
        col.string('kind', 16),
        col.string('base_url', 255),
        col.string('app_key', 100),
        col.text('secrets'),
        col.text('shops'),
        col.string('erp_warehouse_id', 32, true),
        col.ref('warehouse_id', true),
        col.string('stock_source', 16),
        col.string('status', 16),
        col.string('last_error', 500, true),
        col.datetime('stock_cursor', true),
        col.datetime('shipment_cursor', true),
        col.datetime('last_sync_at', true),
        ...col.timestamps(),
      ],
      [index('erp_connections', ['merchant_id'], true)],
    );
    await createTable(
      q,
      'erp_order_links',
      [
        col.id(),
        col.merchantId(),
        col.ref('connection_id'),
        col.ref('order_id'),
        col.ref('shop_id'),
        col.string('so_id', 64),
        col.string('erp_order_id', 64, true),
        col.string('state', 16),
        col.bigint('attempts', false, 0),
        col.datetime('next_attempt_at'),
        col.string('lease_token', 26, true),
        col.datetime('lease_until', true),
        col.string('last_error', 500, true),
        col.string('reject_reason', 500, true),
        col.datetime('paid_at'),
        col.datetime('uploaded_at', true),
        col.datetime('cancelled_at', true),
        ...col.timestamps(),
      ],
      [
        index('erp_order_links', ['merchant_id', 'order_id'], true),
        index('erp_order_links', ['merchant_id', 'state', 'next_attempt_at']),
        index('erp_order_links', ['state', 'next_attempt_at']),
      ],
    );
    await createTable(
      q,
      'erp_shipment_receipts',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.string('tracking_no', 64),
        col.string('carrier_code', 32),
        col.ref('shipment_id', true),
        col.string('outcome', 16),
        ...col.timestamps(),
      ],
      [index('erp_shipment_receipts', ['merchant_id', 'order_id', 'tracking_no'], true)],
    );
    await createTable(
      q,
      'erp_sync_log',
      [
        col.id(),
        col.merchantId(),
        col.string('kind', 16),
        col.ref('order_id', true),
        col.ref('sku_id', true),
        col.string('erp_ref', 64, true),
        col.string('outcome', 24),
        col.string('detail', 500, true),
        ...col.timestamps(),
      ],
      [
        index('erp_sync_log', ['merchant_id', 'id']),
        index('erp_sync_log', ['merchant_id', 'order_id', 'id']),
        index('erp_sync_log', ['merchant_id', 'sku_id', 'id']),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['erp_sync_log', 'erp_shipment_receipts', 'erp_order_links', 'erp_connections'])
      await q.dropTable(table, true);
  }
}
