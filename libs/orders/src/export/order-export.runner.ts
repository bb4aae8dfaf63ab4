import { Buffer } from 'node:buffer';
import { Injectable, Logger } from '@nestjs/common';
import { AuditLog, StaffService } from '@tongdao/identity';
import { JobData, JobHandler, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { csvHeader } from './csv-format';
import { OrderExportChunkRow, OrderExportRow } from './export.entities';
import { OrderCsvPages } from './order-csv-pages';
import { EXPORT_TTL_MS, ORDER_EXPORT_JOB } from './order-exports.service';
import { runTrackedJob } from './staff-job-context';
import { loadFilters } from './stored-filters';

const EXPORT_ATTEMPTS = 3;

/**
 * Produces one export. Each page of orders becomes one stored chunk, committed together with the progress
 * counters and the last order id written, so a retried job continues where the failed one stopped and the
 * file never holds a row twice.
 */
@Injectable()
export class OrderExportRunner {
  private readonly logger = new Logger(OrderExportRunner.name);
  private readonly exports: TenantRepository<OrderExportRow>;
  private readonly chunks: TenantRepository<OrderExportChunkRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly pages: OrderCsvPages,
    private readonly staff: StaffService,
    private readonly audit: AuditLog,
  ) {
    this.exports = new TenantRepository(tx, OrderExportRow, 'order export');
    this.chunks = new TenantRepository(tx, OrderExportChunkRow, 'order export chunk');
  }

  @JobHandler(ORDER_EXPORT_JOB, { attempts: EXPORT_ATTEMPTS, backoffMs: 2000, concurrency: 2 })
  run(data: JobData): Promise<void> {
    const exportId = String(data.exportId);
    const system = RequestContext.system(String(data.merchantId), `order-export-${exportId}`);
    return runTrackedJob(this.staff, system, {
      load: (ctx) => this.exports.findById(ctx, exportId),
      update: (ctx, fields) => this.update(ctx, exportId, fields as Partial<OrderExportRow>),
      work: (ctx, job, attempts) => this.produce(ctx, { ...job, attempts }),
      maxAttempts: EXPORT_ATTEMPTS,
      onAttemptFailed: (attempts, error) =>
        this.logger.warn({ exportId, attempts, err: String(error) }, 'order export attempt failed'),
    });
  }

  private async produce(ctx: RequestContext, job: OrderExportRow): Promise<void> {
    const filters = loadFilters(job.filters);
    if (job.rowsTotal === null) {
      job.rowsTotal = await this.pages.count(ctx, filters);
      await this.update(ctx, job.id, { rowsTotal: job.rowsTotal });
    }
    if (job.chunkCount === 0) await this.append(ctx, job, csvHeader(), 0, null);
    for await (const page of this.pages.pages(ctx, filters, job.lastOrderId)) {
      await this.append(ctx, job, page.text, page.rows, page.lastOrderId);
    }
    const now = new Date();
    await this.tx.run(async () => {
      await this.update(ctx, job.id, {
        status: 'completed',
        rowsTotal: job.rowsWritten,
        finishedAt: now,
        expiresAt: new Date(now.getTime() + EXPORT_TTL_MS),
      });
      await this.audit.record(ctx, {
        action: 'order.export',
        targetType: 'order_export',
        targetId: job.id,
        summary: { mode: 'job', filters: job.filters, rows: job.rowsWritten, bytes: job.bytes },
      });
    });
  }

  /** One chunk and the counters that describe it, in one transaction. */
  private async append(
    ctx: RequestContext,
    job: OrderExportRow,
    text: string,
    rows: number,
    lastOrderId: string | null,
  ): Promise<void> {
    const next = {
      chunkCount: job.chunkCount + 1,
      rowsWritten: job.rowsWritten + rows,
      bytes: job.bytes + Buffer.byteLength(text),
      lastOrderId: lastOrderId ?? job.lastOrderId,
    };
    await this.tx.run(async () => {
      await this.chunks.insert(ctx, { exportId: job.id, seq: job.chunkCount, data: text });
      await this.update(ctx, job.id, next);
    });
    Object.assign(job, next);
  }

  private async update(ctx: RequestContext, id: string, fields: Partial<OrderExportRow>): Promise<void> {
    await this.tx
      .manager()
      .update(OrderExportRow, { merchantId: ctx.tenantId, id }, { ...fields, updatedAt: new Date() });
  }
}
