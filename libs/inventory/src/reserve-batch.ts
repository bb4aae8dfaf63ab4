import { EntityManager } from 'typeorm';
import { RequestContext, newId } from '@tongdao/kernel';
import { ReservationRow } from './entities';
import { Dialect, execute, int, select, sqlTime } from './sql';
import { LevelChanges, LevelSnapshot, StockChangeRecorder, sellableOf } from './stock-changes';

/** One caller's single-line reserve, its level already known, waiting to ride in a batch. */
export interface PendingReserve {
  ctx: RequestContext;
  levelId: string;
  skuId: string;
  warehouseId: string;
  quantity: number;
  reference: { type: string; id: string };
  expiresAt: Date | null;
}

/** What a batch decided for one line. `sellable` is what was left for it when it was refused. */
export type LineOutcome =
  | { kind: 'reserved'; row: ReservationRow }
  | { kind: 'existing'; row: ReservationRow }
  | { kind: 'insufficient'; sellable: number };

/** The levels did not move as the locked figures said they would; the transaction is rolled back and rerun. */
export class BatchLostRace extends Error {}

const RESERVATION_ROW = "(?, ?, ?, ?, ?, ?, 0, 0, 'active', ?, ?, ?, NULL, ?, ?)";

interface LockedLevel extends LevelSnapshot {
  merchantId: string;
}

/**
 * Group commit: the single-line reserves of many concurrent callers, over any number of levels (and merchants),
 * in ONE transaction of a fixed number of statements:
 *   1. lock every level of the batch (one SELECT … FOR UPDATE, in id order, so batches cannot deadlock
 *      each other), and decide each line in arrival order against what is still sellable — exactly what
 *      reserving the lines one by one would decide;
 *   2. one multi-row INSERT of the reservations (the unique (reference, SKU) index makes a repeated
 *      reference fail the batch before anything else is written, so the caller may rerun it with `existing`
 *      filled in, even inside a longer transaction of its own);
 *   3. one UPDATE moving every level by its accepted total, still conditional per level
 *      (`on_hand - reserved - safety_stock >= total`), so the database re-checks the no-oversell rule;
 *   4. one multi-row INSERT of the chained ledger rows, then the `stock.changed` events (one per level).
 *
 * `existing` holds reservations already made for some of the lines (by reference); those lines are not
 * reserved again. With `allOrNothing`, a line that does not fit leaves everything unwritten (the outcomes
 * say which). Runs inside the caller's transaction.
 */
export async function reserveBatch(
  manager: EntityManager,
  dialect: Dialect,
  recorder: StockChangeRecorder,
  lines: readonly PendingReserve[],
  existing: ReadonlyMap<number, ReservationRow>,
  now: Date,
  allOrNothing = false,
): Promise<LineOutcome[]> {
  const outcomes: LineOutcome[] = new Array<LineOutcome>(lines.length);
  const levelIds = [...new Set(lines.filter((_, i) => !existing.has(i)).map((l) => l.levelId))].sort();
  const levels = await lockLevels(manager, dialect, levelIds);

  const taken = new Map<string, number>();
  const accepted: Array<{ line: PendingReserve; row: ReservationRow }> = [];
  lines.forEach((line, i) => {
    const found = existing.get(i);
    if (found) {
      outcomes[i] = { kind: 'existing', row: found };
      return;
    }
    const level = levels.get(line.levelId);
    if (!level || level.merchantId !== line.ctx.tenantId) {
      throw new Error(`stock level ${line.levelId} of merchant ${line.ctx.tenantId} is missing`);
    }
    const left = sellableOf(level) - (taken.get(level.id) ?? 0);
    if (line.quantity > left) {
      outcomes[i] = { kind: 'insufficient', sellable: Math.max(0, left) };
      return;
    }
    taken.set(level.id, (taken.get(level.id) ?? 0) + line.quantity);
    const row = newReservationRow(line.ctx, line, line.levelId, now);
    accepted.push({ line, row });
    outcomes[i] = { kind: 'reserved', row };
  });
  if (accepted.length === 0) return outcomes;
  if (allOrNothing && outcomes.some((o) => o.kind === 'insufficient')) return outcomes;

  await insertReservations(
    manager,
    dialect,
    accepted.map((a) => a.row),
    now,
  );

  const moved = [...taken.keys()];
  const caseOf = (ids: string[]): string => `CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END`;
  const totals = moved.flatMap((id) => [id, taken.get(id)]);
  // With a long IN list MariaDB would rather scan the whole table, locking (next-key) rows of other batches
  // and deadlocking with them; the hint keeps it to the rows this batch already holds.
  const changed = await execute(
    manager,
    `UPDATE stock_levels${primaryOnly(dialect)} SET reserved = reserved + ${caseOf(moved)}, version = version + 1, updated_at = ?
      WHERE id IN (${moved.map(() => '?').join(', ')})
        AND on_hand - reserved - safety_stock >= ${caseOf(moved)}`,
    [...totals, sqlTime(dialect, now), ...moved, ...totals],
  );
  if (changed !== moved.length) throw new BatchLostRace();

  const groups = new Map<string, LevelChanges & { changes: Array<LevelChanges['changes'][number]> }>();
  for (const { line, row } of accepted) {
    let group = groups.get(row.levelId);
    if (!group) {
      const level = levels.get(row.levelId)!;
      const after = { ...level, reserved: level.reserved + taken.get(level.id)!, version: level.version + 1 };
      group = { ctx: line.ctx, after, changes: [] };
      groups.set(row.levelId, group);
    }
    group.changes.push({
      ctx: line.ctx,
      change: {
        type: 'reserve',
        quantity: row.quantity,
        onHandDelta: 0,
        reservedDelta: row.quantity,
        reason: 'reserve',
        reservationId: row.id,
        reference: line.reference,
      },
    });
  }
  await recorder.recordLevels([...groups.values()]);
  return outcomes;
}

/**
 * Row locks on the levels, taken in ascending id order. SQLite has no FOR UPDATE; its transactions are
 * serialised by TransactionRunner, so the plain read is already exclusive there.
 */
async function lockLevels(
  manager: EntityManager,
  dialect: Dialect,
  ids: readonly string[],
): Promise<Map<string, LockedLevel>> {
  const levels = new Map<string, LockedLevel>();
  if (ids.length === 0) return levels;
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT id, merchant_id AS merchantId, sku_id AS skuId, warehouse_id AS warehouseId, on_hand AS onHand,
            reserved, safety_stock AS safetyStock, version
       FROM stock_levels${primaryOnly(dialect)} WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id${dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
    [...ids],
  );
  for (const row of rows) {
    levels.set(String(row.id), {
      id: String(row.id),
      merchantId: String(row.merchantId),
      skuId: String(row.skuId),
      warehouseId: String(row.warehouseId),
      onHand: int(row.onHand),
      reserved: int(row.reserved),
      safetyStock: int(row.safetyStock),
      version: int(row.version),
    });
  }
  return levels;
}

/** A new active reservation of a level, before it is written. */
export function newReservationRow(
  ctx: RequestContext,
  line: Pick<PendingReserve, 'skuId' | 'warehouseId' | 'quantity' | 'reference' | 'expiresAt'>,
  levelId: string,
  now: Date,
): ReservationRow {
  return Object.assign(new ReservationRow(), {
    id: newId(),
    merchantId: ctx.tenantId,
    skuId: line.skuId,
    warehouseId: line.warehouseId,
    levelId,
    quantity: line.quantity,
    committedQuantity: 0,
    releasedQuantity: 0,
    status: 'active' as const,
    referenceType: line.reference.type,
    referenceId: line.reference.id,
    expiresAt: line.expiresAt,
    releaseReason: null,
    createdAt: now,
    updatedAt: now,
  });
}

/** One multi-row INSERT; the unique (reference, SKU) index turns a repeated reference into a violation. */
export async function insertReservations(
  manager: EntityManager,
  dialect: Dialect,
  rows: readonly ReservationRow[],
  now: Date,
): Promise<void> {
  const at = sqlTime(dialect, now);
  await execute(
    manager,
    `INSERT INTO stock_reservations (id, merchant_id, sku_id, warehouse_id, level_id, quantity, committed_quantity,
       released_quantity, status, reference_type, reference_id, expires_at, release_reason, created_at, updated_at)
     VALUES ${new Array<string>(rows.length).fill(RESERVATION_ROW).join(', ')}`,
    rows.flatMap((r) => [
      r.id,
      r.merchantId,
      r.skuId,
      r.warehouseId,
      r.levelId,
      r.quantity,
      r.referenceType,
      r.referenceId,
      r.expiresAt ? sqlTime(dialect, r.expiresAt) : null,
      at,
      at,
    ]),
  );
}

/** Lock and change levels through the primary key only (MariaDB index hint; SQLite has no row locks). */
function primaryOnly(dialect: Dialect): string {
  return dialect === 'mysql' ? ' FORCE INDEX (PRIMARY)' : '';
}
