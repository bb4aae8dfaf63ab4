import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SandboxModule } from './sandbox.module';

export async function createSandboxApp(): Promise<INestApplication> {
  const app = await NestFactory.create(SandboxModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  return app;
}
