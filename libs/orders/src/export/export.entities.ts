import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';
import type { ActorSnapshot } from './staff-job-context';

export type ExportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** Filters as stored with a job: dates as ISO strings so the JSON round-trips. */
export interface StoredDeskFilters {
  [key: string]: string | undefined;
}

/** One CSV export of the order desk, produced by a job; the file lives in order_export_chunks. */
@Entity('order_exports')
export class OrderExportRow extends TenantEntity {
  @Column({ type: 'varchar', length: 16 })
  status: ExportStatus;

  @JsonColumn('filters')
  filters: StoredDeskFilters;

  @JsonColumn('actor')
  actor: ActorSnapshot;

  @Column({ name: 'requested_by', type: 'varchar', length: 26, nullable: true })
  requestedBy: string | null;

  /** Counted when the job starts; set to rowsWritten at the end (orders may change meanwhile). */
  @IntColumn('rows_total', { nullable: true })
  rowsTotal: number | null;

  @IntColumn('rows_written', { default: 0 })
  rowsWritten: number;

  @IntColumn('chunk_count', { default: 0 })
  chunkCount: number;

  @IntColumn('bytes', { default: 0 })
  bytes: number;

  /** The last order id written: a retried job continues after it instead of starting over. */
  @Column({ name: 'last_order_id', type: 'varchar', length: 26, nullable: true })
  lastOrderId: string | null;

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @UtcColumn('started_at', { nullable: true })
  startedAt: Date | null;

  @UtcColumn('finished_at', { nullable: true })
  finishedAt: Date | null;

  @UtcColumn('expires_at')
  expiresAt: Date;
}

/** A piece of an export's CSV text, in order of `seq`; the first one starts with the BOM and header. */
@Entity('order_export_chunks')
export class OrderExportChunkRow extends TenantEntity {
  @Column({ name: 'export_id', type: 'varchar', length: 26 })
  exportId: string;

  @IntColumn('seq')
  seq: number;

  @Column({ type: 'text' })
  data: string;
}
