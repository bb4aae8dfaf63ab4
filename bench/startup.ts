/**
 * Start-up time and idle memory of the api process on each runtime mode.
 * Needs `npm run build` first (measures the built process, as deployed). MariaDB and Redis on 127.0.0.1.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { dataSourceOptions } from '@tongdao/persistence';
import { tongdaoSchema } from '@tongdao/runtime';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

async function waitReady(port: number, child: ChildProcess, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('api did not become ready');
}

async function measure(mode: string, env: Record<string, string>): Promise<void> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    env: { ...process.env, ...env, PORT: String(port), SANDBOX_PORT: String(port + 1000), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    await waitReady(port, child);
    const readyMs = Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 5000));
    console.log(JSON.stringify({ bench: 'startup', mode, readyMs, idleRssMb: rssMb(child.pid!) }));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tongdao-bench-'));
  await measure('embedded (SQLite + in-process jobs + sandbox + demo)', {
    SQLITE_PATH: join(dir, 'db.sqlite'),
  });
  rmSync(dir, { recursive: true, force: true });

  const name = `td_bench_startup_${Date.now()}`;
  const server = await createConnection(MYSQL);
  await server.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
  const url = `${MYSQL}/${name}`;
  const ds = new DataSource(dataSourceOptions(loadConfig({ DATABASE_URL: url }), tongdaoSchema));
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  try {
    await measure('production api (MariaDB + Bull/Redis, jobs in the worker)', {
      DATABASE_URL: url,
      REDIS_URL: REDIS,
    });
  } finally {
    await server.query(`DROP DATABASE ${name}`);
    await server.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
