import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSourceOptions, MixedList } from 'typeorm';
import type { AppConfig } from '@tongdao/config';

/** What each bounded context contributes to the one database: its entities and its migrations. */
export interface SchemaContribution {
  // TypeORM's own option types: entity classes and migration classes.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
}

export function dataSourceOptions(
  config: Pick<AppConfig, 'DATABASE_URL' | 'SQLITE_PATH'>,
  schema: SchemaContribution,
): DataSourceOptions {
  const common = {
    entities: schema.entities,
    migrations: schema.migrations,
    synchronize: false,
    logging: false,
  } as const;
  if (config.DATABASE_URL) {
    return {
      ...common,
      type: 'mysql',
      url: config.DATABASE_URL,
      // Dates cross the wire as UTC whatever the server's or the process's zone is.
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      supportBigNumbers: true,
      bigNumberStrings: true,
      poolSize: 20,
      migrationsTransactionMode: 'each',
    };
  }
  if (config.SQLITE_PATH !== ':memory:') mkdirSync(dirname(config.SQLITE_PATH), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.SQLITE_PATH,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
    },
    migrationsTransactionMode: 'each',
  };
}
