import { EntityManager, QueryFailedError, QueryResult } from 'typeorm';

/**
 * Raw SQL for the few statements that must be exactly one conditional UPDATE (no read-modify-write), written
 * once for MariaDB and SQLite: `?` placeholders work on both; dates are bound the way each driver stores them.
 */
export type Dialect = 'mysql' | 'sqlite';

/** Runs a write and returns the number of rows it changed. */
export async function execute(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result: QueryResult = await runner.query(sql, params, true);
    return result.affected ?? 0;
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

export async function select<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  return manager.query<T[]>(sql, params);
}

/** SQLite keeps datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' UTC text (as TypeORM writes them); mysql2 binds Dates. */
export function sqlTime(dialect: Dialect, date: Date): Date | string {
  return dialect === 'sqlite' ? date.toISOString().replace('T', ' ').replace('Z', '') : date;
}

/** bigint columns come back from mysql2 as strings. */
export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${String(value)}`);
  return n;
}

export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; errno?: number } | undefined;
  return (
    driverError?.code === 'ER_DUP_ENTRY' ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Deadlocks and lock-wait timeouts: the transaction was rolled back and may simply be run again. */
export function isRetryableLockError(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string } | undefined;
  return driverError?.code === 'ER_LOCK_DEADLOCK' || driverError?.code === 'ER_LOCK_WAIT_TIMEOUT';
}
