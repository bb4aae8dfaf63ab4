import { createHash } from 'node:crypto';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { ConflictError, Id, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ChannelAccount } from '../../channel-account.entity';
import { TaobaoAccounts } from '../taobao-accounts.service';
import { TaobaoTrades } from '../taobao-trades.service';
import { TopError } from '../top-errors';
import { TmcConnection, TmcConnectionStatus, TmcEndpoint, TmcHandler } from './tmc-connection';
import { TradeBatcher } from './trade-batcher';
import { routeOf, TMC_DEFAULT_GROUP } from './tmc-protocol';

/** How often connected/disconnected/re-authorised accounts are noticed. */
export const TMC_REFRESH_MS = 30_000;

interface Consumed {
  /** Changes when the account's TMC URL, app key or secret change (a reconnect with new credentials). */
  fingerprint: string;
  connection: TmcConnection;
}

export interface TmcConsumerStatus extends TmcConnectionStatus {
  channelAccountId: string;
}

/**
 * Near-real-time Taobao: one TMC connection per active Taobao account, each trade or refund message turned
 * into a fetch of that trade (`trade.fullinfo.get`) through the idempotent, versioned ingestion, and the
 * message confirmed only once that committed. Duplicates and disorder are harmless for that reason; a
 * message whose ingestion failed is answered Failed and comes back. The 60 s reconcile poll stays the safety
 * net for anything TMC never delivers. Runs only in processes that run jobs; several such processes share
 * each account's TMC group, so each message goes to one of them.
 */
@Injectable()
export class TaobaoTmcConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(TaobaoTmcConsumer.name);
  private readonly consumed = new Map<Id, Consumed>();
  private readonly sessionChecks = new Set<Id>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionRunner,
    private readonly accounts: TaobaoAccounts,
    private readonly trades: TaobaoTrades,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RUN_JOBS === 'off') return;
    this.running = true;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), TMC_REFRESH_MS);
    this.timer.unref();
  }

  /** Stops while the database is still open, so messages being handled can commit and be confirmed. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }

  /**
   * Connects accounts that became active, drops those that left (disconnected, needs_reauth, disabled) and
   * restarts those whose credentials changed. Runs on a timer; callable after connecting an account.
   */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.reconcile())
      .catch((error: unknown) => this.logger.error({ err: String(error) }, 'TMC account refresh failed'));
    return this.refreshing;
  }

  status(): TmcConsumerStatus[] {
    return [...this.consumed].map(([channelAccountId, c]) => ({
      channelAccountId,
      ...c.connection.status(),
    }));
  }

  private async reconcile(): Promise<void> {
    if (!this.running) return;
    const rows = await this.tx.dataSource.manager.find(ChannelAccount, {
      where: { type: 'taobao', status: 'active' },
      select: { id: true, merchantId: true },
    });
    const wanted = new Map<Id, { merchantId: Id; endpoint: TmcEndpoint; fingerprint: string } | 'keep'>();
    for (const row of rows) {
      try {
        const ctx = RequestContext.system(row.merchantId, `taobao-tmc:${row.id}`);
        const c = await this.accounts.credentials(ctx, row.id);
        if (c.status !== 'active' || !c.appKey || !c.appSecret || !/^wss?:\/\//.test(c.tmcUrl)) continue;
        const endpoint = {
          url: c.tmcUrl,
          appKey: c.appKey,
          appSecret: c.appSecret,
          group: TMC_DEFAULT_GROUP,
        };
        const fingerprint = createHash('sha256')
          .update([endpoint.url, endpoint.appKey, endpoint.appSecret, endpoint.group].join('\n'))
          .digest('hex');
        wanted.set(row.id, { merchantId: row.merchantId, endpoint, fingerprint });
      } catch (error) {
        // Not a reason to drop a running connection: a blip reading one account must not stop its consumer.
        if (!(error instanceof ValidationFailedError)) wanted.set(row.id, 'keep');
        this.logger.warn(
          { channelAccountId: row.id, err: String(error) },
          'TMC: account credentials unreadable',
        );
      }
    }
    for (const [accountId, current] of this.consumed) {
      const next = wanted.get(accountId);
      if (next === 'keep' || next?.fingerprint === current.fingerprint) continue;
      this.consumed.delete(accountId);
      await current.connection.stop();
      this.logger.log(
        { channelAccountId: accountId, reason: next ? 'credentials changed' : 'account not active' },
        'TMC consumer stopped',
      );
    }
    for (const [accountId, next] of wanted) {
      if (next === 'keep' || this.consumed.has(accountId) || !this.running) continue;
      const connection = new TmcConnection(
        next.endpoint,
        this.handlerFor(accountId, next.merchantId),
        this.logger,
        { channelAccountId: accountId, appKey: next.endpoint.appKey },
      );
      this.consumed.set(accountId, { fingerprint: next.fingerprint, connection });
      connection.start();
    }
  }

  private handlerFor(accountId: Id, merchantId: Id): TmcHandler {
    const batcher = new TradeBatcher((tids) =>
      this.trades.fetchAndIngest(
        RequestContext.system(merchantId, `taobao-tmc:${accountId}`),
        accountId,
        tids,
      ),
    );
    return async (delivery) => {
      const route = routeOf(delivery);
      const log = { channelAccountId: accountId, messageId: delivery.id, topic: delivery.topic };
      if (route.action === 'ignore') {
        this.logger.debug({ ...log, reason: route.reason }, 'TMC message confirmed without action');
        return;
      }
      const ctx = RequestContext.system(merchantId, `taobao-tmc:${delivery.id}`);
      try {
        await batcher.add(route.tid);
      } catch (error) {
        if (isPermanent(error)) {
          // Redelivery would fail the same way forever; the reconcile poll still covers the trade.
          this.logger.warn({ ...log, tid: route.tid, err: String(error) }, 'TMC message dropped');
          return;
        }
        if (error instanceof TopError && error.kind === 'reauthorise') this.checkSession(ctx, accountId);
        if (error instanceof ConflictError && error.code === 'channel_account_inactive') void this.refresh();
        throw error;
      }
    };
  }

  /** An expired session: TaobaoTrades' test call marks the account (and alerts); the refresh lets it go. */
  private checkSession(ctx: RequestContext, accountId: Id): void {
    if (this.sessionChecks.has(accountId)) return;
    this.sessionChecks.add(accountId);
    void this.trades
      .testConnection(ctx, accountId)
      .then(() => this.refresh())
      .catch((error: unknown) =>
        this.logger.warn({ channelAccountId: accountId, err: String(error) }, 'TMC: session check failed'),
      )
      .finally(() => this.sessionChecks.delete(accountId));
  }

  private async stopAll(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const all = [...this.consumed.values()];
    this.consumed.clear();
    await Promise.all(all.map((c) => c.connection.stop()));
  }
}

/** Failures that another delivery cannot fix: TOP refusing the call itself, or a trade we cannot read. */
function isPermanent(error: unknown): boolean {
  if (error instanceof TopError) return error.kind === 'fail';
  return error instanceof ValidationFailedError && error.code !== 'not_a_taobao_account';
}
