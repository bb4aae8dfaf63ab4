import { Column, ColumnOptions, PrimaryColumn, ValueTransformer } from 'typeorm';

/** bigint comes back from mysql2 as a string; money and quantities must be exact integers in JS. */
export const integerTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => {
    if (value === null || value === undefined) return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n))
      throw new Error(`stored integer ${String(value)} is outside the safe range`);
    return n;
  },
};

export const ID_LENGTH = 26;

export function IdColumn(): PropertyDecorator {
  return PrimaryColumn({ type: 'varchar', length: ID_LENGTH });
}

export function RefColumn(name: string, options: Partial<ColumnOptions> = {}): PropertyDecorator {
  return Column({ name, type: 'varchar', length: ID_LENGTH, ...options });
}

/** Integer fen; bigint in the database. */
export function MoneyColumn(name: string, options: Partial<ColumnOptions> = {}): PropertyDecorator {
  return Column({ name, type: 'bigint', transformer: integerTransformer, ...options });
}

export function IntColumn(name: string, options: Partial<ColumnOptions> = {}): PropertyDecorator {
  return Column({ name, type: 'bigint', transformer: integerTransformer, ...options });
}

/** Stored as UTC (the mysql2 connection is opened with timezone 'Z'; SQLite stores ISO UTC strings). */
export function UtcColumn(name: string, options: Partial<ColumnOptions> = {}): PropertyDecorator {
  return Column({ name, type: 'datetime', precision: 3, ...options });
}

/** JSON kept as text so the same column works on MySQL and SQLite. */
export function JsonColumn(name: string, options: Partial<ColumnOptions> = {}): PropertyDecorator {
  return Column({ name, type: 'simple-json', ...options });
}
