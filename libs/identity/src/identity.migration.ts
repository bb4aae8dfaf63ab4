import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class IdentitySchema1763900001000 implements MigrationInterface {
  name = 'IdentitySchema1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'audit_log',
      [
        col.id(),
        col.merchantId(),
        col.ref('actor_staff_id', true),
        col.string('actor_name', 100),
        col.string('action', 64),
        col.string('target_type', 40),
        col.string('target_id', 64, true),
        jsonColumn(q, 'summary'),
        col.string('request_id', 64),
        col.string('ip', 64, true),
        ...col.timestamps(),
      ],
      [index('audit_log', ['merchant_id', 'id']), index('audit_log', ['merchant_id', 'target_type', 'target_id'])],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log', true);
  }
}
