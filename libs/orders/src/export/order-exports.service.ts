import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '@tongdao/identity';
import { ConflictError, DomainError, Id, JobQueue, NotFoundError, RequestContext } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { In } from 'typeorm';
import { OrderDeskFilters } from '../desk-query';
import { csvHeader } from './csv-format';
import { OrderExportChunkRow, OrderExportRow } from './export.entities';
import { OrderExportView, exportView } from './export.view';
import { OrderCsvPages } from './order-csv-pages';
import { snapshotActor } from './staff-job-context';
import { storeFilters } from './stored-filters';

export const ORDER_EXPORT_JOB = 'orders.export';
/** Exported files hold buyer data: they are kept a day after they finish, then deleted. */
export const EXPORT_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * CSV exports of the order desk: streamed straight to the caller, or produced by a job (the api and the
 * worker may be different machines, so the file is stored in the database in chunks) and downloaded later.
 */
@Injectable()
export class OrderExports {
  private readonly exports: TenantRepository<OrderExportRow>;
  private readonly chunks: TenantRepository<OrderExportChunkRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly pages: OrderCsvPages,
    private readonly queue: JobQueue,
    private readonly audit: AuditLog,
  ) {
    this.exports = new TenantRepository(tx, OrderExportRow, 'order export');
    this.chunks = new TenantRepository(tx, OrderExportChunkRow, 'order export chunk');
  }

  /**
   * The CSV as a stream that reads the next page only when the client has taken the previous one. The
   * audit row (filters, rows sent, whether the client read to the end) is written when the stream ends.
   */
  stream(ctx: RequestContext, filters: OrderDeskFilters): Readable {
    this.pages.assertCanRead(ctx);
    return Readable.from(this.streamText(ctx, filters), { objectMode: false });
  }

  private async *streamText(ctx: RequestContext, filters: OrderDeskFilters): AsyncGenerator<string> {
    let rows = 0;
    let complete = false;
    try {
      yield csvHeader();
      for await (const page of this.pages.pages(ctx, filters, null)) {
        rows += page.rows;
        yield page.text;
      }
      complete = true;
    } finally {
      await this.audit.record(ctx, {
        action: 'order.export',
        targetType: 'order',
        targetId: null,
        summary: { mode: 'stream', filters: storeFilters(filters), rows, complete },
      });
    }
  }

  async start(ctx: RequestContext, filters: OrderDeskFilters): Promise<OrderExportView> {
    this.pages.assertCanRead(ctx);
    await this.purgeExpired(ctx);
    const row = await this.tx.run(async () => {
      const created = await this.exports.insert(ctx, {
        status: 'queued',
        filters: storeFilters(filters),
        actor: snapshotActor(ctx),
        requestedBy: ctx.staffId,
        rowsTotal: null,
        rowsWritten: 0,
        chunkCount: 0,
        bytes: 0,
        lastOrderId: null,
        attempts: 0,
        failureReason: null,
        startedAt: null,
        finishedAt: null,
        expiresAt: new Date(Date.now() + EXPORT_TTL_MS),
      });
      await this.audit.record(ctx, {
        action: 'order.export.start',
        targetType: 'order_export',
        targetId: created.id,
        summary: { filters: created.filters },
      });
      return created;
    });
    try {
      await this.queue.enqueue(
        ORDER_EXPORT_JOB,
        { merchantId: ctx.tenantId, exportId: row.id },
        { jobId: `${ORDER_EXPORT_JOB}:${row.id}` },
      );
    } catch (error) {
      await this.tx
        .manager()
        .update(
          OrderExportRow,
          { merchantId: ctx.tenantId, id: row.id },
          { status: 'failed', failureReason: 'the job queue was unavailable', finishedAt: new Date() },
        );
      throw new DomainError(503, 'queue_unavailable', 'The export could not be queued; try again shortly', [
        { field: '(queue)', problem: String(error).slice(0, 200) },
      ]);
    }
    return exportView(row);
  }

  async get(ctx: RequestContext, id: Id): Promise<OrderExportView> {
    return exportView(await this.own(ctx, id));
  }

  /** The stored file, a chunk at a time. 409 while it is being produced, 410 once expired. */
  async download(ctx: RequestContext, id: Id): Promise<{ fileName: string; body: Readable }> {
    const row = await this.own(ctx, id);
    if (row.expiresAt.getTime() <= Date.now())
      throw new DomainError(410, 'export_expired', 'This export has expired; start a new one');
    if (row.status !== 'completed') {
      throw new ConflictError('export_not_ready', `The export is ${row.status}`, [
        { field: 'status', problem: `${row.status}; download once completed` },
      ]);
    }
    const chunks = this.chunks;
    async function* body(): AsyncGenerator<string> {
      for (let seq = 0; seq < row.chunkCount; seq += 1) {
        const chunk = await chunks.findOne(ctx, { exportId: row.id, seq });
        if (!chunk) throw new Error(`export ${row.id} lost chunk ${seq}`);
        yield chunk.data;
      }
    }
    return { fileName: `orders-${row.id}.csv`, body: Readable.from(body(), { objectMode: false }) };
  }

  /**
   * An export holds what its requester was allowed to see (maybe unmasked buyer data), so it is shown to
   * that requester only; to anyone else it does not exist.
   */
  private async own(ctx: RequestContext, id: Id): Promise<OrderExportRow> {
    const row = await this.exports.findById(ctx, id);
    if (!row || row.requestedBy !== ctx.staffId) throw new NotFoundError('order export', id);
    return row;
  }

  /**
   * Expired files are deleted when the merchant starts a new export, so no sweeper is needed to keep the
   * chunks table small; the small export row stays so its link answers 410 rather than 404.
   */
  private async purgeExpired(ctx: RequestContext): Promise<void> {
    const expired = await this.exports
      .query(ctx, 'e')
      .andWhere('e.expiresAt < :now AND e.chunkCount > 0', { now: new Date() })
      .take(100)
      .getMany();
    if (expired.length === 0) return;
    const ids = expired.map((e) => e.id);
    await this.tx.run(async () => {
      await this.chunks.delete(ctx, { exportId: In(ids) });
      await this.tx
        .manager()
        .update(OrderExportRow, { merchantId: ctx.tenantId, id: In(ids) }, { chunkCount: 0, bytes: 0 });
    });
  }
}
