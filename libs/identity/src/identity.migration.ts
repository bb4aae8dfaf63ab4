import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class IdentitySchema1763900001000 implements MigrationInterface {
  name = 'IdentitySchema1763900001000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(q, 'merchants', [
      col.id(),
      col.string('name', 100),
      col.string('status', 16),
      col.bigint('refund_limit_fen', false, 0),
      ...col.timestamps(),
    ]);
    await createTable(
      q,
      'shops',
      [col.id(), col.merchantId(), col.string('name', 100), col.string('status', 16), ...col.timestamps()],
      [index('shops', ['merchant_id', 'id'])],
    );
    await createTable(
      q,
      'roles',
      [
        col.id(),
        col.merchantId(),
        col.string('code', 40),
        col.string('name', 100),
        jsonColumn(q, 'permissions'),
        col.string('order_scope', 16),
        col.bool('built_in'),
        ...col.timestamps(),
      ],
      [index('roles', ['merchant_id', 'code'], true)],
    );
    await createTable(
      q,
      'staff',
      [
        col.id(),
        col.merchantId(),
        col.string('name', 100),
        col.string('login', 40),
        col.string('password_hash', 100),
        col.string('status', 16),
        col.bool('is_owner'),
        jsonColumn(q, 'role_ids'),
        jsonColumn(q, 'shop_ids', true),
        ...col.timestamps(),
      ],
      [index('staff', ['login'], true), index('staff', ['merchant_id', 'id'])],
    );
    await createTable(
      q,
      'sessions',
      [
        col.id(),
        col.merchantId(),
        col.ref('staff_id'),
        col.string('token_hash', 64),
        col.datetime('expires_at'),
        col.datetime('revoked_at', true),
        col.string('ip', 64, true),
        col.datetime('created_at'),
      ],
      [index('sessions', ['token_hash'], true), index('sessions', ['staff_id'])],
    );
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
      [
        index('audit_log', ['merchant_id', 'id']),
        index('audit_log', ['merchant_id', 'target_type', 'target_id']),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'sessions', 'staff', 'roles', 'shops', 'merchants']) {
      await q.dropTable(table, true);
    }
  }
}
