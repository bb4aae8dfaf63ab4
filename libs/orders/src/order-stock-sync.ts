import { Injectable } from '@nestjs/common';
import { RequestContext } from '@tongdao/kernel';
import { MAX_EACH_LINES, StockService, type Reservation } from '@tongdao/inventory';
import { OrderLineRow, OrderRow } from './entities';
import { stockPhase } from './state-machine';

/** One order whose lines' stock must be brought in line with its status. */
export interface StockWork {
  order: OrderRow;
  lines: OrderLineRow[];
  /** Units the channel reports shipped per line id, for a partially shipped order. */
  channelShipped?: ReadonlyMap<string, number>;
}

/**
 * Makes each mapped line's stock agree with its order's status, for a whole ingestion page at once: held
 * (reserved) while pending or paid; committed as units ship; released when cancelled or closed. Mutates the
 * line rows and returns the ones it changed; the caller writes them.
 *
 * Runs inside the page's transaction. The page's reserves are one StockService.reserveEach batch (per
 * MAX_EACH_LINES lines), its lines sorted by SKU then line id and decided in that order: exactly the lines
 * without stock end `short` — the sale happened on the channel and is never refused.
 */
@Injectable()
export class OrderStockSync {
  constructor(private readonly stock: StockService) {}

  async apply(ctx: RequestContext, work: readonly StockWork[]): Promise<Set<OrderLineRow>> {
    const changed = new Set<OrderLineRow>();
    const wanting = work.flatMap((w) =>
      stockPhase(w.order.status) === 'none'
        ? []
        : w.lines.filter((l) => l.skuId && (l.stock === 'none' || l.stock === 'short')),
    );
    await this.reserveAll(ctx, wanting, changed);

    for (const { order, lines, channelShipped } of work) {
      const phase = stockPhase(order.status);
      for (const line of lines) {
        if (phase === 'none') {
          if (line.stock === 'reserved' && line.reservationId) {
            await this.stock.release(
              ctx,
              line.reservationId,
              order.status === 'cancelled' ? 'order_cancelled' : 'order_closed',
            );
            line.stock = 'released';
            changed.add(line);
          }
          continue;
        }
        const target = shippedTarget(order, line, channelShipped);
        if (target <= line.shippedQuantity) continue;
        if (line.stock === 'reserved' && line.reservationId) {
          if (target === line.quantity) await this.stock.commit(ctx, line.reservationId);
          else await this.stock.commit(ctx, line.reservationId, target - line.shippedQuantity);
          if (target === line.quantity) line.stock = 'committed';
        }
        line.shippedQuantity = target;
        changed.add(line);
      }
    }
    return changed;
  }

  private async reserveAll(
    ctx: RequestContext,
    lines: OrderLineRow[],
    changed: Set<OrderLineRow>,
  ): Promise<void> {
    const sorted = [...lines].sort((a, b) => compare(a.skuId!, b.skuId!) || compare(a.id, b.id));
    for (let start = 0; start < sorted.length; start += MAX_EACH_LINES) {
      const chunk = sorted.slice(start, start + MAX_EACH_LINES);
      const reserved = await this.stock.reserveEach(
        ctx,
        chunk.map((l) => ({
          skuId: l.skuId!,
          quantity: l.quantity,
          reference: { type: 'order_line', id: l.id },
        })),
      );
      chunk.forEach((line, i) => mark(line, reserved[i], changed));
    }
  }
}

function mark(line: OrderLineRow, reservation: Reservation | null, changed: Set<OrderLineRow>): void {
  const stock = reservation ? 'reserved' : 'short';
  if (line.stock === stock && line.reservationId === (reservation?.id ?? null)) return;
  line.stock = stock;
  line.reservationId = reservation?.id ?? null;
  changed.add(line);
}

/** How many units of the line have left the warehouse according to the order's status. */
function shippedTarget(
  order: OrderRow,
  line: OrderLineRow,
  channelShipped: ReadonlyMap<string, number> | undefined,
): number {
  if (stockPhase(order.status) !== 'consumed') return line.shippedQuantity;
  if (order.status !== 'partially_shipped') return line.quantity;
  return Math.min(line.quantity, Math.max(line.shippedQuantity, channelShipped?.get(line.id) ?? 0));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
