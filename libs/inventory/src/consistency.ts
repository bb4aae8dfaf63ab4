import { EntityManager } from 'typeorm';
import { int, select } from './sql';

export interface ConsistencyMismatch {
  skuId: string;
  warehouseId: string;
  levelId: string;
  field: 'onHand' | 'reserved';
  level: number;
  ledger: number;
}

export interface ConsistencyReport {
  ok: boolean;
  checkedSkus: number;
  checkedLevels: number;
  mismatches: ConsistencyMismatch[];
}

/**
 * Proves the ledger: for every level of one merchant, the sum of its ledger deltas equals its on hand and its
 * reserved. A mismatch means a write bypassed the ledger (or the table was edited by hand). A plain function
 * over an EntityManager so the operator CLI can run it without booting the application.
 */
export async function checkLedgerConsistency(
  manager: EntityManager,
  merchantId: string,
): Promise<ConsistencyReport> {
  const rows = await select<Record<string, unknown>>(
    manager,
    `SELECT l.id AS levelId, l.sku_id AS skuId, l.warehouse_id AS warehouseId, l.on_hand AS onHand,
            l.reserved AS reserved,
            (SELECT COALESCE(SUM(e.on_hand_delta), 0) FROM stock_ledger e
              WHERE e.merchant_id = l.merchant_id AND e.level_id = l.id) AS ledgerOnHand,
            (SELECT COALESCE(SUM(e.reserved_delta), 0) FROM stock_ledger e
              WHERE e.merchant_id = l.merchant_id AND e.level_id = l.id) AS ledgerReserved
       FROM stock_levels l WHERE l.merchant_id = ?`,
    [merchantId],
  );
  const mismatches: ConsistencyMismatch[] = [];
  for (const row of rows) {
    const base = {
      skuId: String(row.skuId),
      warehouseId: String(row.warehouseId),
      levelId: String(row.levelId),
    };
    const pairs: Array<['onHand' | 'reserved', unknown, unknown]> = [
      ['onHand', row.onHand, row.ledgerOnHand],
      ['reserved', row.reserved, row.ledgerReserved],
    ];
    for (const [field, level, ledger] of pairs) {
      if (int(level) !== int(ledger))
        mismatches.push({ ...base, field, level: int(level), ledger: int(ledger) });
    }
  }
  return {
    ok: mismatches.length === 0,
    checkedSkus: new Set(rows.map((r) => String(r.skuId))).size,
    checkedLevels: rows.length,
    mismatches,
  };
}

/** Every merchant that has stock levels. */
export async function merchantsWithStock(manager: EntityManager): Promise<string[]> {
  const rows = await select<{ merchantId: string }>(
    manager,
    'SELECT DISTINCT merchant_id AS merchantId FROM stock_levels ORDER BY merchant_id',
    [],
  );
  return rows.map((r) => r.merchantId);
}
