import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobData, JobHandler, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { StockPushRow } from './entities';
import { NoAdapterStockPublisher, StockPublisher, StockPushItem, StockPushOutcome } from './ports';
import { execute, int, select } from './sql';
import { StockQueries } from './stock-queries.service';
import { STOCK_PUSH_JOB, StockPushScheduler } from './stock-push.scheduler';

interface StockPushJobData extends JobData {
  merchantId: string;
  skuId: string;
}

/**
 * Sends the publishable figures of one SKU to every channel it is listed on. See StockPushScheduler for how
 * the generation makes a burst of changes one push while never losing a change that lands mid-push.
 */
@Injectable()
export class StockPushJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(StockPushJob.name);
  private publisher: StockPublisher = new NoAdapterStockPublisher();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly queries: StockQueries,
    private readonly scheduler: StockPushScheduler,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** A StockPublisher provided anywhere in the application (channel adapters, tests) replaces the default. */
  onApplicationBootstrap(): void {
    try {
      this.publisher = this.moduleRef.get(StockPublisher, { strict: false });
    } catch {
      this.publisher = new NoAdapterStockPublisher();
    }
  }

  usePublisher(publisher: StockPublisher): void {
    this.publisher = publisher;
  }

  @JobHandler(STOCK_PUSH_JOB, { attempts: 5, backoffMs: 1000, concurrency: 8 })
  async run(data: JobData): Promise<void> {
    const { merchantId, skuId } = data as StockPushJobData;
    const ctx = RequestContext.system(merchantId, `stock-push:${skuId}`);
    const generation = await this.claim(merchantId, skuId);
    const items = await this.queries.publishPlan(ctx, skuId);
    if (items.length === 0) return;
    // A job that started after this one read fresher figures; publishing ours now could overwrite them.
    if ((await this.generation(merchantId, skuId)) !== generation) return;
    const outcomes = await this.publisher.publish(ctx, items);
    await this.log(merchantId, skuId, generation, items, outcomes);
    // A later job may have published before us; make sure the last word is the latest figure.
    if ((await this.generation(merchantId, skuId)) !== generation) {
      await this.scheduler.schedule(merchantId, skuId);
    }
  }

  /** Moves the SKU's generation forward: from now on, changes schedule a new job instead of joining this one. */
  private async claim(merchantId: string, skuId: string): Promise<number> {
    await this.scheduler.state(merchantId, skuId);
    return this.tx.run(async (manager) => {
      await execute(
        manager,
        'UPDATE stock_push_state SET generation = generation + 1 WHERE merchant_id = ? AND sku_id = ?',
        [merchantId, skuId],
      );
      const [row] = await select<{ generation: unknown }>(
        manager,
        'SELECT generation FROM stock_push_state WHERE merchant_id = ? AND sku_id = ?',
        [merchantId, skuId],
      );
      return int(row.generation);
    });
  }

  private async generation(merchantId: string, skuId: string): Promise<number> {
    return (await this.scheduler.state(merchantId, skuId)).generation;
  }

  private async log(
    merchantId: string,
    skuId: string,
    generation: number,
    items: StockPushItem[],
    outcomes: StockPushOutcome[],
  ): Promise<void> {
    const byListing = new Map(outcomes.map((o) => [o.listingId, o]));
    const now = new Date();
    const rows = items.map((item) => {
      const outcome = byListing.get(item.listingId);
      return {
        id: newId(),
        merchantId,
        skuId,
        channelAccountId: item.channelAccountId,
        channelType: item.channelType,
        listingId: item.listingId,
        channelItemId: item.channelItemId,
        channelSkuId: item.channelSkuId,
        quantity: item.quantity,
        status: outcome?.status ?? 'failed',
        detail:
          (outcome ? (outcome.detail ?? null) : 'the publisher reported no outcome')?.slice(0, 500) ?? null,
        generation,
        createdAt: now,
        updatedAt: now,
      };
    });
    await this.tx.dataSource.getRepository(StockPushRow).insert(rows);
    const failed = rows.filter((r) => r.status === 'failed').length;
    if (failed > 0) this.logger.warn({ merchantId, skuId, failed }, 'some stock pushes failed');
  }
}
