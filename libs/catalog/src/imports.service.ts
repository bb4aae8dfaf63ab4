import { Injectable } from '@nestjs/common';
import { DomainError, Id, JobQueue, RequestContext } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TransactionRunner } from '@tongdao/persistence';
import { inspectCsv } from './csv-source';
import { CatalogRepositories } from './repositories';
import { ImportView, importView } from './views';

export const IMPORT_JOB = 'catalog.import';

/** Accepts CSV uploads and reports their progress; the work itself is done by CatalogImportRunner. */
@Injectable()
export class CatalogImportsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: CatalogRepositories,
    private readonly queue: JobQueue,
    private readonly audit: AuditLog,
  ) {}

  /** Checks the file (syntax, header; 400 if unusable), stores it, queues the import. */
  async start(ctx: RequestContext, csvText: string): Promise<{ importId: Id; totalRows: number }> {
    const { totalRows } = await inspectCsv(csvText);
    const row = await this.tx.run(async () => {
      const created = await this.repos.imports.insert(ctx, {
        status: 'queued',
        csvText,
        totalRows,
        errors: [],
        requestedBy: ctx.staffId,
      });
      await this.audit.record(ctx, {
        action: 'catalog.import.start',
        targetType: 'catalog_import',
        targetId: created.id,
        summary: { totalRows, bytes: Buffer.byteLength(csvText) },
      });
      return created;
    });
    try {
      await this.queue.enqueue(
        IMPORT_JOB,
        { merchantId: ctx.tenantId, importId: row.id },
        { jobId: `${IMPORT_JOB}:${row.id}` },
      );
    } catch (error) {
      await this.repos.imports.updateFields(ctx, row.id, {
        status: 'failed',
        failureReason: 'the job queue was unavailable; upload the file again',
        finishedAt: new Date(),
      });
      throw new DomainError(503, 'queue_unavailable', 'The import could not be queued; try again shortly', [
        { field: '(queue)', problem: String(error).slice(0, 200) },
      ]);
    }
    return { importId: row.id, totalRows };
  }

  async get(ctx: RequestContext, id: Id): Promise<ImportView> {
    return importView(await this.repos.imports.getById(ctx, id));
  }
}
