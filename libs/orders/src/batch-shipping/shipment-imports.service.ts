import { Injectable } from '@nestjs/common';
import { AuditLog } from '@tongdao/identity';
import { DomainError, Id, JobQueue, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { snapshotActor } from '../export/staff-job-context';
import { inspectShipmentCsv } from './shipment-csv';
import { ShipmentImportResultRow, ShipmentImportRow } from './shipment-import.entities';
import { ShipmentImportView, shipmentImportView } from './shipment-import.view';

export const SHIPMENT_IMPORT_JOB = 'orders.shipment-import';

/** Batch shipping from a CSV: accepts the file, queues the job, reports progress and per-row outcomes. */
@Injectable()
export class ShipmentImports {
  private readonly imports: TenantRepository<ShipmentImportRow>;
  private readonly results: TenantRepository<ShipmentImportResultRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: JobQueue,
    private readonly audit: AuditLog,
  ) {
    this.imports = new TenantRepository(tx, ShipmentImportRow, 'shipment import');
    this.results = new TenantRepository(tx, ShipmentImportResultRow, 'shipment import row');
  }

  /** Checks the file (syntax, header, size: 400 if unusable), stores it and queues the job. */
  async start(ctx: RequestContext, csvText: string): Promise<ShipmentImportView> {
    const { totalRows } = inspectShipmentCsv(csvText);
    const actor = snapshotActor(ctx);
    const row = await this.tx.run(async () => {
      const created = await this.imports.insert(ctx, {
        status: 'queued',
        csvText,
        actor,
        requestedBy: ctx.staffId,
        totalRows,
        attempts: 0,
        failureReason: null,
        startedAt: null,
        finishedAt: null,
      });
      await this.audit.record(ctx, {
        action: 'order.ship.import.start',
        targetType: 'shipment_import',
        targetId: created.id,
        summary: { totalRows, bytes: Buffer.byteLength(csvText) },
      });
      return created;
    });
    try {
      await this.queue.enqueue(
        SHIPMENT_IMPORT_JOB,
        { merchantId: ctx.tenantId, importId: row.id },
        { jobId: `${SHIPMENT_IMPORT_JOB}:${row.id}` },
      );
    } catch (error) {
      await this.tx
        .manager()
        .update(
          ShipmentImportRow,
          { merchantId: ctx.tenantId, id: row.id },
          { status: 'failed', failureReason: 'the job queue was unavailable', finishedAt: new Date() },
        );
      throw new DomainError(
        503,
        'queue_unavailable',
        'The file could not be queued; upload it again shortly',
        [{ field: '(queue)', problem: String(error).slice(0, 200) }],
      );
    }
    return shipmentImportView(row, []);
  }

  /** Status and report; shown to the uploader only, since it names orders in their reach. */
  async get(ctx: RequestContext, id: Id): Promise<ShipmentImportView> {
    const job = await this.imports.findById(ctx, id);
    if (!job || job.requestedBy !== ctx.staffId) throw new NotFoundError('shipment import', id);
    const results = await this.results.find(ctx, { importId: id }, { rowNo: 'ASC' });
    return shipmentImportView(job, results);
  }
}
