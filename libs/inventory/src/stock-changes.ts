import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOutbox, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { LedgerType } from './entities';
import { Dialect, execute, int, select, sqlTime } from './sql';
import { StockPushScheduler } from './stock-push.scheduler';

/** A level as it is right after a change, read inside the changing transaction (we hold its row lock). */
export interface LevelSnapshot {
  id: string;
  skuId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  version: number;
}

export interface StockChange {
  type: LedgerType;
  quantity: number;
  onHandDelta: number;
  reservedDelta: number;
  reason: string;
  reservationId?: string | null;
  reference?: { type: string; id: string } | null;
  note?: string | null;
}

/** The changes one transaction made to one level, in the order they were applied; `after` is the level after all. */
export interface LevelChanges {
  ctx: RequestContext;
  after: LevelSnapshot;
  changes: ReadonlyArray<{ ctx: RequestContext; change: StockChange }>;
}

export interface StockChangedPayload {
  skuId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  sellable: number;
  reason: string;
}

export function sellableOf(level: Pick<LevelSnapshot, 'onHand' | 'reserved' | 'safetyStock'>): number {
  return Math.max(0, level.onHand - level.reserved - level.safetyStock);
}

const LEDGER_ROW = `(${new Array(21).fill('?').join(', ')})`;

const LEVEL_COLUMNS =
  'id, sku_id AS skuId, warehouse_id AS warehouseId, on_hand AS onHand, reserved, safety_stock AS safetyStock, version';

export async function readLevel(
  manager: EntityManager,
  merchantId: string,
  skuId: string,
  warehouseId: string,
): Promise<LevelSnapshot | null> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT ${LEVEL_COLUMNS} FROM stock_levels WHERE merchant_id = ? AND sku_id = ? AND warehouse_id = ?`,
    [merchantId, skuId, warehouseId],
  );
  return rows[0] ? toSnapshot(rows[0]) : null;
}

export async function readLevelById(
  manager: EntityManager,
  merchantId: string,
  levelId: string,
): Promise<LevelSnapshot | null> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT ${LEVEL_COLUMNS} FROM stock_levels WHERE merchant_id = ? AND id = ?`,
    [merchantId, levelId],
  );
  return rows[0] ? toSnapshot(rows[0]) : null;
}

function toSnapshot(row: Record<string, unknown>): LevelSnapshot {
  return {
    id: String(row.id),
    skuId: String(row.skuId),
    warehouseId: String(row.warehouseId),
    onHand: int(row.onHand),
    reserved: int(row.reserved),
    safetyStock: int(row.safetyStock),
    version: int(row.version),
  };
}

/**
 * The one place a stock change is written down: its ledger row, its `stock.changed` event (same transaction),
 * and, once committed, the coalesced push to the channels.
 */
@Injectable()
export class StockChangeRecorder {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly pushes: StockPushScheduler,
  ) {}

  get dialect(): Dialect {
    return this.tx.dialect;
  }

  async record(ctx: RequestContext, after: LevelSnapshot, change: StockChange): Promise<void> {
    await this.recordLevels([{ ctx, after, changes: [{ ctx, change }] }]);
  }

  /**
   * The changes of one transaction to one or more levels (a batch of reservations): one ledger row per change,
   * chained per level so every row's before/after figures are exact (the first row starts from the figures
   * before the batch, the last ends at `after`), all in one multi-row INSERT; then one `stock.changed` event
   * per level carrying its final figures, and one coalesced push per SKU once committed.
   */
  async recordLevels(groups: readonly LevelChanges[]): Promise<void> {
    const at = sqlTime(this.tx.dialect, new Date());
    const params: unknown[] = [];
    let rows = 0;
    for (const { ctx, after, changes } of groups) {
      let onHand = after.onHand - changes.reduce((sum, c) => sum + c.change.onHandDelta, 0);
      let reserved = after.reserved - changes.reduce((sum, c) => sum + c.change.reservedDelta, 0);
      for (const { ctx: actorCtx, change } of changes) {
        const onHandAfter = onHand + change.onHandDelta;
        const reservedAfter = reserved + change.reservedDelta;
        params.push(
          newId(),
          ctx.tenantId,
          after.skuId,
          after.warehouseId,
          after.id,
          change.type,
          change.quantity,
          change.onHandDelta,
          change.reservedDelta,
          onHand,
          onHandAfter,
          reserved,
          reservedAfter,
          change.reservationId ?? null,
          change.reference?.type ?? null,
          change.reference?.id ?? null,
          change.reason,
          change.note ?? null,
          actorCtx.staffId,
          at,
          at,
        );
        onHand = onHandAfter;
        reserved = reservedAfter;
        rows += 1;
      }
    }
    if (rows === 0) return;
    // Plain multi-row INSERT: this runs while the levels' row locks are held, so it should cost as little as possible.
    await execute(
      this.tx.manager(),
      `INSERT INTO stock_ledger (id, merchant_id, sku_id, warehouse_id, level_id, type, quantity, on_hand_delta,
         reserved_delta, on_hand_before, on_hand_after, reserved_before, reserved_after, reservation_id,
         reference_type, reference_id, reason, note, actor_staff_id, created_at, updated_at)
       VALUES ${new Array<string>(rows).fill(LEDGER_ROW).join(', ')}`,
      params,
    );
    // One event per level carrying its final figures: one multi-row INSERT per merchant of the batch.
    const recorded = groups.filter((g) => g.changes.length > 0);
    const byMerchant = new Map<string, LevelChanges[]>();
    for (const group of recorded) {
      const list = byMerchant.get(group.ctx.tenantId);
      if (list) list.push(group);
      else byMerchant.set(group.ctx.tenantId, [group]);
    }
    for (const merchantGroups of byMerchant.values()) {
      await this.outbox.recordMany(
        merchantGroups[0].ctx,
        merchantGroups.map(({ after, changes }) => {
          const payload: StockChangedPayload = {
            skuId: after.skuId,
            warehouseId: after.warehouseId,
            onHand: after.onHand,
            reserved: after.reserved,
            sellable: sellableOf(after),
            reason: changes[changes.length - 1].change.reason,
          };
          return { type: 'stock.changed', aggregateType: 'sku', aggregateId: after.skuId, payload };
        }),
      );
    }
    const pushes = [...byMerchant].map(
      ([merchantId, list]) => [merchantId, list.map((g) => g.after.skuId)] as const,
    );
    this.tx.afterCommit(() => {
      for (const [merchantId, skuIds] of pushes) this.pushes.requestMany(merchantId, skuIds);
    });
  }
}
