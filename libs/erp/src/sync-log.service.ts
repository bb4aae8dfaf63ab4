import { Injectable } from '@nestjs/common';
import { Page, PageQuery, RequestContext, pageSize, toPage } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ErpSyncLogRow, SyncLogKind } from './erp.entities';

export interface SyncLogEntry {
  kind: SyncLogKind;
  orderId?: string | null;
  skuId?: string | null;
  erpRef?: string | null;
  outcome: string;
  detail?: string | null;
}

export interface SyncLogView {
  id: string;
  kind: SyncLogKind;
  orderId: string | null;
  skuId: string | null;
  erpRef: string | null;
  outcome: string;
  detail: string | null;
  at: string;
}

export interface SyncLogQuery extends PageQuery {
  orderId?: string;
  skuId?: string;
  kind?: SyncLogKind;
}

/** The per-order and per-SKU trail of the ERP link, newest first. */
@Injectable()
export class ErpSyncLog {
  private readonly rows: TenantRepository<ErpSyncLogRow>;

  constructor(tx: TransactionRunner) {
    this.rows = new TenantRepository(tx, ErpSyncLogRow, 'sync log entry');
  }

  async write(ctx: RequestContext, entries: readonly SyncLogEntry[]): Promise<void> {
    for (const entry of entries) {
      await this.rows.insert(ctx, {
        kind: entry.kind,
        orderId: entry.orderId ?? null,
        skuId: entry.skuId ?? null,
        erpRef: entry.erpRef?.slice(0, 64) ?? null,
        outcome: entry.outcome,
        detail: entry.detail?.slice(0, 500) ?? null,
      });
    }
  }

  async list(ctx: RequestContext, query: SyncLogQuery): Promise<Page<SyncLogView>> {
    const where = {
      ...(query.orderId ? { orderId: query.orderId } : {}),
      ...(query.skuId ? { skuId: query.skuId } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
    };
    return toPage(await this.rows.pageRows(ctx, query, where), pageSize(query), view);
  }
}

function view(row: ErpSyncLogRow): SyncLogView {
  return {
    id: row.id,
    kind: row.kind,
    orderId: row.orderId,
    skuId: row.skuId,
    erpRef: row.erpRef,
    outcome: row.outcome,
    detail: row.detail,
    at: row.createdAt.toISOString(),
  };
}
