import { Column, Entity } from 'typeorm';
import { IntColumn, RefColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';

/** Where a channel account's incremental sync stands: everything modified before `cursor` has been ingested. */
@Entity('channel_sync_state')
export class ChannelSyncState extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  @UtcColumn('cursor', { nullable: true })
  cursor: Date | null;

  @UtcColumn('last_run_at', { nullable: true })
  lastRunAt: Date | null;

  @UtcColumn('last_success_at', { nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}

/** One sync run of one account: the window it covered, what it found, how it ended. */
@Entity('channel_sync_log')
export class ChannelSyncLogRow extends TenantEntity {
  @RefColumn('channel_account_id')
  channelAccountId: string;

  /** manual | schedule | push */
  @Column({ type: 'varchar', length: 16 })
  trigger: string;

  @UtcColumn('window_from', { nullable: true })
  windowFrom: Date | null;

  @UtcColumn('window_to', { nullable: true })
  windowTo: Date | null;

  @IntColumn('trades', { default: 0 })
  trades: number;

  @IntColumn('created_count', { default: 0 })
  createdCount: number;

  @IntColumn('updated_count', { default: 0 })
  updatedCount: number;

  /** ok | failed */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @UtcColumn('finished_at')
  finishedAt: Date;
}
