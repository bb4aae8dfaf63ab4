import { EntityManager, In } from 'typeorm';
import { Clock, ConflictError, RequestContext, ValidationFailedError } from '@tongdao/kernel';
import { TenantRepository, TransactionRunner } from '@tongdao/persistence';
import { ReservationRow } from './entities';
import { SkuCatalog } from './ports';
import { BatchLostRace, LineOutcome, PendingReserve, reserveBatch } from './reserve-batch';
import { isRetryableLockError, isUniqueViolation, select } from './sql';
import { StockChangeRecorder } from './stock-changes';
import { assertQuantity, assertReference } from './validation';
import { WarehouseService } from './warehouse.service';

export interface ReserveInput {
  skuId: string;
  quantity: number;
  /** Default: the merchant's default warehouse. */
  warehouseId?: string | null;
  /** What the units are held for; (type, id, skuId) is the idempotency key. */
  reference: { type: string; id: string };
  /** Unpaid orders: the sweep releases the reservation (reason `expired`) after this time. */
  expiresAt?: Date | string | null;
}

export interface PreparedLine {
  index: number;
  skuId: string;
  quantity: number;
  warehouseId: string;
  reference: { type: string; id: string };
  expiresAt: Date | null;
}

const ATTEMPTS = 5;

/** Raised inside a transaction when a compare-and-set lost a race; the whole transaction is run again. */
export class LostRace extends Error {}

/** Validates one line (400 naming the field) and fills in its defaults, before anything is read. */
export function prepareLine(line: ReserveInput, index: number): PreparedLine {
  if (!line || typeof line !== 'object') {
    throw new ValidationFailedError('invalid_lines', `line ${index} is not an object`, [
      { field: `lines[${index}]`, problem: 'expected an object' },
    ]);
  }
  assertQuantity(line.quantity);
  assertReference(line.reference);
  if (typeof line.skuId !== 'string' || line.skuId.length === 0 || line.skuId.length > 26) {
    throw new ValidationFailedError('validation_failed', 'skuId is invalid', [
      { field: 'skuId', problem: 'expected a SKU id' },
    ]);
  }
  let expiresAt: Date | null = null;
  if (line.expiresAt !== undefined && line.expiresAt !== null) {
    expiresAt = new Date(line.expiresAt);
    if (Number.isNaN(expiresAt.getTime())) {
      throw new ValidationFailedError('validation_failed', 'expiresAt is not a time', [
        { field: 'expiresAt', problem: 'expected an ISO-8601 time' },
      ]);
    }
  }
  return {
    index,
    skuId: line.skuId,
    quantity: line.quantity,
    warehouseId: line.warehouseId ?? '',
    reference: { type: line.reference.type, id: line.reference.id },
    expiresAt,
  };
}

/**
 * Level ids never change once a level exists, and every reserve needs them to lock by id (the one lock order
 * shared with the batcher), so they are remembered; the ones not known yet are read in one statement.
 */
export class LevelIds {
  private readonly ids = new Map<string, string>();

  /** Ids by `${skuId}\0${warehouseId}`; a pair without a level is absent. */
  async lookup(
    manager: EntityManager,
    merchantId: string,
    pairs: ReadonlyArray<{ skuId: string; warehouseId: string }>,
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const missing = new Set<string>();
    for (const { skuId, warehouseId } of pairs) {
      const key = `${skuId}\u0000${warehouseId}`;
      const id = this.ids.get(`${merchantId}\u0000${key}`);
      if (id) found.set(key, id);
      else missing.add(skuId);
    }
    if (missing.size === 0) return found;
    const rows = await select<{ id: string; skuId: string; warehouseId: string }>(
      manager,
      `SELECT id, sku_id AS skuId, warehouse_id AS warehouseId FROM stock_levels
        WHERE merchant_id = ? AND sku_id IN (${[...missing].map(() => '?').join(', ')})`,
      [merchantId, ...missing],
    );
    if (this.ids.size > 200_000) this.ids.clear();
    for (const row of rows) {
      const key = `${row.skuId}\u0000${row.warehouseId}`;
      this.ids.set(`${merchantId}\u0000${key}`, row.id);
      found.set(key, row.id);
    }
    return found;
  }
}

export interface LineReserverPorts {
  tx: TransactionRunner;
  catalog: SkuCatalog;
  warehouses: WarehouseService;
  recorder: StockChangeRecorder;
  clock: Clock;
  levelIds: LevelIds;
}

/**
 * A caller's lines (an order, an ingestion page) reserved in one batch: the levels locked in id order, every
 * line decided against what is left in the order given, then a fixed number of statements (reservations,
 * one conditional UPDATE over the levels, ledger, events) whatever the number of lines. Joins the caller's
 * transaction when there is one.
 */
export class LineReserver {
  private readonly reservations: TenantRepository<ReservationRow>;

  constructor(private readonly ports: LineReserverPorts) {
    this.reservations = new TenantRepository(ports.tx, ReservationRow, 'reservation');
  }

  /**
   * Outcomes in input order. `allOrNothing`: when a line does not fit, nothing is written. Otherwise the lines
   * that fit are reserved and the others come back `insufficient`.
   */
  async reserve(
    ctx: RequestContext,
    lines: readonly ReserveInput[],
    maxLines: number,
    allOrNothing: boolean,
  ): Promise<LineOutcome[]> {
    const count = Array.isArray(lines) ? lines.length : 0;
    if (count === 0 || count > maxLines) {
      throw new ValidationFailedError('invalid_lines', `between 1 and ${maxLines} lines are needed`, [
        { field: 'lines', problem: `expected 1-${maxLines} lines` },
      ]);
    }
    const prepared = lines.map((line, index) => prepareLine(line, index));
    const keys = new Set(prepared.map((l) => `${l.reference.type}\u0000${l.reference.id}\u0000${l.skuId}`));
    if (keys.size !== prepared.length) {
      throw new ValidationFailedError('duplicate_lines', 'a SKU appears twice for the same reference', [
        { field: 'lines', problem: 'one line per (reference, SKU)' },
      ]);
    }
    const { tx, catalog, warehouses } = this.ports;
    await catalog.assertSkusExist(ctx, [...new Set(prepared.map((l) => l.skuId))]);
    const resolved = new Map<string, string>();
    for (const given of new Set(prepared.map((l) => l.warehouseId))) {
      resolved.set(given, await warehouses.resolve(ctx, given || null));
    }
    for (const line of prepared) line.warehouseId = resolved.get(line.warehouseId)!;
    const levelIds = await this.ports.levelIds.lookup(tx.manager(), ctx.tenantId, prepared);

    const outcomes: LineOutcome[] = new Array<LineOutcome>(prepared.length);
    const pending: PendingReserve[] = [];
    const positions: number[] = [];
    for (const line of prepared) {
      const levelId = levelIds.get(`${line.skuId}\u0000${line.warehouseId}`);
      // No level: nothing was ever stocked there, and no reservation can exist for it either.
      if (!levelId) outcomes[line.index] = { kind: 'insufficient', sellable: 0 };
      else {
        pending.push({ ctx, levelId, ...line });
        positions.push(line.index);
      }
    }
    if (pending.length === 0 || (allOrNothing && pending.length < prepared.length)) return outcomes;
    const decided = await this.run(pending, allOrNothing);
    decided.forEach((outcome, i) => (outcomes[positions[i]] = outcome));
    return outcomes;
  }

  /**
   * First attempt straight to INSERT: the unique (reference, SKU) index is the idempotency check, and the
   * reservations are the batch's first write, so a repeat is retried in place with the existing rows read.
   * Inside a caller's transaction a lost race or a lock error is the caller's to retry (MariaDB has rolled
   * the whole transaction back by then); on its own, the batch retries.
   */
  private async run(pending: PendingReserve[], allOrNothing: boolean): Promise<LineOutcome[]> {
    const { tx, recorder, clock } = this.ports;
    const outer = tx.inTransaction();
    let existing = new Map<number, ReservationRow>();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await tx.run(async (manager) => {
          const batch = (known: ReadonlyMap<number, ReservationRow>) =>
            reserveBatch(manager, tx.dialect, recorder, pending, known, clock.now(), allOrNothing);
          const outcomes = await batch(existing);
          if (existing.size > 0 || !outcomes.some((o) => o.kind === 'insufficient')) return outcomes;
          // A refused line may be a repeat whose units were taken by its own earlier reservation: look.
          const found = await this.findExisting(pending);
          const repeats = [...found.keys()].filter((i) => outcomes[i].kind === 'insufficient');
          if (repeats.length === 0) return outcomes;
          // All or nothing wrote nothing, so it can decide again; otherwise the refused lines took no units.
          if (allOrNothing) return batch(found);
          for (const i of repeats) outcomes[i] = { kind: 'existing', row: found.get(i)! };
          return outcomes;
        });
      } catch (error) {
        if (attempt >= ATTEMPTS || (outer && !isUniqueViolation(error))) throw settled(error);
        if (isUniqueViolation(error)) {
          existing = await this.findExisting(pending);
          continue;
        }
        if (!(error instanceof BatchLostRace) && !isRetryableLockError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
      }
    }
  }

  /** Reservations already made for these lines, by line position (lines of one merchant). */
  async findExisting(lines: readonly PendingReserve[]): Promise<Map<number, ReservationRow>> {
    const found = new Map<number, ReservationRow>();
    if (lines.length === 0) return found;
    const rows = await this.reservations.find(lines[0].ctx, {
      referenceId: In([...new Set(lines.map((l) => l.reference.id))]),
    });
    const key = (type: string, id: string, skuId: string): string => `${type}\u0000${id}\u0000${skuId}`;
    const byKey = new Map(rows.map((r) => [key(r.referenceType, r.referenceId, r.skuId), r]));
    lines.forEach((line, i) => {
      const row = byKey.get(key(line.reference.type, line.reference.id, line.skuId));
      if (row) found.set(i, row);
    });
    return found;
  }
}

function settled(error: unknown): unknown {
  if (error instanceof BatchLostRace || error instanceof LostRace) {
    return new ConflictError('concurrent_change', 'the stock changed meanwhile; try again');
  }
  return error;
}
