import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class AfterSalesSchema1763900007200 implements MigrationInterface {
  name = 'AfterSalesSchema1763900007200';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'after_sales',
      [
        col.id(),
        col.merchantId(),
        col.ref('order_id'),
        col.ref('line_id'),
        col.ref('shop_id'),
        col.string('kind', 24),
        col.string('status', 16),
        col.bigint('quantity'),
        col.bigint('amount_fen'),
        col.string('reason', 200),
        col.string('source', 16),
        col.string('channel_refund_id', 64, true),
        col.ref('requested_by', true),
        col.ref('decided_by', true),
        col.datetime('decided_at', true),
        col.string('reject_reason', 200, true),
        col.bigint('received_quantity', false, 0),
        col.bigint('restocked_quantity', false, 0),
        col.datetime('refunded_at', true),
        ...col.timestamps(),
      ],
      [
        index('after_sales', ['merchant_id', 'order_id']),
        index('after_sales', ['merchant_id', 'status', 'id']),
        index('after_sales', ['order_id', 'channel_refund_id'], true),
      ],
    );
    await createTable(
      q,
      'settlement_policies',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.bool('guarantee_enabled'),
        col.bigint('auto_confirm_days'),
        ...col.timestamps(),
      ],
      [index('settlement_policies', ['merchant_id', 'shop_id'], true)],
    );
    await q.addColumns('orders', [
      new TableColumn(col.string('receiver_name', 100, true)),
      new TableColumn(col.bigint('refunded_fen', false, 0)),
      new TableColumn(col.string('after_sale_state', 16, true)),
      new TableColumn({ ...col.string('settlement_state', 16), default: "'none'" }),
      new TableColumn(col.datetime('delivered_at', true)),
      new TableColumn(col.datetime('settle_at', true)),
      new TableColumn(col.datetime('settled_at', true)),
    ]);
    await q.createIndices('orders', [
      new TableIndex(index('orders', ['merchant_id', 'receiver_name'])),
      new TableIndex(index('orders', ['merchant_id', 'after_sale_state', 'id'])),
      new TableIndex(index('orders', ['settlement_state', 'settle_at'])),
    ]);
    await q.addColumn('order_lines', new TableColumn(col.bigint('cancelled_quantity', false, 0)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('order_lines', 'cancelled_quantity');
    for (const columns of [
      ['merchant_id', 'receiver_name'],
      ['merchant_id', 'after_sale_state', 'id'],
      ['settlement_state', 'settle_at'],
    ]) {
      await q.dropIndex('orders', index('orders', columns).name!);
    }
    for (const column of [
      'settled_at',
      'settle_at',
      'delivered_at',
      'settlement_state',
      'after_sale_state',
      'refunded_fen',
      'receiver_name',
    ]) {
      await q.dropColumn('orders', column);
    }
    await q.dropTable('settlement_policies', true);
    await q.dropTable('after_sales', true);
  }
}
