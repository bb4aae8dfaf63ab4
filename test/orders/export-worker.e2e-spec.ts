import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@tongdao/config';
import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Setup, channelOrder, setup } from './fixtures';
import { csvObjects, getCsv, pollUntil } from './export-support';

/**
 * Production shape: the api only enqueues (RUN_JOBS=off), a separate worker runtime produces the file into
 * the database, and the api serves it. Until the worker has run, the download is 409.
 */
describe('order export with api and worker as separate runtimes (MariaDB + Redis)', () => {
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let s: Setup;

  beforeAll(async () => {
    t = await startTestApp({ env: { RUN_JOBS: 'off' } });
    s = await setup(t, 100);
    const orders = Array.from({ length: 25 }, (_, i) =>
      channelOrder(s, { placedAt: new Date(Date.UTC(2026, 10, 1, 0, i)), qty: 1 }),
    );
    await t.app.get(OrderIngestion).ingest(s.ctx, s.accountId, orders);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
  });

  it('is 409 before the worker runs, then reaches 100% and downloads what the stream gives', async () => {
    const started = await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(s.m.token))
      .send({ filters: { status: 'paid' } })
      .expect(202);
    const early = await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}/download`)
      .set(...bearer(s.m.token))
      .expect(409);
    expect(early.body.code).toBe('export_not_ready');
    const status = await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(status.body).toMatchObject({ status: 'queued', progress: 0, downloadPath: null });

    const workerConfig = Object.assign(new AppConfig(), t.config, { RUN_JOBS: 'on' });
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(workerConfig), {
      logger: false,
    });
    await worker.init();

    const done = await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/exports/${started.body.id}`).set(...bearer(s.m.token))).body,
      (v: { status: string }) => v.status === 'completed' || v.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', rowsWritten: 25, rowsTotal: 25, progress: 100 });
    const file = await getCsv(t, `/admin/v1/orders/exports/${started.body.id}/download`, s.m.token);
    const streamed = await getCsv(t, '/admin/v1/orders/export.csv?status=paid', s.m.token);
    expect(csvObjects(file)).toHaveLength(25);
    expect(file).toBe(streamed);
  });
});
