import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class ChannelSyncSchema1763900008000 implements MigrationInterface {
  name = 'ChannelSyncSchema1763900008000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('channel_accounts', new TableColumn(col.text('secrets', true)));
    await createTable(
      q,
      'channel_sync_state',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.datetime('cursor', true),
        col.datetime('last_run_at', true),
        col.datetime('last_success_at', true),
        col.string('last_error', 500, true),
        ...col.timestamps(),
      ],
      [index('channel_sync_state', ['channel_account_id'], true)],
    );
    await createTable(
      q,
      'channel_sync_log',
      [
        col.id(),
        col.merchantId(),
        col.ref('channel_account_id'),
        col.string('trigger', 16),
        col.datetime('window_from', true),
        col.datetime('window_to', true),
        col.bigint('trades', false, 0),
        col.bigint('created_count', false, 0),
        col.bigint('updated_count', false, 0),
        col.string('outcome', 16),
        col.string('error', 500, true),
        col.datetime('finished_at'),
        ...col.timestamps(),
      ],
      [index('channel_sync_log', ['merchant_id', 'channel_account_id', 'id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('channel_sync_log', true);
    await q.dropTable('channel_sync_state', true);
    await q.dropColumn('channel_accounts', 'secrets');
  }
}
