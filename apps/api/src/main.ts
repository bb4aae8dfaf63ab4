import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@tongdao/config';
import { createApiApp } from './bootstrap';
import { startEmbeddedCompanions } from './embedded';

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const started = performance.now();
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.PORT, '0.0.0.0');
  const companions = await startEmbeddedCompanions(app, config);
  const url = `http://localhost:${config.PORT}`;
  const startupMs = Math.round(performance.now() - started);
  console.log(
    JSON.stringify({
      msg: 'tongdao api listening',
      url,
      docs: `${url}/docs`,
      mode: config.isEmbedded ? 'embedded' : 'production',
      database: config.databaseKind,
      jobs: config.jobsKind,
      startupMs,
      ...companions,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
