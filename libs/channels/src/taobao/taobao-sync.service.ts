import { Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  Id,
  RequestContext,
  ValidationFailedError,
  formatChinaLocalTime,
} from '@tongdao/kernel';
import { ChannelOrder, ChannelRefunds, OrderIngestion } from '@tongdao/orders';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ChannelAccountsService } from '../channel-accounts.service';
import { ChannelSyncLogRow, ChannelSyncState } from '../sync/sync.entities';
import { TRADE_FIELDS, TaobaoTrades } from './taobao-trades.service';
import { TopClient, TopCredentials } from './top-client';
import { REFUND_FIELDS, refundToChannelRefund } from './refund-mapping';
import { listOf } from './trade-mapping';

const DAY_MS = 24 * 60 * 60 * 1000;
/** TOP allows at most one day per increment.get window. */
const WINDOW_MS = DAY_MS;
/** Each run re-reads the last minutes before the cursor: trades whose modified time was written late are not missed. */
const OVERLAP_MS = 5 * 60 * 1000;
/** A fresh account starts with the last day; older trades can be fetched by moving the cursor back. */
const FIRST_LOOKBACK_MS = DAY_MS;
/** Stop short of "now": the platform may still be writing trades with a modified time of this very second. */
const SETTLE_MS = 3_000;
const PAGE_SIZE = 100;
const MAX_BACKFILL_MS = 90 * DAY_MS;

export interface SyncRunView {
  id: string;
  channelAccountId: string;
  trigger: string;
  windowFrom: string | null;
  windowTo: string | null;
  trades: number;
  created: number;
  updated: number;
  outcome: string;
  error: string | null;
  finishedAt: string;
}

export interface SyncStatusView {
  channelAccountId: string;
  accountStatus: string;
  cursor: string | null;
  /** How far behind the channel the desk may be, in seconds (now − cursor). */
  lagSeconds: number | null;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

/**
 * Taobao incremental trade sync (PROTOCOLS §3.5): windows of ≤ 1 day by modified time from the account's
 * cursor (minus an overlap), pages read from the last to the first so trades modified during the run shift
 * into pages already read rather than past us, every page ingested (idempotent), the cursor moved only after
 * a window is fully ingested. At-least-once into an idempotent ingestion: nothing missed, nothing doubled.
 */
@Injectable()
export class TaobaoSync {
  private readonly logger = new Logger(TaobaoSync.name);
  private readonly states: TenantRepository<ChannelSyncState>;
  private readonly log: TenantRepository<ChannelSyncLogRow>;
  private readonly running = new Set<string>();

  constructor(
    tx: TransactionRunner,
    private readonly trades: TaobaoTrades,
    private readonly channelAccounts: ChannelAccountsService,
    private readonly top: TopClient,
    private readonly ingestion: OrderIngestion,
    private readonly channelRefunds: ChannelRefunds,
  ) {
    this.states = new TenantRepository(tx, ChannelSyncState, 'sync state');
    this.log = new TenantRepository(tx, ChannelSyncLogRow, 'sync log');
  }

  /**
   * One run up to `now`. `since` moves the cursor back first (a backfill, at most TOP's three months), for a
   * new store whose older trades should come in too.
   */
  async sync(
    ctx: RequestContext,
    accountId: Id,
    trigger: string,
    now = new Date(),
    since: Date | null = null,
  ): Promise<SyncRunView> {
    if (this.running.has(accountId)) {
      throw new ConflictError('sync_running', 'A sync of this account is already running');
    }
    this.running.add(accountId);
    try {
      if (since) await this.moveCursor(ctx, accountId, since, now);
      return await this.run(ctx, accountId, trigger, now);
    } finally {
      this.running.delete(accountId);
    }
  }

  async status(ctx: RequestContext, accountId: Id, now = new Date()): Promise<SyncStatusView> {
    const account = await this.channelAccounts.get(ctx, accountId);
    const state = await this.states.findOne(ctx, { channelAccountId: accountId });
    return {
      channelAccountId: accountId,
      accountStatus: account.status,
      cursor: state?.cursor?.toISOString() ?? null,
      lagSeconds: state?.cursor
        ? Math.max(0, Math.round((now.getTime() - state.cursor.getTime()) / 1000))
        : null,
      lastRunAt: state?.lastRunAt?.toISOString() ?? null,
      lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
      lastError: state?.lastError ?? null,
    };
  }

  async history(ctx: RequestContext, accountId: Id, limit = 50): Promise<SyncRunView[]> {
    await this.channelAccounts.get(ctx, accountId);
    const rows = await this.log.find(
      ctx,
      { channelAccountId: accountId },
      { id: 'DESC' },
      Math.min(limit, 200),
    );
    return rows.map(runView);
  }

  private async run(ctx: RequestContext, accountId: Id, trigger: string, now: Date): Promise<SyncRunView> {
    const state = await this.stateOf(ctx, accountId);
    const totals = { trades: 0, created: 0, updated: 0 };
    const start = new Date((state.cursor?.getTime() ?? now.getTime() - FIRST_LOOKBACK_MS) - OVERLAP_MS);
    const end = new Date(now.getTime() - SETTLE_MS);
    let error: string | null = null;
    try {
      const credentials = await this.trades.usable(ctx, accountId);
      for (let from = start; from < end;) {
        const to = new Date(Math.min(from.getTime() + WINDOW_MS, end.getTime()));
        await this.syncWindow(ctx, accountId, credentials, from, to, totals);
        state.cursor = to;
        await this.states.save(ctx, state);
        from = to;
      }
    } catch (failure) {
      error = await this.trades.markFailure(ctx, accountId, failure);
    }
    state.lastRunAt = new Date();
    state.lastError = error;
    if (!error) state.lastSuccessAt = state.lastRunAt;
    await this.states.save(ctx, state);
    const row = await this.log.insert(ctx, {
      channelAccountId: accountId,
      trigger,
      windowFrom: start,
      windowTo: error ? state.cursor : end,
      trades: totals.trades,
      createdCount: totals.created,
      updatedCount: totals.updated,
      outcome: error ? 'failed' : 'ok',
      error,
      finishedAt: new Date(),
    });
    return runView(row);
  }

  private async syncWindow(
    ctx: RequestContext,
    accountId: Id,
    credentials: TopCredentials,
    from: Date,
    to: Date,
    totals: { trades: number; created: number; updated: number },
  ): Promise<void> {
    const window = { credentials, from, to };
    await this.eachPage(
      window,
      'taobao.trades.sold.increment.get',
      TRADE_FIELDS,
      'trades',
      'trade',
      async (rows) => {
        const orders = rows
          .map((trade) => this.trades.mapped(trade))
          .filter((o): o is ChannelOrder => o !== null);
        if (orders.length === 0) return;
        const results = await this.ingestion.ingest(ctx, accountId, orders);
        totals.trades += orders.length;
        totals.created += results.filter((r) => r.outcome === 'created').length;
        totals.updated += results.filter((r) => r.outcome === 'updated').length;
      },
    );
    // Refunds after the trades, so their orders exist.
    await this.eachPage(
      window,
      'taobao.refunds.receive.get',
      REFUND_FIELDS,
      'refunds',
      'refund',
      async (rows) => {
        for (const raw of rows) {
          try {
            const refund = refundToChannelRefund(raw);
            if (refund) await this.channelRefunds.record(ctx, accountId, refund);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            this.logger.warn({ refundId: raw.refund_id, err: error.message }, 'Taobao refund skipped');
          }
        }
      },
    );
  }

  /**
   * Every page of a modified-time window, from the last to the first: rows modified while we read move
   * towards the first pages, which are still to come, instead of past us.
   */
  private async eachPage(
    window: { credentials: TopCredentials; from: Date; to: Date },
    method: string,
    fields: string,
    listName: string,
    element: string,
    handle: (rows: Array<Record<string, unknown>>) => Promise<void>,
  ): Promise<void> {
    const page = (pageNo: number) =>
      this.top.call(window.credentials, method, {
        fields,
        start_modified: formatChinaLocalTime(window.from),
        end_modified: formatChinaLocalTime(window.to),
        page_no: pageNo,
        page_size: PAGE_SIZE,
      });
    const first = await page(1);
    const pages = Math.max(1, Math.ceil(Number(first.total_results ?? 0) / PAGE_SIZE));
    for (let pageNo = pages; pageNo >= 1; pageNo--) {
      const answer = pageNo === 1 ? first : await page(pageNo);
      await handle(listOf(answer[listName], element));
    }
  }

  private async moveCursor(ctx: RequestContext, accountId: Id, since: Date, now: Date): Promise<void> {
    assertBackfill(since, now);
    const state = await this.stateOf(ctx, accountId);
    if (state.cursor && state.cursor <= since) return;
    state.cursor = since;
    await this.states.save(ctx, state);
  }

  private async stateOf(ctx: RequestContext, accountId: Id): Promise<ChannelSyncState> {
    const found = await this.states.findOne(ctx, { channelAccountId: accountId });
    if (found) return found;
    return this.states.insert(ctx, {
      channelAccountId: accountId,
      cursor: null,
      lastRunAt: null,
      lastSuccessAt: null,
      lastError: null,
    });
  }
}

function runView(row: ChannelSyncLogRow): SyncRunView {
  return {
    id: row.id,
    channelAccountId: row.channelAccountId,
    trigger: row.trigger,
    windowFrom: row.windowFrom?.toISOString() ?? null,
    windowTo: row.windowTo?.toISOString() ?? null,
    trades: row.trades,
    created: row.createdCount,
    updated: row.updatedCount,
    outcome: row.outcome,
    error: row.error,
    finishedAt: row.finishedAt.toISOString(),
  };
}

/** A backfill start TOP can serve: in the past, at most 90 days back. */
export function assertBackfill(since: Date, now = new Date()): void {
  if (!(since.getTime() < now.getTime()) || now.getTime() - since.getTime() > MAX_BACKFILL_MS) {
    throw new ValidationFailedError('invalid_since', 'since must be in the last 90 days', [
      { field: 'since', problem: 'a time in the last 90 days (TOP keeps three months)' },
    ]);
  }
}
