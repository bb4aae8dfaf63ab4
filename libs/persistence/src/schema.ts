import { QueryRunner, Table, TableColumnOptions, TableIndex, TableIndexOptions } from 'typeorm';
import { ID_LENGTH } from './columns';

/**
 * Column builders for migrations written with TypeORM's Table API, so one migration runs unchanged on
 * MySQL/MariaDB and on SQLite. Ids are app-generated strings: no AUTO_INCREMENT anywhere.
 */
export const col = {
  id: (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: String(ID_LENGTH), isPrimary: true }),
  merchantId: (): TableColumnOptions => ({ name: 'merchant_id', type: 'varchar', length: String(ID_LENGTH) }),
  ref: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(ID_LENGTH),
    isNullable: nullable,
  }),
  string: (name: string, length: number, nullable = false): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  }),
  text: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'text',
    isNullable: nullable,
  }),
  bigint: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
    name,
    type: 'bigint',
    isNullable: nullable,
    default: defaultValue,
  }),
  int: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
    name,
    type: 'int',
    isNullable: nullable,
    default: defaultValue,
  }),
  bool: (name: string, defaultValue = false): TableColumnOptions => ({
    name,
    type: 'boolean',
    default: defaultValue ? 1 : 0,
  }),
  datetime: (name: string, nullable = false): TableColumnOptions => ({
    name,
    type: 'datetime',
    precision: 3,
    isNullable: nullable,
  }),
  timestamps: (): TableColumnOptions[] => [col.datetime('created_at'), col.datetime('updated_at')],
};

/** Large JSON documents: LONGTEXT on MySQL (TEXT stops at 64 KiB), TEXT on SQLite. */
export function jsonColumn(queryRunner: QueryRunner, name: string, nullable = false): TableColumnOptions {
  const isMysql = queryRunner.connection.options.type === 'mysql';
  return { name, type: isMysql ? 'longtext' : 'text', isNullable: nullable };
}

export async function createTable(
  queryRunner: QueryRunner,
  name: string,
  columns: TableColumnOptions[],
  indices: TableIndexOptions[] = [],
): Promise<void> {
  await queryRunner.createTable(new Table({ name, columns }), true);
  for (const index of indices) await queryRunner.createIndex(name, new TableIndex(index));
}

/** Migrations name their indices after their table and columns; this keeps the names unique and short. */
export function index(table: string, columns: string[], unique = false): TableIndexOptions {
  const name = `${unique ? 'uq' : 'ix'}_${table}_${columns.join('_')}`.slice(0, 60);
  return { name, columnNames: columns, isUnique: unique };
}
