import { OrderIngestion, ShipmentImportView } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import { channelOrder, setup } from './fixtures';
import { csvObjects, getCsv, pollUntil } from './export-support';

/** The embedded default (SQLite, in-process jobs) runs the same export job and batch shipping. */
describe('order export and batch shipping on the embedded SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database: 'sqlite' });
  });
  afterAll(async () => t.close());

  it('exports through a job into chunks and ships from a CSV', async () => {
    const s = await setup(t, 50);
    const results = await t.app
      .get(OrderIngestion)
      .ingest(s.ctx, s.accountId, [
        channelOrder(s, { externalOrderId: 'SQ-1', placedAt: new Date('2026-11-01T00:00:00Z') }),
        channelOrder(s, { externalOrderId: 'SQ-2', placedAt: new Date('2026-11-02T00:00:00Z') }),
      ]);
    const started = await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(s.m.token))
      .send({ filters: { createdFrom: '2026-11-02T00:00:00Z' } })
      .expect(202);
    const done = await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/exports/${started.body.id}`).set(...bearer(s.m.token))).body,
      (v: { status: string }) => v.status === 'completed' || v.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', rowsWritten: 1, progress: 100 });
    const rows = csvObjects(
      await getCsv(t, `/admin/v1/orders/exports/${started.body.id}/download`, s.m.token),
    );
    expect(rows.map((r) => r.external_order_id)).toEqual(['SQ-2']);
    expect(rows[0].placed_at_utc).toBe('2026-11-02T00:00:00.000Z');

    const upload = await t.http
      .post('/admin/v1/orders/shipments/import')
      .set(...bearer(s.m.token))
      .set('Content-Type', 'text/csv')
      .send(`external_order_id,carrier_code,tracking_no\nSQ-1,SF,SF5550001\nSQ-404,SF,SF5550002\n`)
      .expect(202);
    const report = await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/shipments/imports/${upload.body.id}`).set(...bearer(s.m.token)))
          .body,
      (v: ShipmentImportView) => v.status === 'completed' || v.status === 'failed',
    );
    expect(report).toMatchObject({ status: 'completed', shippedRows: 1, errorRows: 1, progress: 100 });
    expect(report.rows[0]).toMatchObject({ row: 2, outcome: 'shipped', orderId: results[0].orderId });
    expect(report.rows[1].error?.code).toBe('not_found');
  });
});
