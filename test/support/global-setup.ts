import { createConnection } from 'mysql2/promise';
import Redis from 'ioredis';
import { testDatabaseServerUrl, testRedisUrl } from './services';

/** Fails the run at once, with a clear message, when MariaDB or Redis is not there. */
export default async function globalSetup(): Promise<void> {
  try {
    const connection = await createConnection(testDatabaseServerUrl());
    await connection.query('SELECT 1');
    // Databases left behind by an interrupted run at least two hours ago (never a concurrent run's).
    const [rows] = await connection.query("SHOW DATABASES LIKE 'td\\_test\\_%'");
    const cutoff = Date.now() / 1000 - 2 * 3600;
    for (const row of rows as Array<Record<string, string>>) {
      const name = Object.values(row)[0];
      const created = Number(/^td_test_(\d+)_/.exec(name)?.[1] ?? 0);
      if (created < cutoff) await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
    await connection.end();
  } catch (error) {
    throw new Error(`MariaDB/MySQL is not reachable at ${testDatabaseServerUrl()}: ${String(error)}`);
  }
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis is not reachable at ${testRedisUrl()}: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}
