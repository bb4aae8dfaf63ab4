import { Injectable } from '@nestjs/common';
import { AuditLog } from '@tongdao/identity';
import { ConflictError, Page, PageQuery, RequestContext } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import {
  ConnectionTestResult,
  ErpConnectionInput,
  ErpConnectionView,
  ErpConnections,
} from './connection/erp-connections.service';
import { ErpSyncLog, SyncLogQuery, SyncLogView } from './sync-log.service';
import { ErpSync, SyncRunSummary } from './sync/erp-sync.service';
import { ErpUploader } from './uploads/erp-uploader';
import { OrderLinkView, OrderLinks, linkView } from './uploads/order-links';

/** The back office's view of the ERP link: connection, trail, dead letters and replay, "sync now". */
@Injectable()
export class ErpAdmin {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly connections: ErpConnections,
    private readonly links: OrderLinks,
    private readonly uploader: ErpUploader,
    private readonly sync: ErpSync,
    private readonly log: ErpSyncLog,
    private readonly audit: AuditLog,
  ) {}

  /** Saving (or replacing) the connection wakes the uploader: orders held while it was broken go now. */
  async putConnection(ctx: RequestContext, input: ErpConnectionInput): Promise<ErpConnectionView> {
    const view = await this.connections.put(ctx, input);
    await this.uploader.kick(ctx.tenantId);
    return view;
  }

  getConnection(ctx: RequestContext): Promise<ErpConnectionView> {
    return this.connections.get(ctx);
  }

  async testConnection(ctx: RequestContext): Promise<ConnectionTestResult> {
    const result = await this.connections.test(ctx);
    if (result.ok) await this.uploader.kick(ctx.tenantId);
    return result;
  }

  syncLog(ctx: RequestContext, query: SyncLogQuery): Promise<Page<SyncLogView>> {
    return this.log.list(ctx, query);
  }

  deadLetters(
    ctx: RequestContext,
    query: PageQuery & { state?: 'dead' | 'rejected' },
  ): Promise<Page<OrderLinkView>> {
    return this.links.deadLetters(ctx, query);
  }

  /** A dead or rejected order goes back to the queue with a fresh retry budget. */
  async replay(ctx: RequestContext, linkId: string): Promise<OrderLinkView> {
    const view = await this.tx.run(async () => {
      const link = await this.links.get(ctx, linkId);
      const moved = await this.links.move(ctx, link.id, ['dead', 'rejected'], {
        state: 'queued',
        attempts: 0,
        nextAttemptAt: new Date(),
        lastError: null,
        rejectReason: null,
      });
      if (!moved)
        throw new ConflictError(
          'not_a_dead_letter',
          `order ${link.orderId} is ${link.state}, not dead or rejected`,
          [{ field: 'state', problem: 'dead or rejected' }],
        );
      await this.log.write(ctx, [
        { kind: 'order_upload', orderId: link.orderId, outcome: 'replayed', detail: `was ${link.state}` },
      ]);
      await this.audit.record(ctx, {
        action: 'erp.dead_letter.replay',
        targetType: 'order',
        targetId: link.orderId,
        summary: { linkId: link.id, was: link.state, attempts: link.attempts },
      });
      return linkView(await this.links.get(ctx, linkId));
    });
    await this.uploader.kick(ctx.tenantId);
    return view;
  }

  async syncNow(ctx: RequestContext): Promise<SyncRunSummary> {
    const summary = await this.sync.pull(ctx);
    await this.audit.record(ctx, {
      action: 'erp.sync',
      targetType: 'erp_connection',
      targetId: (await this.connections.get(ctx)).id,
      summary: { ...summary },
    });
    return summary;
  }
}
