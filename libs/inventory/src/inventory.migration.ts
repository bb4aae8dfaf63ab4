import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class InventorySchema1763900004000 implements MigrationInterface {
  name = 'InventorySchema1763900004000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'warehouses',
      [
        col.id(),
        col.merchantId(),
        col.string('code', 32),
        col.string('name', 100),
        col.bool('is_default'),
        ...col.timestamps(),
      ],
      [index('warehouses', ['merchant_id', 'code'], true)],
    );
    await createTable(
      q,
      'stock_levels',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id'),
        col.ref('warehouse_id'),
        col.bigint('on_hand', false, 0),
        col.bigint('reserved', false, 0),
        col.bigint('safety_stock', false, 0),
        col.bigint('version', false, 0),
        ...col.timestamps(),
      ],
      [index('stock_levels', ['merchant_id', 'sku_id', 'warehouse_id'], true)],
    );
    await createTable(
      q,
      'stock_reservations',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id'),
        col.ref('warehouse_id'),
        col.ref('level_id'),
        col.bigint('quantity'),
        col.bigint('committed_quantity', false, 0),
        col.bigint('released_quantity', false, 0),
        col.string('status', 16),
        col.string('reference_type', 40),
        col.string('reference_id', 64),
        col.datetime('expires_at', true),
        col.string('release_reason', 40, true),
        ...col.timestamps(),
      ],
      [
        index('stock_reservations', ['merchant_id', 'reference_type', 'reference_id', 'sku_id'], true),
        index('stock_reservations', ['status', 'expires_at']),
        index('stock_reservations', ['merchant_id', 'sku_id', 'id']),
        index('stock_reservations', ['merchant_id', 'status', 'id']),
      ],
    );
    await createTable(
      q,
      'stock_ledger',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id'),
        col.ref('warehouse_id'),
        col.ref('level_id'),
        col.string('type', 16),
        col.bigint('quantity'),
        col.bigint('on_hand_delta'),
        col.bigint('reserved_delta'),
        col.bigint('on_hand_before'),
        col.bigint('on_hand_after'),
        col.bigint('reserved_before'),
        col.bigint('reserved_after'),
        col.ref('reservation_id', true),
        col.string('reference_type', 40, true),
        col.string('reference_id', 64, true),
        col.string('reason', 32),
        col.string('note', 500, true),
        col.ref('actor_staff_id', true),
        ...col.timestamps(),
      ],
      [
        index('stock_ledger', ['merchant_id', 'level_id']),
        index('stock_ledger', ['merchant_id', 'sku_id', 'id']),
        index('stock_ledger', ['merchant_id', 'type', 'id']),
      ],
    );
    await createTable(
      q,
      'allocation_rules',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id', true),
        col.ref('channel_account_id', true),
        col.string('scope_key', 60),
        col.string('mode', 16),
        col.bigint('percent', true),
        col.bigint('cap', true),
        col.bigint('buffer', false, 0),
        ...col.timestamps(),
      ],
      [index('allocation_rules', ['merchant_id', 'scope_key'], true)],
    );
    await createTable(
      q,
      'stock_push_state',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id'),
        col.bigint('generation', false, 0),
        col.bool('dirty'),
        ...col.timestamps(),
      ],
      [index('stock_push_state', ['merchant_id', 'sku_id'], true), index('stock_push_state', ['dirty'])],
    );
    await createTable(
      q,
      'stock_pushes',
      [
        col.id(),
        col.merchantId(),
        col.ref('sku_id'),
        col.ref('channel_account_id'),
        col.string('channel_type', 32),
        col.ref('listing_id'),
        col.string('channel_item_id', 64),
        col.string('channel_sku_id', 64, true),
        col.bigint('quantity'),
        col.string('status', 16),
        col.string('detail', 500, true),
        col.bigint('generation'),
        ...col.timestamps(),
      ],
      [index('stock_pushes', ['merchant_id', 'sku_id', 'id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'stock_pushes',
      'stock_push_state',
      'allocation_rules',
      'stock_ledger',
      'stock_reservations',
      'stock_levels',
      'warehouses',
    ]) {
      await q.dropTable(table, true);
    }
  }
}
