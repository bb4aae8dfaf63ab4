import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@tongdao/config';
import { createSandboxApp } from '../../sandbox/src/bootstrap';
import { DemoSeeder } from './demo/demo.seeder';

/**
 * On the embedded default one command must show Tongdao at work, so the api process also serves the
 * platform sandbox (channels need something to talk to) and keeps a demo merchant. In production the
 * sandbox is its own process (`npm run start:sandbox`) and the demo is off unless asked for.
 */
export async function startEmbeddedCompanions(
  app: INestApplication,
  config: AppConfig,
): Promise<Record<string, unknown>> {
  const info: Record<string, unknown> = {};
  if (config.isEmbedded && config.SANDBOX === 'on') {
    const sandbox = await createSandboxApp();
    await sandbox.listen(config.SANDBOX_PORT, '127.0.0.1');
    info.sandbox = `http://127.0.0.1:${config.SANDBOX_PORT}`;
  }
  if (config.isEmbedded && config.TONGDAO_DEMO === 'on') {
    info.demo = await app
      .get(DemoSeeder)
      .ensure(info.sandbox as string | undefined, `http://127.0.0.1:${config.PORT}`);
  }
  return info;
}
