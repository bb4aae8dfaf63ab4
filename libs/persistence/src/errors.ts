/** Driver error codes, read the same way on MariaDB (mysql2) and SQLite (better-sqlite3). */
function driverCode(error: unknown): { code?: string; errno?: number } {
  const e = error as {
    code?: string;
    errno?: number;
    driverError?: { code?: string; errno?: number };
  } | null;
  return { code: e?.driverError?.code ?? e?.code, errno: e?.driverError?.errno ?? e?.errno };
}

/** Another writer took the same unique key (MariaDB ER_DUP_ENTRY, SQLite UNIQUE/PRIMARY KEY). */
export function isUniqueViolation(error: unknown): boolean {
  const { code, errno } = driverCode(error);
  return (
    code === 'ER_DUP_ENTRY' ||
    errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Deadlocks and lock-wait timeouts: the transaction was rolled back and may simply be run again. */
export function isRetryableLockError(error: unknown): boolean {
  const { code } = driverCode(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'SQLITE_BUSY';
}
