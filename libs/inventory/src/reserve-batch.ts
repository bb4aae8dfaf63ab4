import { EntityManager } from 'typeorm';
import { RequestContext, newId } from '@tongdao/kernel';
import { ReservationRow } from './entities';
import { Dialect, execute, sqlTime } from './sql';
import { LevelSnapshot, StockChangeRecorder, readLevelById } from './stock-changes';

/** One caller's single-line reserve, waiting to ride in a batch for its stock level. */
export interface PendingReserve {
  ctx: RequestContext;
  skuId: string;
  warehouseId: string;
  quantity: number;
  reference: { type: string; id: string };
  expiresAt: Date | null;
}

/** The batch's total did not fit: nothing was written, and the lines are retried one by one. */
export class BatchDoesNotFit extends Error {}

const RESERVATION_ROW = "(?, ?, ?, ?, ?, ?, 0, 0, 'active', ?, ?, ?, NULL, ?, ?)";

/**
 * Group commit for a hot SKU: the reservations of many concurrent callers for ONE level, applied as one
 * conditional UPDATE of the total (the database still decides under its row lock, so the no-oversell rule
 * is the same as for a single line), one multi-row INSERT of reservations and one of ledger rows. Runs inside
 * the caller's transaction; throws BatchDoesNotFit when the total exceeds the sellable quantity, and lets a
 * unique violation (a reference reserved twice) propagate, so the caller can fall back to single lines.
 */
export async function reserveBatch(
  manager: EntityManager,
  dialect: Dialect,
  recorder: StockChangeRecorder,
  levelId: string,
  lines: readonly PendingReserve[],
  now: Date,
): Promise<ReservationRow[]> {
  const ctx = lines[0].ctx;
  const at = sqlTime(dialect, now);
  const rows = lines.map((line) => newReservationRow(ctx, line, levelId, now));
  await insertReservations(manager, dialect, rows, now);
  const total = rows.reduce((sum, r) => sum + r.quantity, 0);
  const changed = await execute(
    manager,
    `UPDATE stock_levels SET reserved = reserved + ?, version = version + 1, updated_at = ?
      WHERE merchant_id = ? AND id = ? AND on_hand - reserved - safety_stock >= ?`,
    [total, at, ctx.tenantId, levelId, total],
  );
  if (changed === 0) throw new BatchDoesNotFit();
  const after: LevelSnapshot | null = await readLevelById(manager, ctx.tenantId, levelId);
  if (!after) throw new Error(`stock level ${levelId} vanished`);
  await recorder.recordMany(
    ctx,
    after,
    rows.map((row, i) => ({
      ctx: lines[i].ctx,
      change: {
        type: 'reserve' as const,
        quantity: row.quantity,
        onHandDelta: 0,
        reservedDelta: row.quantity,
        reason: 'reserve',
        reservationId: row.id,
        reference: lines[i].reference,
      },
    })),
  );
  return rows;
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
     VALUES ${rows.map(() => RESERVATION_ROW).join(', ')}`,
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
