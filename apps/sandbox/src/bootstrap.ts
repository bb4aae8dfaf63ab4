import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SandboxModule } from './sandbox.module';

export async function createSandboxApp(): Promise<INestApplication> {
  const app = await NestFactory.create(SandboxModule, {
    logger: ['error', 'warn'],
    // WeChat Pay request signatures cover the body byte for byte, so keep it as received.
    rawBody: true,
  });
  app.enableShutdownHooks();
  return app;
}
