import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig } from '@tongdao/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  const started = performance.now();
  const config = loadConfig();
  if (config.jobsKind !== 'bull') {
    throw new Error('The worker needs REDIS_URL: on the embedded default the api runs jobs in-process.');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  console.log(
    JSON.stringify({ msg: 'tongdao worker running', startupMs: Math.round(performance.now() - started) }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
