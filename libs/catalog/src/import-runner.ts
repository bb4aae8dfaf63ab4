import { Injectable, Logger } from '@nestjs/common';
import { JobData, JobHandler, RequestContext } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TransactionRunner } from '@tongdao/persistence';
import { sameAttributes } from './attributes';
import { CatalogEventWriter } from './catalog-events';
import { ImportHeader, ImportRow, ParsedRow, parseImportRecord, readImportHeader } from './csv-rows';
import { csvRecords } from './csv-source';
import { CatalogImport, ImportRowError, Product, Sku } from './entities';
import { IMPORT_JOB } from './imports.service';
import { ListingsService } from './listings.service';
import { attributesAgainstDefs } from './products.service';
import { CatalogRepositories } from './repositories';

const IMPORT_ATTEMPTS = 3;
const BATCH_ROWS = 500;
/** errorCount counts every bad row; the stored list keeps the first ones so the status stays small. */
export const MAX_REPORTED_ERRORS = 1000;

interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  badRows: number;
}

/**
 * Runs one CSV import in batches of BATCH_ROWS rows. Each batch — its SKUs, products, events, listing
 * matches and the progress counters — commits in one transaction, so a retried job resumes after the last
 * committed batch and counts stay exact. Rows upsert by SKU code; a bad row is reported and skipped.
 */
@Injectable()
export class CatalogImportRunner {
  private readonly logger = new Logger(CatalogImportRunner.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repos: CatalogRepositories,
    private readonly listings: ListingsService,
    private readonly events: CatalogEventWriter,
    private readonly audit: AuditLog,
  ) {}

  @JobHandler(IMPORT_JOB, { attempts: IMPORT_ATTEMPTS, backoffMs: 2000, concurrency: 2 })
  async run(data: JobData): Promise<void> {
    const importId = String(data.importId);
    const ctx = RequestContext.system(String(data.merchantId), `catalog-import-${importId}`);
    const job = await this.repos.imports.findById(ctx, importId);
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    const attempts = job.attempts + 1;
    await this.repos.imports.updateFields(ctx, job.id, {
      status: 'running',
      attempts,
      startedAt: job.startedAt ?? new Date(),
    });
    try {
      await this.process(ctx, job);
    } catch (error) {
      this.logger.warn({ importId, attempts, err: String(error) }, 'catalog import attempt failed');
      if (attempts < IMPORT_ATTEMPTS) throw error;
      await this.repos.imports.updateFields(ctx, job.id, {
        status: 'failed',
        failureReason: String(error).slice(0, 500),
        finishedAt: new Date(),
      });
    }
  }

  private async process(ctx: RequestContext, job: CatalogImport): Promise<void> {
    const stored = await this.repos.imports
      .query(ctx, 'i')
      .addSelect('i.csvText')
      .andWhere('i.id = :id', { id: job.id })
      .getOneOrFail();
    // Rows an earlier attempt already committed are skipped, not redone.
    const alreadyDone = job.processedRows;
    let header: ImportHeader | null = null;
    let seen = 0;
    let batch: ParsedRow[] = [];
    for await (const record of csvRecords(stored.csvText)) {
      if (!header) {
        header = readImportHeader(record.cells);
        continue;
      }
      seen += 1;
      if (seen <= alreadyDone) continue;
      batch.push(parseImportRecord(header, record.cells, record.row));
      if (batch.length >= BATCH_ROWS) {
        await this.commitBatch(ctx, job.id, batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.commitBatch(ctx, job.id, batch);
    await this.tx.run(async () => {
      const done = await this.repos.imports.getById(ctx, job.id);
      // The file is dropped once done: the status and row errors are what staff need afterwards.
      await this.repos.imports.updateFields(ctx, job.id, {
        status: 'completed',
        finishedAt: new Date(),
        csvText: '',
      });
      await this.audit.record(ctx, {
        action: 'catalog.import.complete',
        targetType: 'catalog_import',
        targetId: job.id,
        summary: {
          requestedBy: done.requestedBy,
          processedRows: done.processedRows,
          created: done.createdCount,
          updated: done.updatedCount,
          unchanged: done.unchangedCount,
          errorRows: done.errorCount,
        },
      });
    });
  }

  private async commitBatch(ctx: RequestContext, importId: string, batch: ParsedRow[]): Promise<void> {
    await this.tx.run(async () => {
      const outcome = await this.upsertRows(ctx, batch);
      const job = await this.repos.imports.getById(ctx, importId);
      const room = Math.max(0, MAX_REPORTED_ERRORS - job.errors.length);
      await this.repos.imports.updateFields(ctx, importId, {
        processedRows: job.processedRows + batch.length,
        createdCount: job.createdCount + outcome.created,
        updatedCount: job.updatedCount + outcome.updated,
        unchangedCount: job.unchangedCount + outcome.unchanged,
        errorCount: job.errorCount + outcome.badRows,
        ...(outcome.errors.length > 0 && room > 0
          ? { errors: [...job.errors, ...outcome.errors.slice(0, room)] }
          : {}),
      });
    });
  }

  private async upsertRows(ctx: RequestContext, batch: ParsedRow[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { created: 0, updated: 0, unchanged: 0, errors: [], badRows: 0 };
    const rows: ImportRow[] = [];
    for (const parsed of batch) {
      if (parsed.ok) rows.push(parsed.value);
      else
        this.reject(
          outcome,
          parsed.errors.map((e) => ({ row: parsed.row, ...e })),
        );
    }
    if (rows.length === 0) return outcome;

    const products = await this.productsByTitle(ctx, rows);
    const byCode = new Map(
      (
        await this.repos.skus.findIn(
          ctx,
          'code',
          rows.map((r) => r.code),
        )
      ).map((s) => [s.code, s]),
    );
    const fresh = new Map<string, Sku>();
    const changedFields = new Map<Sku, Set<string>>();

    for (const row of rows) {
      const product = products.get(row.productTitle) as Product;
      const attributesProblem = row.attributes
        ? attributesAgainstDefs(row.attributes, product.attributeDefs)
        : null;
      if (attributesProblem) {
        this.reject(outcome, [{ row: row.row, field: 'attributes', problem: attributesProblem }]);
        continue;
      }
      const sku = byCode.get(row.code);
      if (!sku) {
        const created = this.repos.skus.create(ctx, {
          productId: product.id,
          code: row.code,
          attributes: row.attributes ?? {},
          priceFen: row.priceFen,
          barcode: row.barcode,
          weightGrams: row.weightGrams,
          status: 'active',
        });
        byCode.set(row.code, created);
        fresh.set(row.code, created);
        outcome.created += 1;
        continue;
      }
      const changed = applyRow(sku, row, product.id);
      if (changed.length === 0) {
        outcome.unchanged += 1;
        continue;
      }
      outcome.updated += 1;
      if (fresh.has(row.code)) continue; // a later row of the same file for a SKU this batch creates
      const fields = changedFields.get(sku) ?? new Set<string>();
      changed.forEach((f) => fields.add(f));
      changedFields.set(sku, fields);
    }

    await this.repos.skus.insertMany(ctx, [...fresh.values()]);
    for (const sku of fresh.values()) await this.events.skuCreated(ctx, sku);
    for (const [sku, fields] of changedFields) {
      await this.repos.skus.updateFields(ctx, sku.id, {
        productId: sku.productId,
        priceFen: sku.priceFen,
        barcode: sku.barcode,
        weightGrams: sku.weightGrams,
        attributes: sku.attributes,
      });
      await this.events.skuUpdated(ctx, sku, [...fields]);
    }
    await this.listings.autoMatchNewSkus(ctx, [...fresh.values()]);
    return outcome;
  }

  /** The oldest active product of each title; titles nobody has yet get a new product. */
  private async productsByTitle(ctx: RequestContext, rows: ImportRow[]): Promise<Map<string, Product>> {
    const found = await this.repos.products.findIn(
      ctx,
      'title',
      rows.map((r) => r.productTitle),
    );
    const byTitle = new Map<string, Product>();
    for (const p of found.filter((f) => f.status === 'active').sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (!byTitle.has(p.title)) byTitle.set(p.title, p);
    }
    const created: Product[] = [];
    for (const row of rows) {
      if (byTitle.has(row.productTitle)) continue;
      const product = this.repos.products.create(ctx, {
        title: row.productTitle,
        description: null,
        status: 'active',
        attributeDefs: null,
      });
      byTitle.set(row.productTitle, product);
      created.push(product);
    }
    await this.repos.products.insertMany(ctx, created);
    return byTitle;
  }

  private reject(outcome: BatchOutcome, errors: ImportRowError[]): void {
    outcome.badRows += 1;
    outcome.errors.push(...errors);
  }
}

/** Applies a row to an existing SKU in memory; returns the fields that changed. Blank cells change nothing. */
function applyRow(sku: Sku, row: ImportRow, productId: string): string[] {
  const changed: string[] = [];
  if (sku.productId !== productId) {
    sku.productId = productId;
    changed.push('productId');
  }
  if (sku.priceFen !== row.priceFen) {
    sku.priceFen = row.priceFen;
    changed.push('priceFen');
  }
  if (row.barcode !== null && sku.barcode !== row.barcode) {
    sku.barcode = row.barcode;
    changed.push('barcode');
  }
  if (row.weightGrams !== null && sku.weightGrams !== row.weightGrams) {
    sku.weightGrams = row.weightGrams;
    changed.push('weightGrams');
  }
  if (row.attributes !== null && !sameAttributes(sku.attributes, row.attributes)) {
    sku.attributes = row.attributes;
    changed.push('attributes');
  }
  return changed;
}
