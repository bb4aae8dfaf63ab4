import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class CrmSchema1763900006000 implements MigrationInterface {
  name = 'CrmSchema1763900006000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'customers',
      [
        col.id(),
        col.merchantId(),
        col.string('display_name', 100),
        col.string('phone', 32, true),
        jsonColumn(q, 'tags'),
        ...col.timestamps(),
      ],
      [index('customers', ['merchant_id', 'id'])],
    );
    await createTable(
      q,
      'customer_identities',
      [
        col.id(),
        col.merchantId(),
        col.ref('customer_id'),
        col.string('kind', 24),
        col.string('value', 128),
        col.ref('channel_account_id', true),
        ...col.timestamps(),
      ],
      [
        index('customer_identities', ['merchant_id', 'kind', 'value'], true),
        index('customer_identities', ['customer_id']),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('customer_identities', true);
    await q.dropTable('customers', true);
  }
}
