import { Injectable, Logger } from '@nestjs/common';
import { JobQueue, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { StockPushStateRow } from './entities';
import { InventoryOptions } from './options';
import { execute, int, select } from './sql';

export const STOCK_PUSH_JOB = 'inventory.stock-push';

/** How long "job of generation g is queued" is trusted without asking Redis again (a lost job is re-added). */
const ENQUEUED_TRUST_MS = 10_000;
const IN_LIST = 500;

/**
 * Coalesces stock pushes per SKU. The job id is `stock-push:<state id>:<generation>`; the generation moves
 * forward the moment a push job starts (StockPushJob.claim). So:
 * - changes made while a push job waits share its id, and the queue keeps one job (the coalescing);
 * - a change made while the job runs reads the moved generation and enqueues a fresh job, which a running or
 *   completed job with the old id cannot swallow — and if the change read the old generation, it committed
 *   before the job's claim, so the running job's figures already include it.
 * It follows that a change which reads generation g after its commit, when this process already queued the
 * job of generation g, needs no enqueue at all: that job has not claimed yet, so it will see the change.
 */
@Injectable()
export class StockPushScheduler {
  private readonly logger = new Logger(StockPushScheduler.name);
  /** SKUs asked for since the running drain took its batch, by merchant. */
  private pending = new Map<string, Set<string>>();
  private draining = false;
  /** Per push state: the generation whose job this process queued, and until when that is trusted. */
  private readonly enqueued = new Map<string, { generation: number; until: number }>();

  constructor(
    private readonly tx: TransactionRunner,
    private readonly queue: JobQueue,
    private readonly options: InventoryOptions,
  ) {}

  request(merchantId: string, skuId: string): void {
    this.requestMany(merchantId, [skuId]);
  }

  /**
   * After-commit entry point: returns at once. One drain runs at a time in this process; SKUs asked for
   * meanwhile collapse into its next round, which reads the generations after their commits — so a page
   * touching hundreds of SKUs costs one read per merchant, and a queue add only for SKUs whose job moved on.
   */
  requestMany(merchantId: string, skuIds: readonly string[]): void {
    let set = this.pending.get(merchantId);
    if (!set) this.pending.set(merchantId, (set = new Set()));
    for (const id of skuIds) set.add(id);
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      while (this.pending.size > 0) {
        const batch = this.pending;
        this.pending = new Map();
        for (const [merchant, skus] of batch) await this.scheduleMany(merchant, [...skus]);
      }
      this.draining = false;
    })();
  }

  /** Never throws (the change is committed whatever happens to its push). */
  async schedule(merchantId: string, skuId: string): Promise<void> {
    await this.scheduleMany(merchantId, [skuId]);
  }

  /** Never throws; SKUs whose push could not be queued are marked dirty for the sweep. */
  async scheduleMany(merchantId: string, skuIds: readonly string[]): Promise<void> {
    let failedSkus: string[] = [];
    try {
      const states = await this.states(merchantId, skuIds);
      const now = Date.now();
      const adds = [...states].filter(([, state]) => {
        const known = this.enqueued.get(state.id);
        return !known || known.generation !== state.generation || known.until < now;
      });
      const results = await Promise.allSettled(
        adds.map(([skuId, state]) =>
          this.queue.enqueue(
            STOCK_PUSH_JOB,
            { merchantId, skuId },
            { jobId: `stock-push:${state.id}:${state.generation}`, delayMs: this.options.pushDelayMs },
          ),
        ),
      );
      if (this.enqueued.size > 200_000) this.enqueued.clear();
      results.forEach((result, i) => {
        const [skuId, state] = adds[i];
        if (result.status === 'fulfilled') {
          this.enqueued.set(state.id, { generation: state.generation, until: now + ENQUEUED_TRUST_MS });
        } else {
          failedSkus.push(skuId);
          this.enqueued.delete(state.id);
        }
      });
      if (failedSkus.length > 0)
        throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
    } catch (error) {
      if (failedSkus.length === 0) failedSkus = [...skuIds];
      this.logger.warn(
        { merchantId, skus: failedSkus.length, err: String(error) },
        'could not schedule stock pushes; marked dirty',
      );
      // The reservation sweep picks dirty SKUs up again.
      for (let i = 0; i < failedSkus.length; i += IN_LIST) {
        const chunk = failedSkus.slice(i, i + IN_LIST);
        await execute(
          this.tx.dataSource.manager,
          `UPDATE stock_push_state SET dirty = ? WHERE merchant_id = ? AND sku_id IN (${chunk.map(() => '?').join(', ')})`,
          [1, merchantId, ...chunk],
        ).catch(() => undefined);
      }
    }
  }

  async state(merchantId: string, skuId: string): Promise<{ id: string; generation: number }> {
    return (await this.states(merchantId, [skuId])).get(skuId)!;
  }

  /** Push state per SKU, created on first use (racing creators end with one row). */
  async states(
    merchantId: string,
    skuIds: readonly string[],
  ): Promise<Map<string, { id: string; generation: number }>> {
    const manager = this.tx.dataSource.manager;
    const found = new Map<string, { id: string; generation: number }>();
    const read = async (ids: readonly string[]): Promise<void> => {
      for (let i = 0; i < ids.length; i += IN_LIST) {
        const chunk = ids.slice(i, i + IN_LIST);
        const rows = await select<{ id: string; skuId: string; generation: unknown }>(
          manager,
          `SELECT id, sku_id AS skuId, generation FROM stock_push_state
            WHERE merchant_id = ? AND sku_id IN (${chunk.map(() => '?').join(', ')})`,
          [merchantId, ...chunk],
        );
        for (const row of rows) found.set(row.skuId, { id: row.id, generation: int(row.generation) });
      }
    };
    await read(skuIds);
    const missing = skuIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const now = new Date();
      await manager
        .createQueryBuilder()
        .insert()
        .into(StockPushStateRow)
        .values(
          missing.map((skuId) => ({
            id: newId(),
            merchantId,
            skuId,
            generation: 0,
            dirty: false,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .orIgnore()
        .updateEntity(false)
        .execute();
      await read(missing);
    }
    return found;
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
