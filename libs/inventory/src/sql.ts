import { EntityManager, QueryResult } from 'typeorm';

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

export { sqlTime } from '@tongdao/persistence';

/** bigint columns come back from mysql2 as strings. */
export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer, got ${String(value)}`);
  return n;
}

export { isRetryableLockError, isUniqueViolation } from '@tongdao/persistence';
