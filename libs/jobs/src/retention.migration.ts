import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from '@tongdao/persistence';

/** The retention job deletes processed-event records by age. */
export class JobsRetention1763900000500 implements MigrationInterface {
  name = 'JobsRetention1763900000500';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('processed_events', new TableIndex(index('processed_events', ['processed_at'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('processed_events', index('processed_events', ['processed_at']).name!);
  }
}
