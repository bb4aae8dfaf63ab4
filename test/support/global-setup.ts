import { createConnection } from 'mysql2/promise';
import Redis from 'ioredis';
import { testDatabaseServerUrl, testRedisUrl } from './services';

/** Fails the run at once, with a clear message, when MariaDB or Redis is not there. */
export default async function globalSetup(): Promise<void> {
  try {
    const connection = await createConnection(testDatabaseServerUrl());
    await connection.query('SELECT 1');
    // Databases left behind by an interrupted earlier run.
    const [rows] = await connection.query("SHOW DATABASES LIKE 'td\\_test\\_%'");
    for (const row of rows as Array<Record<string, string>>) {
      await connection.query(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
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
