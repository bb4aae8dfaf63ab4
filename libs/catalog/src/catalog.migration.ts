import { MigrationInterface, QueryRunner, TableColumnOptions } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

/**
 * Codes and platform ids compare byte for byte on both engines: MariaDB's default collation would make
 * "ab-1" equal "AB-1" (and "é" equal "e"), SQLite's would not, and auto-matching must not depend on the engine.
 */
function exactString(q: QueryRunner, name: string, length: number, nullable = false): TableColumnOptions {
  const isMysql = q.connection.options.type === 'mysql';
  return { ...col.string(name, length, nullable), ...(isMysql ? { collation: 'utf8mb4_bin' } : {}) };
}

export class CatalogSchema1763900002000 implements MigrationInterface {
  name = 'CatalogSchema1763900002000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'catalog_products',
      [
        col.id(),
        col.merchantId(),
        col.string('title', 200),
        col.text('description', true),
        col.string('status', 16),
        jsonColumn(q, 'attribute_defs', true),
        ...col.timestamps(),
      ],
      [index('catalog_products', ['merchant_id', 'id']), index('catalog_products', ['merchant_id', 'title'])],
    );
    await createTable(
      q,
      'catalog_skus',
      [
        col.id(),
        col.merchantId(),
        col.ref('product_id'),
        exactString(q, 'code', 64),
        col.text('attributes'),
        col.bigint('price_fen'),
        col.string('barcode', 64, true),
        col.bigint('weight_grams', true),
        col.string('status', 16),
        ...col.timestamps(),
      ],
      [
        index('catalog_skus', ['merchant_id', 'code'], true),
        index('catalog_skus', ['merchant_id', 'product_id']),
        index('catalog_skus', ['merchant_id', 'barcode']),
      ],
    );
    await createTable(
      q,
      'catalog_listings',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('channel_type', 16),
        exactString(q, 'channel_item_id', 64),
        exactString(q, 'channel_sku_id', 64),
        exactString(q, 'outer_id', 64, true),
        col.string('title', 200, true),
        col.ref('sku_id', true),
        col.string('mapping_source', 16, true),
        col.datetime('mapped_at', true),
        ...col.timestamps(),
      ],
      [
        index('catalog_listings', ['channel_account_id', 'channel_item_id', 'channel_sku_id'], true),
        index('catalog_listings', ['merchant_id', 'sku_id']),
        index('catalog_listings', ['merchant_id', 'outer_id']),
        index('catalog_listings', ['merchant_id', 'channel_account_id', 'id']),
      ],
    );
    await createTable(
      q,
      'catalog_imports',
      [
        col.id(),
        col.merchantId(),
        col.string('status', 16),
        jsonColumn(q, 'csv_text'),
        col.bigint('total_rows', true),
        col.bigint('processed_rows', false, 0),
        col.bigint('created_count', false, 0),
        col.bigint('updated_count', false, 0),
        col.bigint('unchanged_count', false, 0),
        col.bigint('error_count', false, 0),
        jsonColumn(q, 'errors'),
        col.bigint('attempts', false, 0),
        col.string('failure_reason', 500, true),
        col.ref('requested_by', true),
        col.datetime('started_at', true),
        col.datetime('finished_at', true),
        ...col.timestamps(),
      ],
      [index('catalog_imports', ['merchant_id', 'id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['catalog_imports', 'catalog_listings', 'catalog_skus', 'catalog_products']) {
      await q.dropTable(table, true);
    }
  }
}
