import { Injectable, Logger } from '@nestjs/common';
import { JobData, JobHandler, JobQueue, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ErpConnections } from '../connection/erp-connections.service';
import { ErpConnector, ErpOrder, ErpUploadOutcome } from '../connector/erp-connector';
import { ErpError } from '../connector/erp-errors';
import { ErpConnectionRow, ErpOrderLinkRow, LinkState } from '../erp.entities';
import { ErpOptions } from '../erp-options';
import { ErpSyncLog, SyncLogEntry } from '../sync-log.service';
import { ErpOrderBuilder } from './erp-order-builder';
import { LinkOutcome, OrderLinks } from './order-links';

export const ERP_UPLOAD_JOB = 'erp.upload';
const THROTTLED_DELAY_MS = 1000;
/** Rounds one job runs at most before handing over to a fresh job (keeps one merchant from holding a worker). */
const MAX_ROUNDS = 200;

export interface UploadRunSummary {
  rounds: number;
  settled: Partial<Record<LinkState, number>>;
}

/**
 * Sends a merchant's queued orders to its ERP in rounds of up to 50 (one call each). An order leaves the queue
 * as uploaded (with the ERP's id), rejected (the ERP's reason; not retried) or — after `maxAttempts` failed
 * calls with exponential backoff — dead; both of the last two are the dead letters staff replay. A call that
 * timed out may have been stored: the retry repeats the same so_id, and the ERP answers with the same o_id.
 */
@Injectable()
export class ErpUploader {
  private readonly logger = new Logger(ErpUploader.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly connections: ErpConnections,
    private readonly links: OrderLinks,
    private readonly builder: ErpOrderBuilder,
    private readonly log: ErpSyncLog,
    private readonly queue: JobQueue,
    private readonly options: ErpOptions,
  ) {}

  /** Wakes the merchant's uploader at the end of the batching window holding `at`; events within share it. */
  async kick(merchantId: string, at: Date = new Date()): Promise<void> {
    const window = this.options.batchWindowMs;
    const slot = Math.floor(at.getTime() / window) + 1;
    await this.queue.enqueue(
      ERP_UPLOAD_JOB,
      { merchantId },
      { jobId: `erp-upload:${merchantId}:${slot}`, delayMs: Math.max(0, slot * window - Date.now()) },
    );
  }

  @JobHandler(ERP_UPLOAD_JOB, { attempts: 3, backoffMs: 2000, concurrency: 4 })
  async run(data: JobData): Promise<void> {
    if (!data.merchantId) return;
    await this.uploadDue(RequestContext.system(data.merchantId, `erp-upload:${newId()}`));
  }

  /** Rounds until nothing due is left, then a wake-up for the next retry. */
  async uploadDue(ctx: RequestContext): Promise<UploadRunSummary> {
    const summary: UploadRunSummary = { rounds: 0, settled: {} };
    const connection = await this.connections.require(ctx).catch(() => null);
    if (!connection || connection.status !== 'active') return summary;
    const connector = this.connections.connector(ctx, connection);
    while (summary.rounds < MAX_ROUNDS) {
      const claimed = await this.links.claim(ctx, this.options.uploadBatch, this.options.leaseMs);
      if (claimed.length === 0) break;
      summary.rounds += 1;
      const stop = await this.round(ctx, connection, connector, claimed, summary);
      if (stop) return summary;
    }
    const next = summary.rounds >= MAX_ROUNDS ? new Date() : await this.links.nextDue(ctx);
    if (next) await this.kick(ctx.tenantId, next);
    return summary;
  }

  /** One call for the claimed orders; true when the connection stopped working. */
  private async round(
    ctx: RequestContext,
    connection: ErpConnectionRow,
    connector: ErpConnector,
    claimed: ErpOrderLinkRow[],
    summary: UploadRunSummary,
  ): Promise<boolean> {
    const outcomes = new Map<string, LinkOutcome>();
    const ready: Array<{ link: ErpOrderLinkRow; order: ErpOrder }> = [];
    const built = await Promise.all(claimed.map((l) => this.builder.build(ctx, connection, l.orderId)));
    claimed.forEach((link, i) => {
      const order = built[i];
      if (order.kind === 'ready') ready.push({ link, order: order.order });
      else if (order.kind === 'withdrawn') outcomes.set(link.id, { kind: 'withdrawn' });
      else outcomes.set(link.id, { kind: 'rejected', reason: `not sent: ${order.reason}` });
    });
    let authError: ErpError | null = null;
    try {
      await this.send(connector, ready, outcomes);
    } catch (error) {
      if (!(error instanceof ErpError) || error.kind !== 'auth') throw error;
      authError = error;
      for (const { link } of ready)
        outcomes.set(link.id, { kind: 'released', delayMs: 0, error: error.message });
    }
    await this.record(ctx, claimed, outcomes, summary);
    if (authError) await this.connections.markFailed(ctx, connection, authError);
    return authError !== null;
  }

  /**
   * The call, its outcomes per order. A refusal of the whole call (bad data in one order spoils the batch)
   * is retried order by order, so only the faulty order is rejected. Auth failures propagate.
   */
  private async send(
    connector: ErpConnector,
    ready: ReadonlyArray<{ link: ErpOrderLinkRow; order: ErpOrder }>,
    outcomes: Map<string, LinkOutcome>,
  ): Promise<void> {
    if (ready.length === 0) return;
    let results: ErpUploadOutcome[];
    try {
      results = await connector.uploadOrders(ready.map((r) => r.order));
    } catch (error) {
      if (!(error instanceof ErpError)) {
        const message = error instanceof Error ? error.message : String(error);
        for (const { link } of ready) outcomes.set(link.id, { kind: 'failed', error: message });
        return;
      }
      if (error.kind === 'auth') throw error;
      if (error.kind === 'reject' && ready.length > 1) {
        for (const one of ready) await this.send(connector, [one], outcomes);
        return;
      }
      for (const { link } of ready) outcomes.set(link.id, outcomeOf(error));
      return;
    }
    ready.forEach(({ link }, i) => {
      const result = results[i];
      outcomes.set(
        link.id,
        result.kind === 'stored'
          ? { kind: 'stored', erpOrderId: result.erpOrderId }
          : { kind: 'rejected', reason: result.reason },
      );
    });
  }

  private async record(
    ctx: RequestContext,
    claimed: readonly ErpOrderLinkRow[],
    outcomes: ReadonlyMap<string, LinkOutcome>,
    summary: UploadRunSummary,
  ): Promise<void> {
    await this.tx.run(async () => {
      const settled = await this.links.settle(
        ctx,
        claimed.map((link) => ({ link, outcome: outcomes.get(link.id)! })),
        this.options,
      );
      const entries: SyncLogEntry[] = [];
      for (const { link, state } of settled) {
        summary.settled[state] = (summary.settled[state] ?? 0) + 1;
        const entry = logEntry(link, outcomes.get(link.id)!, state);
        if (entry) entries.push(entry);
      }
      await this.log.write(ctx, entries);
    });
    const dead = claimed.filter((l) => outcomes.get(l.id)?.kind === 'failed').length;
    if (dead > 0) this.logger.warn({ merchantId: ctx.tenantId, failed: dead }, 'ERP upload failed; retrying');
  }
}

function outcomeOf(error: ErpError): LinkOutcome {
  if (error.kind === 'throttled')
    return { kind: 'released', delayMs: THROTTLED_DELAY_MS, error: error.message };
  if (error.kind === 'reject') return { kind: 'rejected', reason: error.message };
  return { kind: 'failed', error: error.message };
}

function logEntry(link: ErpOrderLinkRow, outcome: LinkOutcome, state: LinkState): SyncLogEntry | null {
  const base = { kind: 'order_upload' as const, orderId: link.orderId };
  switch (outcome.kind) {
    case 'stored':
      return {
        ...base,
        outcome: 'uploaded',
        erpRef: outcome.erpOrderId,
        detail: link.attempts > 0 ? `stored on attempt ${link.attempts + 1}` : null,
      };
    case 'rejected':
      return { ...base, outcome: 'rejected', detail: outcome.reason };
    case 'withdrawn':
      return { ...base, outcome: 'withdrawn', detail: 'closed before it reached the ERP' };
    case 'failed':
      return {
        ...base,
        outcome: state === 'dead' ? 'dead' : 'retry',
        detail: `attempt ${link.attempts + 1}: ${outcome.error}`,
      };
    case 'released':
      return null;
  }
}
