import { Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  EventOutbox,
  Id,
  RequestContext,
  formatChinaLocalTime,
} from '@tongdao/kernel';
import { ChannelOrder, OrderIngestion } from '@tongdao/orders';
import { TransactionRunner } from '@tongdao/persistence';
import { ChannelAccountsService } from '../channel-accounts.service';
import { TaobaoAccounts } from './taobao-accounts.service';
import { TopClient, TopCredentials } from './top-client';
import { TopError } from './top-errors';
import { tradeToChannelOrder } from './trade-mapping';

export const TRADE_FIELDS = [
  'tid',
  'status',
  'created',
  'modified',
  'pay_time',
  'alipay_no',
  'buyer_nick',
  'buyer_open_uid',
  'total_fee',
  'post_fee',
  'discount_fee',
  'payment',
  'buyer_message',
  'receiver_name',
  'receiver_mobile',
  'receiver_phone',
  'receiver_state',
  'receiver_city',
  'receiver_district',
  'receiver_address',
  'receiver_zip',
  'orders',
].join(',');

/** trade.fullinfo.get calls in flight at once for one batch of pushed trades. */
const FETCH_PARALLEL = 8;
/** Pushed trades go to ingestion in pages of at most this many. */
const PAGE_SIZE = 100;

/**
 * Taobao trades one by one rather than by window: fetching named trades for the TMC consumer, the account's
 * health (test connection, marking it when Taobao refuses its credentials), and the mapping guard shared
 * with the window sync.
 */
@Injectable()
export class TaobaoTrades {
  private readonly logger = new Logger(TaobaoTrades.name);

  constructor(
    private readonly accounts: TaobaoAccounts,
    private readonly channelAccounts: ChannelAccountsService,
    private readonly top: TopClient,
    private readonly ingestion: OrderIngestion,
    private readonly outbox: EventOutbox,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Fetches named trades in parallel and ingests the ones that came back in one page. Returns the failure of
   * each trade that failed (fetch errors per trade; an ingestion error for all of them); empty when all went in.
   */
  async fetchAndIngest(
    ctx: RequestContext,
    accountId: Id,
    tids: readonly string[],
  ): Promise<Map<string, unknown>> {
    const credentials = await this.usable(ctx, accountId);
    const failures = new Map<string, unknown>();
    const fetched: Array<{ tid: string; order: ChannelOrder }> = [];
    for (let i = 0; i < tids.length; i += FETCH_PARALLEL) {
      await Promise.all(
        tids.slice(i, i + FETCH_PARALLEL).map(async (tid) => {
          try {
            const answer = await this.top.call(credentials, 'taobao.trade.fullinfo.get', {
              tid,
              fields: TRADE_FIELDS,
            });
            const order = this.mapped(answer.trade);
            if (order) fetched.push({ tid, order });
          } catch (error) {
            failures.set(tid, error);
          }
        }),
      );
    }
    for (let i = 0; i < fetched.length; i += PAGE_SIZE) {
      const page = fetched.slice(i, i + PAGE_SIZE);
      try {
        await this.ingestion.ingest(
          ctx,
          accountId,
          page.map((f) => f.order),
        );
      } catch (error) {
        for (const { tid } of page) failures.set(tid, error);
      }
    }
    return failures;
  }

  /** Test connection: one signed call with the stored credentials; an expired session marks the account. */
  async testConnection(
    ctx: RequestContext,
    accountId: Id,
  ): Promise<{ ok: boolean; code: string | null; message: string | null }> {
    const credentials = await this.accounts.credentials(ctx, accountId);
    const now = Date.now();
    try {
      await this.top.call(
        credentials,
        'taobao.trades.sold.increment.get',
        {
          fields: 'tid',
          start_modified: formatChinaLocalTime(new Date(now - 60_000)),
          end_modified: formatChinaLocalTime(new Date(now)),
          page_size: 1,
          use_has_next: true,
        },
        { attempts: 1 },
      );
      if (credentials.status === 'needs_reauth') {
        await this.channelAccounts.setStatus(ctx, accountId, 'active', 'test connection succeeded');
      }
      return { ok: true, code: null, message: null };
    } catch (error) {
      if (!(error instanceof TopError)) throw error;
      await this.markFailure(ctx, accountId, error);
      return { ok: false, code: error.subCode ?? String(error.code), message: error.message };
    }
  }

  /** One unreadable trade must not stall the account: it is logged and skipped; the rest go in. */
  mapped(trade: unknown): ChannelOrder | null {
    try {
      return tradeToChannelOrder(trade as Record<string, unknown>);
    } catch (error) {
      const detail = error instanceof DomainError ? JSON.stringify(error.details) : String(error);
      this.logger.warn({ tid: (trade as { tid?: unknown })?.tid, detail }, 'Taobao trade skipped');
      return null;
    }
  }

  async usable(ctx: RequestContext, accountId: Id): Promise<TopCredentials> {
    const credentials = await this.accounts.credentials(ctx, accountId);
    if (credentials.status !== 'active') {
      throw new ConflictError(
        'channel_account_inactive',
        `The account is ${credentials.status}; connect it again`,
      );
    }
    return credentials;
  }

  /** Records why the account failed; credentials Taobao refused mark it needs_reauth and alert the merchant. */
  async markFailure(ctx: RequestContext, accountId: Id, failure: unknown): Promise<string> {
    const message = (failure instanceof Error ? failure.message : String(failure)).slice(0, 500);
    if (failure instanceof TopError && failure.kind === 'reauthorise') {
      await this.tx.run(async () => {
        await this.channelAccounts.setStatus(ctx, accountId, 'needs_reauth', message);
        await this.outbox.record(ctx, {
          type: 'channel_account.needs_reauth',
          aggregateType: 'channel_account',
          aggregateId: accountId,
          payload: {
            channelAccountId: accountId,
            channelType: 'taobao',
            reason: message,
            at: new Date().toISOString(),
          },
        });
      });
    }
    this.logger.warn({ channelAccountId: accountId, err: message }, 'Taobao sync failed');
    return message;
  }
}
