import { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@tongdao/config';
import { ApiModule } from './api.module';
import { toErrorBody } from './http/exception.filter';
import { requestContextMiddleware } from './http/request-context.middleware';

/** Builds the configured HTTP application without listening: main.ts listens, tests use supertest. */
export async function createApiApp(
  config: AppConfig,
  extra: Pick<ModuleMetadata, 'imports' | 'providers'> = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, extra), {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  // CSV uploads (catalog import, batch shipping) only; every other route takes JSON or a form.
  app.use('/admin/v1/catalog/imports', express.text({ type: 'text/csv', limit: '10mb' }));
  app.use('/admin/v1/orders/shipments/import', express.text({ type: 'text/csv', limit: '2mb' }));
  // WeChat pushes are XML of a few KB, whatever content type they declare.
  app.use('/channels/wechat', express.text({ type: () => true, limit: '64kb' }));
  // WeChat Pay notifications: the signature covers the exact body bytes, so JSON is kept as text here.
  app.use('/channels/wechatpay', express.text({ type: 'application/json', limit: '64kb' }));
  app.use(express.json({ limit: config.BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: config.BODY_LIMIT }));
  // Body-parser failures happen before Nest's filters; answer them in the same error shape.
  app.use((error: unknown, req: Request & { id?: string }, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const { status, body } = toErrorBody(error, req.id ?? null);
    res.status(status).json(body);
  });
  app.enableShutdownHooks();
  publishOpenApi(app);
  return app;
}

function publishOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tongdao API')
      .setDescription(
        'Multi-channel merchant back office. /admin/v1: the merchant back office (bearer token from /admin/v1/auth/login). ' +
          'Errors are always {code, message, details[{field, problem}], requestId}. Money is integer fen (CNY); times are UTC ISO-8601.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
