import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Bound values per statement: under SQLite's 32,766 variables and far under MariaDB's packet limit. */
const MAX_VALUES = 30_000;

/**
 * Rows as one multi-row INSERT per up to MAX_VALUES values, nothing read back. The entity's own column
 * mapping converts each value (transformers, JSON, dates, booleans — per dialect); a value left undefined
 * takes the column's literal default, else NULL. Built here rather than by the query builder, whose cost grows
 * with the square of the bound parameters: a 300-line page would spend longer building than running.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => c.isInsert && !c.isVirtual);
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perStatement = Math.max(1, Math.floor(MAX_VALUES / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) {
      for (const column of columns) {
        let value: unknown = column.getEntityValue(row);
        if (value === undefined && typeof column.default !== 'function') value = column.default;
        value = value === undefined ? null : driver.preparePersistentValue(value, column);
        params.push(value ?? null);
      }
    }
    await manager.query(
      `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ${new Array<string>(chunk.length).fill(tuple).join(', ')}`,
      params,
    );
  }
}
