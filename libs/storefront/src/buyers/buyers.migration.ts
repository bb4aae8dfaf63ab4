import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index } from '@tongdao/persistence';

export class StoreBuyersSchema1763900010000 implements MigrationInterface {
  name = 'StoreBuyersSchema1763900010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createTable(
      queryRunner,
      'store_buyer_sessions',
      [
        col.id(),
        col.merchantId(),
        col.ref('shop_id'),
        col.ref('channel_account_id'),
        col.ref('customer_id'),
        col.string('openid', 64),
        col.string('unionid', 64, true),
        col.string('nickname', 100, true),
        col.string('token_hash', 64),
        col.datetime('expires_at'),
        ...col.timestamps(),
      ],
      [
        index('store_buyer_sessions', ['token_hash'], true),
        index('store_buyer_sessions', ['merchant_id', 'customer_id']),
        index('store_buyer_sessions', ['expires_at']),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('store_buyer_sessions', true);
  }
}
