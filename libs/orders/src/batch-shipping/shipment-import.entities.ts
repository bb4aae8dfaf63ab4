import { Column, Entity } from 'typeorm';
import { IntColumn, JsonColumn, TenantEntity, UtcColumn } from '@tongdao/persistence';
import type { ErrorDetail } from '@tongdao/kernel';
import type { ActorSnapshot } from '../export/staff-job-context';

export type ShipmentImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** One uploaded batch-shipping CSV; each row's outcome is an order_shipment_import_rows row. */
@Entity('order_shipment_imports')
export class ShipmentImportRow extends TenantEntity {
  @Column({ type: 'varchar', length: 16 })
  status: ShipmentImportStatus;

  @Column({ name: 'csv_text', type: 'text', select: false })
  csvText: string;

  @JsonColumn('actor')
  actor: ActorSnapshot;

  @Column({ name: 'requested_by', type: 'varchar', length: 26, nullable: true })
  requestedBy: string | null;

  @IntColumn('total_rows')
  totalRows: number;

  @IntColumn('attempts', { default: 0 })
  attempts: number;

  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @UtcColumn('started_at', { nullable: true })
  startedAt: Date | null;

  @UtcColumn('finished_at', { nullable: true })
  finishedAt: Date | null;
}

export type ShipmentRowOutcome = 'shipped' | 'error';

/**
 * The outcome of one CSV row. Written in the same transaction as the row's shipment, and unique per
 * (import, row): a retried or duplicated job can never ship a row twice.
 */
@Entity('order_shipment_import_rows')
export class ShipmentImportResultRow extends TenantEntity {
  @Column({ name: 'import_id', type: 'varchar', length: 26 })
  importId: string;

  /** CSV record number, the header being 1. */
  @IntColumn('row_no')
  rowNo: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: ShipmentRowOutcome;

  @Column({ name: 'order_id', type: 'varchar', length: 26, nullable: true })
  orderId: string | null;

  @Column({ name: 'shipment_id', type: 'varchar', length: 26, nullable: true })
  shipmentId: string | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'varchar', length: 500, nullable: true })
  errorMessage: string | null;

  @JsonColumn('error_fields', { nullable: true })
  errorFields: ErrorDetail[] | null;
}
