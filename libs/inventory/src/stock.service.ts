import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock, ConflictError, RequestContext, ValidationFailedError, newId } from '@tongdao/kernel';
import { AuditLog } from '@tongdao/identity';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ReservationRow, StockLevel } from './entities';
import { ConsistencyReport, checkLedgerConsistency } from './consistency';
import { SkuCatalog } from './ports';
import { Reservation, toReservation } from './reservation.view';
import { LevelSnapshot, StockChangeRecorder, readLevel, readLevelById, sellableOf } from './stock-changes';
import { execute, isRetryableLockError, isUniqueViolation, select, sqlTime } from './sql';
import { LineOutcome, PendingReserve } from './reserve-batch';
import { MAX_BATCH_LINES, ReserveBatcher, insufficientStock } from './reserve-batcher';
import { LevelIds, LineReserver, LostRace, ReserveInput, prepareLine } from './reserve-lines';
import { assertCount, assertDelta, assertQuantity, assertText } from './validation';
import { WarehouseService } from './warehouse.service';

export type { ReserveInput } from './reserve-lines';

export const ADJUST_REASONS = ['count', 'receiving', 'damage', 'return', 'erp_sync', 'correction'] as const;
export type AdjustReason = (typeof ADJUST_REASONS)[number];

export interface AdjustInput {
  skuId: string;
  warehouseId?: string | null;
  /** Exactly one of delta (± units) and setOnHand (a count). */
  delta?: number;
  setOnHand?: number;
  reason: AdjustReason;
  note?: string | null;
}

export interface SafetyStockInput {
  skuId: string;
  warehouseId?: string | null;
  safetyStock: number;
}

export interface LevelView {
  warehouseId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  sellable: number;
}

/** Lines of one all-or-nothing reserve (an order). */
export const MAX_LINES = 200;
/** Lines of one `reserveEach` (an ingestion page). */
export const MAX_EACH_LINES = MAX_BATCH_LINES;
const RELEASE_REASON = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * The stock pool's writes. Every level change is one conditional UPDATE whose WHERE clause carries the rule
 * (sellable ≥ q, reserved ≥ q, …): the database decides under its row lock, so no interleaving of callers
 * can oversell, on MariaDB or SQLite. Each change writes its ledger row and event in the same transaction.
 */
@Injectable()
export class StockService {
  private readonly logger = new Logger(StockService.name);
  private readonly reservations: TenantRepository<ReservationRow>;
  private readonly levelIds = new LevelIds();
  private readonly batcher: ReserveBatcher;
  private readonly lines: LineReserver;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly catalog: SkuCatalog,
    private readonly warehouses: WarehouseService,
    private readonly changes: StockChangeRecorder,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.reservations = new TenantRepository(tx, ReservationRow, 'reservation');
    this.lines = new LineReserver({
      tx,
      catalog,
      warehouses,
      recorder: changes,
      clock,
      levelIds: this.levelIds,
    });
    this.batcher = new ReserveBatcher({
      tx,
      recorder: changes,
      clock,
      findExisting: (lines) => this.findExisting(lines),
      reserveAlone: async (line) =>
        (
          await this.reserveMany(line.ctx, [
            {
              skuId: line.skuId,
              quantity: line.quantity,
              warehouseId: line.warehouseId,
              reference: line.reference,
              expiresAt: line.expiresAt,
            },
          ])
        )[0],
    });
  }

  /**
   * One line. Concurrent single-line reserves are group-committed (see reserve-batcher.ts): while batches are
   * in the database, the callers that arrive wait and go together, all levels at once, in the next one.
   */
  async reserve(ctx: RequestContext, input: ReserveInput): Promise<Reservation> {
    const line = prepareLine(input, 0);
    // Inside a caller's transaction the reserve must join it.
    if (this.tx.inTransaction()) return (await this.reserveMany(ctx, [input]))[0];
    await this.catalog.assertSkusExist(ctx, [line.skuId]);
    line.warehouseId = await this.warehouses.resolve(ctx, line.warehouseId || null);
    const levelId = (await this.levelIds.lookup(this.tx.manager(), ctx.tenantId, [line])).get(
      `${line.skuId}\u0000${line.warehouseId}`,
    );
    if (!levelId) throw insufficientStock(line.skuId, line.quantity, 0);
    return this.batcher.submit({
      ctx,
      levelId,
      skuId: line.skuId,
      warehouseId: line.warehouseId,
      quantity: line.quantity,
      reference: line.reference,
      expiresAt: line.expiresAt,
    });
  }

  /** Reservations already made for batched lines, by line index (one query per merchant in the batch). */
  private async findExisting(lines: readonly PendingReserve[]): Promise<Map<number, ReservationRow>> {
    const found = new Map<number, ReservationRow>();
    const byMerchant = new Map<string, number[]>();
    lines.forEach((line, i) =>
      byMerchant.set(line.ctx.tenantId, [...(byMerchant.get(line.ctx.tenantId) ?? []), i]),
    );
    for (const indexes of byMerchant.values()) {
      const ctx = lines[indexes[0]].ctx;
      const rows = await this.reservations.find(ctx, {
        referenceId: In([...new Set(indexes.map((i) => lines[i].reference.id))]),
      });
      const key = (type: string, id: string, skuId: string): string => `${type}\u0000${id}\u0000${skuId}`;
      const byKey = new Map(rows.map((r) => [key(r.referenceType, r.referenceId, r.skuId), r]));
      for (const i of indexes) {
        const row = byKey.get(key(lines[i].reference.type, lines[i].reference.id, lines[i].skuId));
        if (row) found.set(i, row);
      }
    }
    return found;
  }

  /**
   * All lines or none, in one batch (see reserve-lines.ts). Lines already reserved for their reference are
   * returned as they are. Joins the caller's transaction when there is one.
   */
  async reserveMany(ctx: RequestContext, lines: readonly ReserveInput[]): Promise<Reservation[]> {
    const outcomes = await this.lines.reserve(ctx, lines, MAX_LINES, true);
    const refused = outcomes.findIndex((o) => o.kind === 'insufficient');
    if (refused >= 0) {
      const { sellable } = outcomes[refused] as Extract<LineOutcome, { kind: 'insufficient' }>;
      throw insufficientStock(lines[refused].skuId, lines[refused].quantity, sellable, refused);
    }
    return outcomes.map((o) => toReservation((o as Exclude<LineOutcome, { kind: 'insufficient' }>).row));
  }

  /**
   * Each line on its own, in one batch: lines are decided in the order given against what is still sellable,
   * those that fit are reserved and the others come back null with nothing held for them (an ingestion page,
   * where the sale already happened on the channel). Lines already reserved for their reference are returned
   * as they are. Joins the caller's transaction when there is one.
   */
  async reserveEach(ctx: RequestContext, lines: readonly ReserveInput[]): Promise<Array<Reservation | null>> {
    const outcomes = await this.lines.reserve(ctx, lines, MAX_EACH_LINES, false);
    return outcomes.map((o) => (o.kind === 'insufficient' ? null : toReservation(o.row)));
  }

  /** Sums the ledger against every level of the tenant; `ok: false` lists each level that disagrees. */
  async checkConsistency(ctx: RequestContext): Promise<ConsistencyReport> {
    return checkLedgerConsistency(this.tx.manager(), ctx.tenantId);
  }

  /** Shipped: on hand and reserved both go down. Without a quantity, everything still open is committed. */
  async commit(ctx: RequestContext, reservationId: string, quantity?: number): Promise<Reservation> {
    if (quantity !== undefined && quantity !== null) assertQuantity(quantity);
    return this.retrying(() =>
      this.tx.run(async (manager) => {
        const row = await this.reservations.getById(ctx, reservationId);
        if (row.status !== 'active') {
          throw new ConflictError('reservation_not_active', `reservation ${row.id} is ${row.status}`);
        }
        const open = openOf(row);
        const q = quantity ?? open;
        if (q > open) {
          throw new ConflictError('exceeds_reservation', `only ${open} units are still reserved`, [
            { field: 'quantity', problem: `at most ${open}` },
          ]);
        }
        const now = sqlTime(this.tx.dialect, this.clock.now());
        // `status` is assigned before `committed_quantity`: MySQL evaluates SET left to right, SQLite from
        // the old row; this order reads the old value in both.
        const claimed = await execute(
          manager,
          `UPDATE stock_reservations
              SET status = CASE WHEN quantity - committed_quantity - released_quantity = ? THEN 'committed' ELSE 'active' END,
                  committed_quantity = committed_quantity + ?, updated_at = ?
            WHERE merchant_id = ? AND id = ? AND status = 'active'
              AND quantity - committed_quantity - released_quantity >= ?`,
          [q, q, now, ctx.tenantId, row.id, q],
        );
        if (claimed === 0) throw new LostRace();
        const moved = await execute(
          manager,
          `UPDATE stock_levels SET on_hand = on_hand - ?, reserved = reserved - ?, version = version + 1, updated_at = ?
            WHERE merchant_id = ? AND id = ? AND reserved >= ? AND on_hand >= ?`,
          [q, q, now, ctx.tenantId, row.levelId, q, q],
        );
        if (moved === 0) {
          throw new ConflictError(
            'insufficient_on_hand',
            `the warehouse holds fewer than ${q} units of SKU ${row.skuId}; adjust the stock first`,
          );
        }
        const after = await this.mustReadLevel(manager, ctx, row.levelId);
        await this.changes.record(ctx, after, {
          type: 'commit',
          quantity: q,
          onHandDelta: -q,
          reservedDelta: -q,
          reason: 'commit',
          reservationId: row.id,
          reference: { type: row.referenceType, id: row.referenceId },
        });
        return toReservation(await this.reservations.getById(ctx, row.id));
      }),
    );
  }

  /** Gives back what is still open (cancelled, expired …). Releasing a released reservation changes nothing. */
  async release(ctx: RequestContext, reservationId: string, reason: string): Promise<Reservation> {
    if (typeof reason !== 'string' || !RELEASE_REASON.test(reason)) {
      throw new ValidationFailedError('invalid_reason', 'reason is invalid', [
        { field: 'reason', problem: 'expected 1-32 characters of a-z, 0-9 or _' },
      ]);
    }
    return this.retrying(() =>
      this.tx.run(async (manager) => {
        const row = await this.reservations.getById(ctx, reservationId);
        if (row.status === 'committed') {
          throw new ConflictError('reservation_not_active', `reservation ${row.id} is already committed`);
        }
        await this.releaseRow(ctx, manager, row, reason);
        return toReservation(await this.reservations.getById(ctx, row.id));
      }),
    );
  }

  /**
   * Releases reservations whose expiresAt has passed, across merchants (the sweep job). Safe with several
   * workers: the release is a conditional UPDATE on status, so each reservation is released once.
   */
  async expireDue(now: Date = this.clock.now(), limit = 500): Promise<number> {
    const due = await select<{ id: string; merchantId: string }>(
      this.tx.dataSource.manager,
      `SELECT id, merchant_id AS merchantId FROM stock_reservations
        WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= ?
        ORDER BY expires_at LIMIT ?`,
      [sqlTime(this.tx.dialect, now), limit],
    );
    let released = 0;
    for (const { id, merchantId } of due) {
      const ctx = RequestContext.system(merchantId, `reservation-sweep:${id}`);
      try {
        const done = await this.retrying(() =>
          this.tx.run(async (manager) => {
            const row = await this.reservations.findById(ctx, id);
            if (!row || row.status !== 'active' || !row.expiresAt || row.expiresAt > now) return false;
            return this.releaseRow(ctx, manager, row, 'expired', now);
          }),
        );
        if (done) released += 1;
      } catch (error) {
        this.logger.error({ reservationId: id, err: String(error) }, 'could not expire a reservation');
      }
    }
    return released;
  }

  async adjust(ctx: RequestContext, input: AdjustInput): Promise<LevelView> {
    const { skuId, reason } = input;
    if (!(ADJUST_REASONS as readonly string[]).includes(reason)) {
      throw new ValidationFailedError('invalid_reason', 'reason is invalid', [
        { field: 'reason', problem: `one of ${ADJUST_REASONS.join(', ')}` },
      ]);
    }
    const hasDelta = input.delta !== undefined && input.delta !== null;
    const hasSet = input.setOnHand !== undefined && input.setOnHand !== null;
    if (hasDelta === hasSet) {
      throw new ValidationFailedError('invalid_adjustment', 'give exactly one of delta and setOnHand', [
        { field: hasDelta ? 'setOnHand' : 'delta', problem: 'exactly one of delta and setOnHand' },
      ]);
    }
    if (hasDelta) assertDelta(input.delta);
    else assertCount(input.setOnHand, 'setOnHand');
    const note = input.note ?? null;
    if (note !== null) assertText(note, 'note', 500);
    await this.catalog.assertSkusExist(ctx, [skuId]);
    const warehouseId = await this.warehouses.resolve(ctx, input.warehouseId);
    await this.ensureLevel(ctx, skuId, warehouseId);
    return this.retrying(() =>
      this.tx.run(async (manager) => {
        const now = sqlTime(this.tx.dialect, this.clock.now());
        let delta: number;
        if (hasDelta) {
          delta = input.delta!;
          const changed = await execute(
            manager,
            `UPDATE stock_levels SET on_hand = on_hand + ?, version = version + 1, updated_at = ?
              WHERE merchant_id = ? AND sku_id = ? AND warehouse_id = ? AND on_hand + ? >= 0`,
            [delta, now, ctx.tenantId, skuId, warehouseId, delta],
          );
          if (changed === 0) {
            throw new ConflictError('negative_on_hand', 'on hand cannot go below zero', [
              { field: 'delta', problem: 'would take on hand below zero' },
            ]);
          }
        } else {
          const current = await readLevel(manager, ctx.tenantId, skuId, warehouseId);
          if (!current) throw new LostRace();
          delta = input.setOnHand! - current.onHand;
          const changed = await execute(
            manager,
            `UPDATE stock_levels SET on_hand = ?, version = version + 1, updated_at = ?
              WHERE merchant_id = ? AND id = ? AND version = ?`,
            [input.setOnHand, now, ctx.tenantId, current.id, current.version],
          );
          if (changed === 0) throw new LostRace();
        }
        const after = await this.mustReadLevel(manager, ctx, null, skuId, warehouseId);
        await this.changes.record(ctx, after, {
          type: 'adjust',
          quantity: Math.abs(delta),
          onHandDelta: delta,
          reservedDelta: 0,
          reason,
          note,
        });
        await this.auditStaff(ctx, 'stock.adjust', skuId, {
          warehouseId,
          reason,
          delta,
          onHand: [after.onHand - delta, after.onHand],
          ...(note ? { note } : {}),
        });
        return levelView(after);
      }),
    );
  }

  async setSafetyStock(ctx: RequestContext, input: SafetyStockInput): Promise<LevelView> {
    assertCount(input.safetyStock, 'safetyStock');
    await this.catalog.assertSkusExist(ctx, [input.skuId]);
    const warehouseId = await this.warehouses.resolve(ctx, input.warehouseId);
    await this.ensureLevel(ctx, input.skuId, warehouseId);
    return this.retrying(() =>
      this.tx.run(async (manager) => {
        const before = await this.mustReadLevel(manager, ctx, null, input.skuId, warehouseId);
        const changed = await execute(
          manager,
          `UPDATE stock_levels SET safety_stock = ?, version = version + 1, updated_at = ?
            WHERE merchant_id = ? AND id = ? AND version = ?`,
          [
            input.safetyStock,
            sqlTime(this.tx.dialect, this.clock.now()),
            ctx.tenantId,
            before.id,
            before.version,
          ],
        );
        if (changed === 0) throw new LostRace();
        const after = await this.mustReadLevel(manager, ctx, before.id);
        await this.changes.record(ctx, after, {
          type: 'safety',
          quantity: input.safetyStock,
          onHandDelta: 0,
          reservedDelta: 0,
          reason: 'safety_stock',
          note: `safety stock ${before.safetyStock} -> ${after.safetyStock}`,
        });
        await this.auditStaff(ctx, 'stock.safety_stock', input.skuId, {
          warehouseId,
          safetyStock: [before.safetyStock, after.safetyStock],
        });
        return levelView(after);
      }),
    );
  }

  /** Returns false when there was nothing left to release. */
  private async releaseRow(
    ctx: RequestContext,
    manager: EntityManager,
    row: ReservationRow,
    reason: string,
    expiredBy: Date | null = null,
  ): Promise<boolean> {
    if (row.status !== 'active') return false;
    const open = openOf(row);
    const now = sqlTime(this.tx.dialect, this.clock.now());
    // An expiry only claims a hold that is still due: one kept meanwhile (a payment arrived) has no expiry.
    const stillDue = expiredBy ? ' AND expires_at IS NOT NULL AND expires_at <= ?' : '';
    const claimed = await execute(
      manager,
      `UPDATE stock_reservations SET status = 'released', released_quantity = released_quantity + ?,
              release_reason = ?, updated_at = ?
        WHERE merchant_id = ? AND id = ? AND status = 'active' AND committed_quantity = ? AND released_quantity = ?${stillDue}`,
      [
        open,
        reason,
        now,
        ctx.tenantId,
        row.id,
        row.committedQuantity,
        row.releasedQuantity,
        ...(expiredBy ? [sqlTime(this.tx.dialect, expiredBy)] : []),
      ],
    );
    if (claimed === 0) throw new LostRace();
    const moved = await execute(
      manager,
      `UPDATE stock_levels SET reserved = reserved - ?, version = version + 1, updated_at = ?
        WHERE merchant_id = ? AND id = ? AND reserved >= ?`,
      [open, now, ctx.tenantId, row.levelId, open],
    );
    if (moved === 0) throw new Error(`level ${row.levelId} holds less reserved than reservation ${row.id}`);
    const after = await this.mustReadLevel(manager, ctx, row.levelId);
    await this.changes.record(ctx, after, {
      type: 'release',
      quantity: open,
      onHandDelta: 0,
      reservedDelta: -open,
      reason,
      reservationId: row.id,
      reference: { type: row.referenceType, id: row.referenceId },
    });
    return true;
  }

  /** The level row exists before any change is made to it; racing creators end with one row. */
  private async ensureLevel(ctx: RequestContext, skuId: string, warehouseId: string): Promise<void> {
    const manager = this.tx.dataSource.manager;
    if (await readLevel(manager, ctx.tenantId, skuId, warehouseId)) return;
    const now = new Date();
    await manager
      .createQueryBuilder()
      .insert()
      .into(StockLevel)
      .values({
        id: newId(),
        merchantId: ctx.tenantId,
        skuId,
        warehouseId,
        onHand: 0,
        reserved: 0,
        safetyStock: 0,
        version: 0,
        createdAt: now,
        updatedAt: now,
      })
      .orIgnore()
      .execute();
  }

  private async mustReadLevel(
    manager: EntityManager,
    ctx: RequestContext,
    levelId: string | null,
    skuId?: string,
    warehouseId?: string,
  ): Promise<LevelSnapshot> {
    const level = levelId
      ? await readLevelById(manager, ctx.tenantId, levelId)
      : await readLevel(manager, ctx.tenantId, skuId!, warehouseId!);
    if (!level) throw new Error(`stock level ${levelId ?? `${skuId}/${warehouseId}`} vanished`);
    return level;
  }

  private async auditStaff(
    ctx: RequestContext,
    action: string,
    skuId: string,
    summary: Record<string, unknown>,
  ): Promise<void> {
    if (ctx.actor?.kind !== 'staff') return;
    await this.audit.record(ctx, { action, targetType: 'sku', targetId: skuId, summary });
  }

  /** Deadlocks, lock timeouts, lost compare-and-sets and racing duplicate reserves: run the transaction again. */
  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        const retryable =
          error instanceof LostRace || isRetryableLockError(error) || isUniqueViolation(error);
        if (!retryable || attempt >= 5) {
          if (error instanceof LostRace) {
            throw new ConflictError('concurrent_change', 'the stock changed meanwhile; try again');
          }
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
      }
    }
  }
}

function openOf(row: ReservationRow): number {
  return row.quantity - row.committedQuantity - row.releasedQuantity;
}

export function levelView(level: LevelSnapshot): LevelView {
  return {
    warehouseId: level.warehouseId,
    onHand: level.onHand,
    reserved: level.reserved,
    safetyStock: level.safetyStock,
    sellable: sellableOf(level),
  };
}
