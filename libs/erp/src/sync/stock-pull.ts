import { Injectable } from '@nestjs/common';
import { SkusService } from '@tongdao/catalog';
import { StockQueries, StockService, WarehouseService } from '@tongdao/inventory';
import { DomainError, RequestContext } from '@tongdao/kernel';
import { ErpConnector, ErpStockRow, MAX_CODES_PER_QUERY } from '../connector/erp-connector';
import { ErpConnectionRow } from '../erp.entities';
import { ErpOptions } from '../erp-options';
import { ErpSyncLog, SyncLogEntry } from '../sync-log.service';
import { allPages, windowEnd, windowsBetween } from './windows';

export interface StockPullSummary {
  seen: number;
  adjusted: number;
  unknown: number;
  failed: number;
  /** The new cursor: the ERP's changes up to here are in. */
  until: Date;
}

/**
 * The ERP as the stock's source of truth: its physical count per SKU becomes our on hand in the connection's
 * warehouse (`setOnHand`, ledger reason erp_sync), only where the two differ. Our reservations — paid orders
 * not yet shipped, carts — stay reserved: the ERP's count still includes those goods until they ship, so
 * sellable = ERP count − reserved − safety stock. The stock push then carries the figure to every channel.
 */
@Injectable()
export class ErpStockPull {
  constructor(
    private readonly skus: SkusService,
    private readonly stock: StockService,
    private readonly queries: StockQueries,
    private readonly warehouses: WarehouseService,
    private readonly log: ErpSyncLog,
    private readonly options: ErpOptions,
  ) {}

  async pull(
    ctx: RequestContext,
    connection: ErpConnectionRow,
    connector: ErpConnector,
  ): Promise<StockPullSummary> {
    const until = windowEnd();
    const counts = connection.stockCursor
      ? await this.changedSince(connection, connector, connection.stockCursor, until)
      : await this.everything(connection, connector);
    const summary: StockPullSummary = { seen: counts.size, adjusted: 0, unknown: 0, failed: 0, until };
    const warehouseId = await this.warehouses.resolve(ctx, connection.warehouseId);
    const entries: SyncLogEntry[] = [];
    for (const [code, quantity] of counts) {
      const entry = await this.apply(ctx, warehouseId, code, quantity);
      if (!entry) continue;
      summary[entry.outcome as 'adjusted' | 'unknown' | 'failed'] += 1;
      entries.push({ kind: 'stock', ...entry });
    }
    await this.log.write(ctx, entries);
    return summary;
  }

  /** First pull: the whole inventory, summed per SKU over the warehouses that count. */
  private async everything(
    connection: ErpConnectionRow,
    connector: ErpConnector,
  ): Promise<Map<string, number>> {
    const rows = await allPages((page) =>
      connector.pullStock({ page, erpWarehouseId: connection.erpWarehouseId }),
    );
    return sumPerSku(rows, connection.erpWarehouseId);
  }

  /**
   * Later pulls: the SKUs the ERP changed in the window (a little before the cursor, for late writes), then
   * their full counts — a changed row of one warehouse says nothing about the SKU's total over all of them.
   */
  private async changedSince(
    connection: ErpConnectionRow,
    connector: ErpConnector,
    cursor: Date,
    until: Date,
  ): Promise<Map<string, number>> {
    const from = new Date(cursor.getTime() - this.options.windowOverlapMs);
    const changed = new Set<string>();
    for (const window of windowsBetween(from, until)) {
      const rows = await allPages((page) =>
        connector.pullStock({
          page,
          modifiedFrom: window.from,
          modifiedTo: window.to,
          erpWarehouseId: connection.erpWarehouseId,
        }),
      );
      for (const row of rows) changed.add(row.outerSkuCode);
    }
    const codes = [...changed];
    const counts = new Map<string, number>();
    for (let i = 0; i < codes.length; i += MAX_CODES_PER_QUERY) {
      const chunk = codes.slice(i, i + MAX_CODES_PER_QUERY);
      const rows = await allPages((page) =>
        connector.pullStock({ page, skuCodes: chunk, erpWarehouseId: connection.erpWarehouseId }),
      );
      for (const [code, quantity] of sumPerSku(rows, connection.erpWarehouseId)) counts.set(code, quantity);
    }
    return counts;
  }

  private async apply(
    ctx: RequestContext,
    warehouseId: string,
    code: string,
    quantity: number,
  ): Promise<Omit<SyncLogEntry, 'kind'> | null> {
    const sku = await this.skus.findByCode(ctx, code);
    if (!sku) return { erpRef: code, outcome: 'unknown', detail: `no SKU with code ${code}` };
    const level = (await this.queries.skuStock(ctx, sku.id)).levels.find(
      (l) => l.warehouseId === warehouseId,
    );
    const before = level?.onHand ?? 0;
    if (before === quantity) return null;
    try {
      await this.stock.adjust(ctx, {
        skuId: sku.id,
        warehouseId,
        setOnHand: quantity,
        reason: 'erp_sync',
        note: `ERP count ${quantity}`,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { skuId: sku.id, erpRef: code, outcome: 'failed', detail: error.message };
    }
    return { skuId: sku.id, erpRef: code, outcome: 'adjusted', detail: `on hand ${before} → ${quantity}` };
  }
}

function sumPerSku(rows: readonly ErpStockRow[], erpWarehouseId: string | null): Map<string, number> {
  const perWarehouse = new Map<string, number>();
  for (const row of rows) {
    if (erpWarehouseId && row.erpWarehouseId !== erpWarehouseId) continue;
    perWarehouse.set(`${row.outerSkuCode}\u0000${row.erpWarehouseId}`, Math.max(0, row.quantity));
  }
  const totals = new Map<string, number>();
  for (const [key, quantity] of perWarehouse) {
    const code = key.split('\u0000')[0];
    totals.set(code, (totals.get(code) ?? 0) + quantity);
  }
  return totals;
}
