import { Injectable } from '@nestjs/common';
import { NoAdapterStockPublisher, StockPublisher, StockPushItem, StockPushOutcome } from '@tongdao/inventory';
import { DomainError, RequestContext } from '@tongdao/kernel';
import { TaobaoAccounts } from './taobao-accounts.service';
import { TopClient, TopCredentials } from './top-client';
import { TopError } from './top-errors';

/**
 * The inventory push contract for Taobao: `taobao.item.quantity.update` with the full publishable quantity
 * (type 1) per SKU, so a repeated push is harmless. Listings of other channels are skipped until their
 * drivers exist. A transient failure (rate limit, isp.) throws so the push job retries the batch.
 */
@Injectable()
export class TaobaoStockPublisher extends StockPublisher {
  private readonly noDriver = new NoAdapterStockPublisher();
  constructor(
    private readonly accounts: TaobaoAccounts,
    private readonly top: TopClient,
  ) {
    super();
  }

  async publish(ctx: RequestContext, items: StockPushItem[]): Promise<StockPushOutcome[]> {
    const credentials = new Map<string, Promise<(TopCredentials & { status: string }) | null>>();
    const outcomes: StockPushOutcome[] = [];
    let transient: TopError | null = null;
    for (const item of items) {
      if (item.channelType !== 'taobao') {
        outcomes.push(...(await this.noDriver.publish(ctx, [item])));
        continue;
      }
      try {
        if (!credentials.has(item.channelAccountId))
          credentials.set(item.channelAccountId, this.accounts.credentials(ctx, item.channelAccountId));
        const account = await credentials.get(item.channelAccountId)!.catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'not_a_taobao_account') return null;
          throw error;
        });
        if (!account) {
          outcomes.push({
            listingId: item.listingId,
            status: 'skipped',
            detail: 'account has no Taobao credentials',
          });
          continue;
        }
        if (account.status !== 'active') {
          outcomes.push({
            listingId: item.listingId,
            status: 'skipped',
            detail: `account ${account.status}`,
          });
          continue;
        }
        await this.top.call(account, 'taobao.item.quantity.update', {
          num_iid: item.channelItemId,
          sku_id: item.channelSkuId,
          quantity: item.quantity,
          type: 1,
        });
        outcomes.push({ listingId: item.listingId, status: 'pushed' });
      } catch (error) {
        if (error instanceof TopError && error.kind === 'retry') transient = error;
        outcomes.push({
          listingId: item.listingId,
          status: 'failed',
          detail: (error instanceof Error ? error.message : String(error)).slice(0, 200),
        });
      }
    }
    if (transient) throw transient;
    return outcomes;
  }
}
