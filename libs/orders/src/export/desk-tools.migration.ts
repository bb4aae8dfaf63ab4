import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

/** Desk indexes chosen from EXPLAIN on 1M orders (bench/order-desk.ts); see bench/README.md. */
const DESK_INDEXES: Array<[string, string[]]> = [
  ['orders', ['merchant_id', 'external_order_id']],
  ['orders', ['merchant_id', 'buyer_name']],
  ['orders', ['merchant_id', 'shop_id', 'id']],
  ['orders', ['merchant_id', 'shop_id', 'placed_at']],
  ['orders', ['merchant_id', 'placed_at']],
  // Covers the SKU filter's subquery: no row lookups to learn each line's order.
  ['order_lines', ['merchant_id', 'sku_id', 'order_id']],
];

/** Order desk tools: CSV exports stored in chunks (api and worker may be different machines), batch shipping. */
export class OrderDeskToolsSchema1763900007500 implements MigrationInterface {
  name = 'OrderDeskToolsSchema1763900007500';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'order_exports',
      [
        col.id(),
        col.merchantId(),
        col.string('status', 16),
        jsonColumn(q, 'filters'),
        jsonColumn(q, 'actor'),
        col.ref('requested_by', true),
        col.bigint('rows_total', true),
        col.bigint('rows_written', false, 0),
        col.bigint('chunk_count', false, 0),
        col.bigint('bytes', false, 0),
        col.ref('last_order_id', true),
        col.bigint('attempts', false, 0),
        col.string('failure_reason', 500, true),
        col.datetime('started_at', true),
        col.datetime('finished_at', true),
        col.datetime('expires_at'),
        ...col.timestamps(),
      ],
      [index('order_exports', ['merchant_id', 'id']), index('order_exports', ['merchant_id', 'expires_at'])],
    );
    await createTable(
      q,
      'order_export_chunks',
      [
        col.id(),
        col.merchantId(),
        col.ref('export_id'),
        col.bigint('seq'),
        jsonColumn(q, 'data'),
        ...col.timestamps(),
      ],
      [index('order_export_chunks', ['export_id', 'seq'], true)],
    );
    await createTable(
      q,
      'order_shipment_imports',
      [
        col.id(),
        col.merchantId(),
        col.string('status', 16),
        jsonColumn(q, 'csv_text'),
        jsonColumn(q, 'actor'),
        col.ref('requested_by', true),
        col.bigint('total_rows'),
        col.bigint('attempts', false, 0),
        col.string('failure_reason', 500, true),
        col.datetime('started_at', true),
        col.datetime('finished_at', true),
        ...col.timestamps(),
      ],
      [index('order_shipment_imports', ['merchant_id', 'id'])],
    );
    await createTable(
      q,
      'order_shipment_import_rows',
      [
        col.id(),
        col.merchantId(),
        col.ref('import_id'),
        col.bigint('row_no'),
        col.string('outcome', 16),
        col.ref('order_id', true),
        col.ref('shipment_id', true),
        col.string('error_code', 64, true),
        col.string('error_message', 500, true),
        jsonColumn(q, 'error_fields', true),
        ...col.timestamps(),
      ],
      [index('order_shipment_import_rows', ['import_id', 'row_no'], true)],
    );
    await q.createIndices(
      'orders',
      DESK_INDEXES.filter(([table]) => table === 'orders').map(
        ([table, columns]) => new TableIndex(index(table, columns)),
      ),
    );
    for (const [table, columns] of DESK_INDEXES.filter(([t]) => t !== 'orders'))
      await q.createIndex(table, new TableIndex(index(table, columns)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, columns] of DESK_INDEXES) await q.dropIndex(table, index(table, columns).name!);
    await q.dropTable('order_shipment_import_rows', true);
    await q.dropTable('order_shipment_imports', true);
    await q.dropTable('order_export_chunks', true);
    await q.dropTable('order_exports', true);
  }
}
