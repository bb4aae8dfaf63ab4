import { Injectable, Logger } from '@nestjs/common';
import { JobQueue, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { StockPushStateRow } from './entities';
import { InventoryOptions } from './options';
import { execute, int, select } from './sql';

export const STOCK_PUSH_JOB = 'inventory.stock-push';

/**
 * Coalesces stock pushes per SKU. The job id is `stock-push:<state id>:<generation>`; the generation moves
 * forward the moment a push job starts (StockPushJob.claim). So:
 * - changes made while a push job waits share its id, and the queue keeps one job (the coalescing);
 * - a change made while the job runs reads the moved generation and enqueues a fresh job, which a running or
 *   completed job with the old id cannot swallow — and if the change read the old generation, it committed
 *   before the job's claim, so the running job's figures already include it.
 */
@Injectable()
export class StockPushScheduler {
  private readonly logger = new Logger(StockPushScheduler.name);
  /** SKUs being scheduled by this process; `again` = a change committed since that run started. */
  private readonly inFlight = new Map<string, { again: boolean }>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: JobQueue,
    private readonly options: InventoryOptions,
  ) {}

  /**
   * After-commit entry point: returns at once. Per SKU, one scheduling runs at a time in this process; requests
   * arriving meanwhile collapse into one more run after it, which reads the generation after their commits —
   * so a hot SKU costs a few schedulings a second, not one per change.
   */
  request(merchantId: string, skuId: string): void {
    const key = `${merchantId}:${skuId}`;
    const state = this.inFlight.get(key);
    if (state) {
      state.again = true;
      return;
    }
    const flight = { again: false };
    this.inFlight.set(key, flight);
    void (async () => {
      do {
        flight.again = false;
        await this.schedule(merchantId, skuId);
      } while (flight.again);
      this.inFlight.delete(key);
    })();
  }

  /** Never throws (the change is committed whatever happens to its push). */
  async schedule(merchantId: string, skuId: string): Promise<void> {
    try {
      const state = await this.state(merchantId, skuId);
      await this.queue.enqueue(
        STOCK_PUSH_JOB,
        { merchantId, skuId },
        { jobId: `stock-push:${state.id}:${state.generation}`, delayMs: this.options.pushDelayMs },
      );
    } catch (error) {
      this.logger.warn(
        { merchantId, skuId, err: String(error) },
        'could not schedule a stock push; marked dirty',
      );
      // The reservation sweep picks dirty SKUs up again.
      await execute(
        this.tx.dataSource.manager,
        'UPDATE stock_push_state SET dirty = ? WHERE merchant_id = ? AND sku_id = ?',
        [1, merchantId, skuId],
      ).catch(() => undefined);
    }
  }

  async state(merchantId: string, skuId: string): Promise<{ id: string; generation: number }> {
    const manager = this.tx.dataSource.manager;
    const sql = 'SELECT id, generation FROM stock_push_state WHERE merchant_id = ? AND sku_id = ?';
    let rows = await select<{ id: string; generation: unknown }>(manager, sql, [merchantId, skuId]);
    if (rows.length === 0) {
      const now = new Date();
      await manager
        .createQueryBuilder()
        .insert()
        .into(StockPushStateRow)
        .values({
          id: newId(),
          merchantId,
          skuId,
          generation: 0,
          dirty: false,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute();
      rows = await select(manager, sql, [merchantId, skuId]);
    }
    return { id: rows[0].id, generation: int(rows[0].generation) };
  }

  /** Re-schedules pushes whose scheduling failed earlier (queue outage). Returns how many. */
  async rescheduleDirty(limit = 500): Promise<number> {
    const manager = this.tx.dataSource.manager;
    const rows = await select<{ id: string; merchantId: string; skuId: string }>(
      manager,
      'SELECT id, merchant_id AS merchantId, sku_id AS skuId FROM stock_push_state WHERE dirty = ? LIMIT ?',
      [1, limit],
    );
    let count = 0;
    for (const row of rows) {
      const claimed = await execute(
        manager,
        'UPDATE stock_push_state SET dirty = ? WHERE id = ? AND dirty = ?',
        [0, row.id, 1],
      );
      if (claimed === 0) continue;
      await this.schedule(row.merchantId, row.skuId);
      count += 1;
    }
    return count;
  }
}
