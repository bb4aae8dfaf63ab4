import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import {
  ConflictError,
  JobData,
  JobHandler,
  JobQueue,
  PeriodicTask,
  RequestContext,
  newId,
} from '@tongdao/kernel';
import { ErpConnections } from '../connection/erp-connections.service';
import { ErpError } from '../connector/erp-errors';
import { ErpOptions } from '../erp-options';
import { ErpSyncLog } from '../sync-log.service';
import { ErpUploader } from '../uploads/erp-uploader';
import { OrderLinks } from '../uploads/order-links';
import { ErpShipmentPull, ShipmentPullSummary } from './shipment-pull';
import { ErpStockPull, StockPullSummary } from './stock-pull';

export const ERP_SWEEP_JOB = 'erp.sweep';
export const ERP_PULL_JOB = 'erp.pull';

export interface SyncRunSummary {
  shipments: Omit<ShipmentPullSummary, 'until'> | null;
  /** null when the merchant keeps stock in Tongdao (stockSource tongdao). */
  stock: Omit<StockPullSummary, 'until'> | null;
  error: string | null;
}

/**
 * Back from the ERP, per connection: shipments first (so a parcel the ERP just sent commits our reservation
 * before its lower count arrives), then stock. Every pullIntervalMs a sweep fans out one pull job per active
 * connection and wakes uploaders whose orders are due but were never woken (a lost wake-up, a crashed worker).
 */
@Injectable()
export class ErpSync extends PeriodicTask {
  constructor(
    config: AppConfig,
    private readonly queue: JobQueue,
    private readonly connections: ErpConnections,
    private readonly stock: ErpStockPull,
    private readonly shipments: ErpShipmentPull,
    private readonly links: OrderLinks,
    private readonly uploader: ErpUploader,
    private readonly log: ErpSyncLog,
    private readonly options: ErpOptions,
  ) {
    super(queue, {
      jobName: ERP_SWEEP_JOB,
      intervalMs: options.pullIntervalMs,
      inProcess: config.jobsKind === 'in-process',
      logger: new Logger(ErpSync.name),
    });
  }

  protected tick(): Promise<unknown> {
    return this.sweep();
  }

  @JobHandler(ERP_SWEEP_JOB, { attempts: 1, backoffMs: 1000, concurrency: 1 })
  runSweep(): Promise<void> {
    return this.onScheduledJob();
  }

  @JobHandler(ERP_PULL_JOB, { attempts: 3, backoffMs: 5000, concurrency: 2 })
  async runPull(data: JobData): Promise<void> {
    if (!data.merchantId) return;
    await this.pull(RequestContext.system(data.merchantId, `erp-pull:${newId()}`));
  }

  async sweep(): Promise<void> {
    const slot = Math.floor(Date.now() / this.options.pullIntervalMs);
    for (const { merchantId } of await this.connections.allActive()) {
      await this.queue.enqueue(ERP_PULL_JOB, { merchantId }, { jobId: `erp-pull:${merchantId}:${slot}` });
    }
    for (const merchantId of await this.links.merchantsWithDue()) await this.uploader.kick(merchantId);
  }

  /** Pull now (staff's "sync now", and the scheduled job). */
  async pull(ctx: RequestContext): Promise<SyncRunSummary> {
    const connection = await this.connections.require(ctx);
    if (connection.status !== 'active')
      throw new ConflictError('erp_connection_not_active', `The ERP connection is ${connection.status}`, [
        { field: 'status', problem: 'test or replace the connection first' },
      ]);
    const connector = this.connections.connector(ctx, connection);
    const summary: SyncRunSummary = { shipments: null, stock: null, error: null };
    try {
      const shipped = await this.shipments.pull(ctx, connection, connector);
      await this.connections.saveCursors(ctx, connection, { shipmentCursor: shipped.until });
      summary.shipments = { seen: shipped.seen, shipped: shipped.shipped, skipped: shipped.skipped };
      if (connection.stockSource === 'erp') {
        const counted = await this.stock.pull(ctx, connection, connector);
        await this.connections.saveCursors(ctx, connection, { stockCursor: counted.until });
        summary.stock = {
          seen: counted.seen,
          adjusted: counted.adjusted,
          unknown: counted.unknown,
          failed: counted.failed,
        };
      }
    } catch (error) {
      if (!(error instanceof ErpError)) throw error;
      summary.error = error.message;
      if (error.kind === 'auth') await this.connections.markFailed(ctx, connection, error);
      else await this.log.write(ctx, [{ kind: 'connection', outcome: 'pull_failed', detail: error.message }]);
    }
    return summary;
  }
}
