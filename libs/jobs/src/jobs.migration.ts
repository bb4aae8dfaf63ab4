import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, createTable, index, jsonColumn } from '@tongdao/persistence';

export class JobsSchema1763900000000 implements MigrationInterface {
  name = 'JobsSchema1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await createTable(
      q,
      'outbox_events',
      [
        col.id(),
        col.ref('merchant_id', true),
        col.string('type', 64),
        col.string('aggregate_type', 40),
        col.string('aggregate_id', 64),
        jsonColumn(q, 'payload'),
        col.datetime('occurred_at'),
        col.datetime('published_at', true),
        col.datetime('claimed_until', true),
        col.ref('claim_token', true),
        col.bigint('publish_attempts', false, 0),
        col.string('last_error', 500, true),
      ],
      [
        index('outbox_events', ['published_at', 'id']),
        index('outbox_events', ['aggregate_type', 'aggregate_id']),
      ],
    );
    await createTable(
      q,
      'dead_letters',
      [
        col.id(),
        col.ref('merchant_id', true),
        col.string('job_name', 100),
        col.string('job_id', 200, true),
        jsonColumn(q, 'data'),
        col.string('error', 1000),
        col.bigint('attempts'),
        col.string('status', 16),
        col.bigint('replay_count', false, 0),
        col.datetime('failed_at'),
        col.datetime('replayed_at', true),
      ],
      [index('dead_letters', ['merchant_id', 'status', 'id'])],
    );
    await createTable(q, 'processed_events', [
      { ...col.string('consumer', 100), isPrimary: true },
      { ...col.ref('event_id'), isPrimary: true },
      col.datetime('processed_at'),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('processed_events', true);
    await q.dropTable('dead_letters', true);
    await q.dropTable('outbox_events', true);
  }
}
