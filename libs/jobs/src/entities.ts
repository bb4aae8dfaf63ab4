import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, UtcColumn } from '@tongdao/persistence';

/** One domain event, written in the business transaction; `publishedAt` is set once the relay queued it. */
@Entity('outbox_events')
export class OutboxEventRow {
  @IdColumn()
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 26, nullable: true })
  merchantId: string | null;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ name: 'aggregate_type', type: 'varchar', length: 40 })
  aggregateType: string;

  @Column({ name: 'aggregate_id', type: 'varchar', length: 64 })
  aggregateId: string;

  @JsonColumn('payload')
  payload: object;

  @UtcColumn('occurred_at')
  occurredAt: Date;

  @UtcColumn('published_at', { nullable: true })
  publishedAt: Date | null;

  @UtcColumn('claimed_until', { nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 26, nullable: true })
  claimToken: string | null;

  @IntColumn('publish_attempts', { default: 0 })
  publishAttempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}

/** A job that failed its last retry. Staff of the job's merchant can list and replay it. */
@Entity('dead_letters')
export class DeadLetterRow {
  @IdColumn()
  id: string;

  @Column({ name: 'merchant_id', type: 'varchar', length: 26, nullable: true })
  merchantId: string | null;

  @Column({ name: 'job_name', type: 'varchar', length: 100 })
  jobName: string;

  @Column({ name: 'job_id', type: 'varchar', length: 200, nullable: true })
  jobId: string | null;

  @JsonColumn('data')
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 1000 })
  error: string;

  @IntColumn('attempts')
  attempts: number;

  @Column({ type: 'varchar', length: 16 })
  status: 'dead' | 'replayed';

  @IntColumn('replay_count', { default: 0 })
  replayCount: number;

  @UtcColumn('failed_at')
  failedAt: Date;

  @UtcColumn('replayed_at', { nullable: true })
  replayedAt: Date | null;
}

/** Idempotency record for event consumers: one row per (consumer, event) ever handled. */
@Entity('processed_events')
export class ProcessedEventRow {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 26 })
  eventId: string;

  @UtcColumn('processed_at')
  processedAt: Date;
}
