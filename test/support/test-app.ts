import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@tongdao/config';
import { dataSourceOptions } from '@tongdao/persistence';
import { tongdaoSchema } from '@tongdao/runtime';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { testDatabaseServerUrl, testRedisUrl } from './services';

export interface TestAppOptions {
  /** mysql (default): a fresh MariaDB database; sqlite: a fresh embedded file. */
  database?: 'mysql' | 'sqlite';
  /** Use Bull on Redis (default true with mysql). A string is a Redis URL (e.g. a proxy to cut). */
  redis?: boolean | string;
  env?: Record<string, string>;
  imports?: ModuleMetadata['imports'];
  providers?: ModuleMetadata['providers'];
}

export interface TestApp {
  app: NestExpressApplication;
  http: ReturnType<typeof supertest>;
  config: AppConfig;
  dataSource: DataSource;
  close(): Promise<void>;
}

function uniqueName(prefix: string): string {
  return `${prefix}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
}

/** A fresh database, migrated, for one suite; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  // The creation time in the name lets a later run sweep leftovers without touching a concurrent run's.
  const name = uniqueName(`td_test_${Math.floor(Date.now() / 1000)}`);
  const server = await createConnection(testDatabaseServerUrl());
  await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();
  const url = `${testDatabaseServerUrl()}/${name}`;
  return {
    url,
    async drop() {
      const conn = await createConnection(testDatabaseServerUrl());
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

async function migrate(config: AppConfig): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(config, tongdaoSchema));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}

/** Leaves the shared Redis as it was found: removes this suite's queues and counters. */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** Boots the real api (real MariaDB, real Redis unless told otherwise) for a suite. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? 'mysql';
  const env: Record<string, string> = {
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    OUTBOX_POLL_MS: '50',
    // One process plays api and worker, so suites see jobs run.
    RUN_JOBS: 'on',
    SECRETS_KEY: 'test-only-secrets-key-not-for-production',
    REDIS_KEY_PREFIX: uniqueName('tdt').toLowerCase(),
    ...options.env,
  };
  let dropDatabase = async (): Promise<void> => undefined;
  let tempDir: string | null = null;
  if (database === 'mysql') {
    const db = await createTestDatabase();
    env.DATABASE_URL = db.url;
    dropDatabase = db.drop;
  } else {
    tempDir = mkdtempSync(join(tmpdir(), 'tongdao-'));
    env.SQLITE_PATH = join(tempDir, 'tongdao.sqlite');
  }
  const redis = options.redis ?? database === 'mysql';
  if (redis) env.REDIS_URL = typeof redis === 'string' ? redis : testRedisUrl();

  const config = loadConfig(env);
  if (database === 'mysql') await migrate(config);
  const app = await createApiApp(config, { imports: options.imports, providers: options.providers });
  await app.init();
  return {
    app,
    http: supertest(app.getHttpServer()),
    config,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      await dropDatabase();
      if (redis) await deleteRedisKeys(env.REDIS_URL, env.REDIS_KEY_PREFIX);
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
