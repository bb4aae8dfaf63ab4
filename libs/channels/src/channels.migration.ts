import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class ChannelsSchema1763900003000 implements MigrationInterface {
  name = 'ChannelsSchema1763900003000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'channel_accounts',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.string('type', 16),
        col.string('name', 100),
        col.string('status', 16),
        col.string('external_id', 100, true),
        jsonColumn(q, 'settings'),
        ...col.timestamps(),
      ],
      [index('channel_accounts', ['merchant_id', 'id']), index('channel_accounts', ['type', 'external_id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('channel_accounts', true);
  }
}
