import { Logger } from '@nestjs/common';
import { Clock, ConflictError } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { ReservationRow } from './entities';
import { BatchLostRace, LineOutcome, PendingReserve, reserveBatch } from './reserve-batch';
import { Reservation, toReservation } from './reservation.view';
import { isRetryableLockError, isUniqueViolation } from './sql';
import { StockChangeRecorder } from './stock-changes';

/** How many lines one transaction carries at most (the ledger INSERT binds 21 values a line). */
export const MAX_BATCH_LINES = 500;
/** Batches in the database at once (over disjoint levels: parallel connections hide each other's latency). */
export const BATCHES_IN_FLIGHT = 4;
/** A batch is not split below this many levels: each batch costs a commit. */
const MIN_BATCH_LEVELS = 16;
const ATTEMPTS = 4;

export interface BatcherPorts {
  tx: TransactionRunner;
  recorder: StockChangeRecorder;
  clock: Clock;
  /** Reservations already made for these lines' (reference, SKU), by line index; read outside a transaction. */
  findExisting(lines: readonly PendingReserve[]): Promise<Map<number, ReservationRow>>;
  /** The unbatched path (own transaction, own retries), for a batch that cannot be applied as a whole. */
  reserveAlone(line: PendingReserve): Promise<Reservation>;
}

interface Waiting {
  line: PendingReserve;
  key: string;
  /** Callers asking again for the same (reference, SKU) while this one waits: they get the same answer. */
  repeats: Waiting[];
  resolve(reservation: Reservation): void;
  reject(error: unknown): void;
}

export function insufficientStock(
  skuId: string,
  quantity: number,
  sellable: number,
  index = 0,
): ConflictError {
  return new ConflictError(
    'insufficient_stock',
    `SKU ${skuId} has ${sellable} sellable, ${quantity} requested`,
    [{ field: `lines[${index}].quantity`, problem: `only ${sellable} sellable` }],
  );
}

/**
 * Group commit for single-line reserves in this process. Callers queue; batches leave whenever fewer than
 * BATCHES_IN_FLIGHT are in the database — no timer, so a lone caller waits for nothing and a crowd shares
 * commits. A level is in at most one batch at a time: a hot SKU's callers all ride in the next batch (never
 * two batches queueing on one row lock), and each level's callers are decided in arrival order. Many levels
 * are split over parallel batches, which lock disjoint rows. Each caller gets its own reservation or its own
 * error; a batch that fails as a whole is retried, then settled line by line on the unbatched path.
 */
export class ReserveBatcher {
  private readonly logger = new Logger(ReserveBatcher.name);
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** Levels that are in a batch in the database now. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly ports: BatcherPorts,
    private readonly maxInFlight = BATCHES_IN_FLIGHT,
  ) {}

  submit(line: PendingReserve): Promise<Reservation> {
    return new Promise<Reservation>((resolve, reject) => {
      const key = [line.ctx.tenantId, line.reference.type, line.reference.id, line.skuId].join('\u0000');
      this.queue.push({ line, key, repeats: [], resolve, reject });
      this.pump();
    });
  }

  /**
   * Batches leave on the next turn of the event loop rather than at once: callers whose reserve just
   * returned, and who are already asking again, get to join the batch instead of waiting for the next one.
   */
  private pump(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.maxInFlight) {
        const free = new Set(this.queue.map((w) => w.line.levelId).filter((id) => !this.busy.has(id)));
        if (free.size === 0) return;
        // Spread the free levels over the batches that may still start, but not thinner than MIN_BATCH_LEVELS.
        const share = Math.max(MIN_BATCH_LEVELS, Math.ceil(free.size / (this.maxInFlight - this.inFlight)));
        const batch = this.take(share);
        const levels = new Set(batch.map((w) => w.line.levelId));
        for (const id of levels) this.busy.add(id);
        this.inFlight += 1;
        void this.run(batch).finally(() => {
          for (const id of levels) this.busy.delete(id);
          this.inFlight -= 1;
          this.pump();
        });
      }
    });
  }

  /**
   * Queued lines of up to `maxLevels` levels that are not busy, in arrival order; the rest stay queued in
   * order. A repeat of a reference already in the batch rides along with the first asker.
   */
  private take(maxLevels: number): Waiting[] {
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    const byKey = new Map<string, Waiting>();
    const levels = new Set<string>();
    for (const waiting of this.queue) {
      const first = byKey.get(waiting.key);
      if (first) {
        first.repeats.push(waiting);
        continue;
      }
      const levelId = waiting.line.levelId;
      const fits =
        !this.busy.has(levelId) &&
        batch.length < MAX_BATCH_LINES &&
        (levels.has(levelId) || levels.size < maxLevels);
      if (!fits) {
        rest.push(waiting);
        continue;
      }
      levels.add(levelId);
      byKey.set(waiting.key, waiting);
      batch.push(waiting);
    }
    this.queue = rest;
    return batch;
  }

  /** Settles every caller of the batch; never throws. */
  private async run(batch: Waiting[]): Promise<void> {
    const lines = batch.map((w) => w.line);
    let existing = new Map<number, ReservationRow>();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        const outcomes = await this.ports.tx.run((manager) =>
          reserveBatch(
            manager,
            this.ports.tx.dialect,
            this.ports.recorder,
            lines,
            existing,
            this.ports.clock.now(),
          ),
        );
        outcomes.forEach((outcome, i) => this.settle(batch[i], outcome));
        return;
      } catch (error) {
        let failure: unknown = error;
        try {
          if (isUniqueViolation(error)) {
            // A reference was reserved before (or by a racing transaction): answer those lines with it.
            existing = await this.ports.findExisting(lines);
            continue;
          }
          if (error instanceof BatchLostRace || isRetryableLockError(error)) {
            await new Promise((resolve) => setTimeout(resolve, attempt * 5 + Math.random() * 10));
            continue;
          }
        } catch (lookupError) {
          failure = lookupError;
        }
        this.logger.warn(
          { err: String(failure), size: batch.length },
          'reserve batch failed; settling line by line',
        );
        break;
      }
    }
    await Promise.all(batch.map((waiting) => this.alone(waiting)));
  }

  private settle(waiting: Waiting, outcome: LineOutcome): void {
    if (outcome.kind !== 'insufficient') {
      const reservation = toReservation(outcome.row);
      for (const w of [waiting, ...waiting.repeats]) w.resolve(reservation);
      return;
    }
    const { line } = waiting;
    waiting.reject(insufficientStock(line.skuId, line.quantity, outcome.sellable));
    // A repeat may ask for a different quantity; it is decided on its own in a later batch.
    if (waiting.repeats.length > 0) {
      this.queue.unshift(...waiting.repeats.map((w) => ({ ...w, repeats: [] })));
      this.pump();
    }
  }

  private async alone(waiting: Waiting): Promise<void> {
    for (const w of [waiting, ...waiting.repeats]) {
      try {
        w.resolve(await this.ports.reserveAlone(w.line));
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
