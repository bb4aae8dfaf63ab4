import { createConnection } from 'mysql2/promise';
import { newId } from '@tongdao/kernel';
import { testDatabaseServerUrl } from '@tongdao/testing';

/** A throwaway MariaDB database (not td_test_*: the test runs' global setup drops those, even mid-bench). */
export async function createBenchDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `td_bench_${newId().toLowerCase()}`;
  const server = await createConnection(testDatabaseServerUrl());
  await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();
  return {
    name,
    url: `${testDatabaseServerUrl()}/${name}`,
    async drop() {
      const conn = await createConnection(testDatabaseServerUrl());
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Runs `count` jobs with at most `concurrency` in flight; results in job order. */
export async function inParallel<T>(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}
