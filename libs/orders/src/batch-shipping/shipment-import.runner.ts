import { Injectable, Logger } from '@nestjs/common';
import { OrderAccessPolicy, StaffService } from '@tongdao/identity';
import {
  DomainError,
  ErrorDetail,
  JobData,
  JobHandler,
  NotFoundError,
  RequestContext,
  ValidationFailedError,
} from '@tongdao/kernel';
import { TenantRepository, TransactionRunner, isUniqueViolation } from '@tongdao/persistence';
import { OrderRow } from '../entities';
import { runTrackedJob } from '../export/staff-job-context';
import { OrderFulfilment } from '../order-fulfilment.service';
import { ShipmentRowInput, parseShipmentRow, readShipmentHeader, shipmentRecords } from './shipment-csv';
import { ShipmentImportResultRow, ShipmentImportRow } from './shipment-import.entities';
import { SHIPMENT_IMPORT_JOB } from './shipment-imports.service';

const IMPORT_ATTEMPTS = 3;

type Outcome = Omit<
  ShipmentImportResultRow,
  'id' | 'merchantId' | 'createdAt' | 'updatedAt' | 'importId' | 'rowNo'
>;

/**
 * Ships each row of an uploaded file through OrderFulfilment.ship as the uploader (their tier, their name
 * in the audit log). A row's shipment and its outcome row commit together, and outcomes are unique per
 * (import, row), so a retried job resumes after the last finished row and never ships a row twice. A bad
 * row is reported and the next one goes on.
 */
@Injectable()
export class ShipmentImportRunner {
  private readonly logger = new Logger(ShipmentImportRunner.name);
  private readonly imports: TenantRepository<ShipmentImportRow>;
  private readonly results: TenantRepository<ShipmentImportResultRow>;
  private readonly orders: TenantRepository<OrderRow>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly fulfilment: OrderFulfilment,
    private readonly access: OrderAccessPolicy,
    private readonly staff: StaffService,
  ) {
    this.imports = new TenantRepository(tx, ShipmentImportRow, 'shipment import');
    this.results = new TenantRepository(tx, ShipmentImportResultRow, 'shipment import row');
    this.orders = new TenantRepository(tx, OrderRow, 'order');
  }

  @JobHandler(SHIPMENT_IMPORT_JOB, { attempts: IMPORT_ATTEMPTS, backoffMs: 2000, concurrency: 2 })
  run(data: JobData): Promise<void> {
    const importId = String(data.importId);
    const system = RequestContext.system(String(data.merchantId), `shipment-import-${importId}`);
    return runTrackedJob(this.staff, system, {
      load: (ctx) => this.imports.findById(ctx, importId),
      update: (ctx, fields) => this.update(ctx, importId, fields as Partial<ShipmentImportRow>),
      work: async (ctx) => {
        await this.process(ctx, importId);
        await this.update(system, importId, { status: 'completed', finishedAt: new Date(), csvText: '' });
      },
      maxAttempts: IMPORT_ATTEMPTS,
      onAttemptFailed: (attempts, error) =>
        this.logger.warn({ importId, attempts, err: String(error) }, 'shipment import attempt failed'),
    });
  }

  private async process(ctx: RequestContext, importId: string): Promise<void> {
    const stored = await this.imports
      .query(ctx, 'i')
      .addSelect('i.csvText')
      .andWhere('i.id = :id', { id: importId })
      .getOneOrFail();
    const [head, ...records] = shipmentRecords(stored.csvText);
    const header = readShipmentHeader(head.cells);
    const last = await this.results
      .query(ctx, 'r')
      .andWhere('r.importId = :importId', { importId })
      .orderBy('r.rowNo', 'DESC')
      .getOne();
    const doneUpTo = last?.rowNo ?? 1;
    for (const record of records) {
      if (record.row <= doneUpTo) continue;
      const parsed = parseShipmentRow(header, record);
      if (!parsed.ok) {
        await this.recordError(ctx, importId, record.row, null, {
          code: 'invalid_row',
          message: 'The row is not a valid shipment',
          fields: parsed.fields,
        });
        continue;
      }
      await this.shipRow(ctx, importId, parsed.value);
    }
  }

  private async shipRow(ctx: RequestContext, importId: string, input: ShipmentRowInput): Promise<void> {
    let orderId: string | null = input.orderId;
    try {
      orderId = orderId ?? (await this.orderByExternalId(ctx, input.externalOrderId!));
      const resolved = orderId;
      await this.tx.run(async () => {
        const shipment = await this.fulfilment.ship(ctx, resolved, {
          carrierCode: input.carrierCode,
          trackingNo: input.trackingNo,
          ...(input.line ? { lines: [input.line] } : {}),
        });
        await this.insertOutcome(ctx, importId, input.row, {
          outcome: 'shipped',
          orderId: resolved,
          shipmentId: shipment.id,
          errorCode: null,
          errorMessage: null,
          errorFields: null,
        });
      });
    } catch (error) {
      // Another run of this job already finished the row: its outcome stands and the shipment rolled back.
      if (isUniqueViolation(error)) return;
      if (!(error instanceof DomainError)) {
        this.logger.warn({ importId, row: input.row, err: String(error) }, 'shipment row failed');
      }
      await this.recordError(ctx, importId, input.row, orderId, {
        code: error instanceof DomainError ? error.code : 'ship_failed',
        message: error instanceof DomainError ? error.message : 'The shipment could not be recorded',
        fields: error instanceof DomainError ? error.details : [],
      });
    }
  }

  /** Among the orders the uploader can see; the same external id may exist on two channel accounts. */
  private async orderByExternalId(ctx: RequestContext, externalOrderId: string): Promise<string> {
    const candidates = (await this.orders.find(ctx, { externalOrderId })).filter((o) =>
      this.access.canSee(ctx, o),
    );
    if (candidates.length === 0) throw new NotFoundError('order', externalOrderId);
    if (candidates.length > 1) {
      throw new ValidationFailedError('ambiguous_order', 'Several orders have this external order id', [
        { field: 'external_order_id', problem: 'use order_id instead' },
      ]);
    }
    return candidates[0].id;
  }

  private async recordError(
    ctx: RequestContext,
    importId: string,
    row: number,
    orderId: string | null,
    error: { code: string; message: string; fields: ErrorDetail[] },
  ): Promise<void> {
    try {
      await this.insertOutcome(ctx, importId, row, {
        outcome: 'error',
        orderId,
        shipmentId: null,
        errorCode: error.code.slice(0, 64),
        errorMessage: error.message.slice(0, 500),
        errorFields: error.fields,
      });
    } catch (insertError) {
      if (!isUniqueViolation(insertError)) throw insertError;
    }
  }

  private async insertOutcome(
    ctx: RequestContext,
    importId: string,
    rowNo: number,
    o: Outcome,
  ): Promise<void> {
    await this.results.insert(ctx, { importId, ...o, rowNo });
  }

  private async update(ctx: RequestContext, id: string, fields: Partial<ShipmentImportRow>): Promise<void> {
    await this.tx
      .manager()
      .update(ShipmentImportRow, { merchantId: ctx.tenantId, id }, { ...fields, updatedAt: new Date() });
  }
}
