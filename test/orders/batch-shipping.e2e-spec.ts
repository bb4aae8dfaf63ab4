import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, createStaffWithRole, startTestApp } from '@tongdao/testing';
import { Setup, channelOrder, line, setup } from './fixtures';
import { pollUntil } from './export-support';

interface Report {
  status: string;
  totalRows: number;
  processedRows: number;
  shippedRows: number;
  errorRows: number;
  progress: number;
  rows: Array<{
    row: number;
    outcome: string;
    orderId: string | null;
    shipmentId: string | null;
    error: { code: string; fields: Array<{ field: string }> } | null;
  }>;
}

describe('batch shipping from CSV (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let other: Setup;

  beforeAll(async () => {
    t = await startTestApp();
    s = await setup(t, 500);
    other = await setup(t, 10);
  });
  afterAll(async () => t.close());

  const ingest = async (
    target: Setup,
    overrides: Parameters<typeof channelOrder>[1] = {},
  ): Promise<string> => {
    const [r] = await t.app
      .get(OrderIngestion)
      .ingest(target.ctx, target.accountId, [channelOrder(target, overrides)]);
    return r.orderId;
  };
  const upload = (csv: string, token = s.m.token) =>
    t.http
      .post('/admin/v1/orders/shipments/import')
      .set(...bearer(token))
      .set('Content-Type', 'text/csv')
      .send(csv);
  const finished = async (id: string, token = s.m.token): Promise<Report> =>
    pollUntil(
      async () =>
        (
          await t.http
            .get(`/admin/v1/orders/shipments/imports/${id}`)
            .set(...bearer(token))
            .expect(200)
        ).body as Report,
      (r) => r.status === 'completed' || r.status === 'failed',
    );
  const order = async (id: string) =>
    (
      await t.http
        .get(`/admin/v1/orders/${id}`)
        .set(...bearer(s.m.token))
        .expect(200)
    ).body as {
      status: string;
      lines: Array<{ id: string; quantity: number; shippedQuantity: number }>;
    };

  it('ships whole and partial parcels by order id or external id, and reports every bad row without stopping', async () => {
    const whole = await ingest(s, { externalOrderId: 'EXT-WHOLE' });
    const byId = await ingest(s);
    const partial = await ingest(s, { lines: [line(s.skuCode, 1, 3), line(s.skuCode, 2, 1)] });
    const unpaid = await ingest(s, { status: 'pending_payment' });
    const [l1, l2] = (await order(partial)).lines;
    const csv = [
      'external_order_id,order_id,carrier_code,tracking_no,line_id,quantity',
      'EXT-WHOLE,,SF,SF1000000001,,',
      `,${byId},YTO,YT2000000002,,`,
      `,${partial},ZTO,ZT3000000003,${l1.id},2`,
      `,${partial},ZTO,ZT3000000004,${l1.id},5`,
      `,${partial},ZTO,ZT3000000005,${l2.id},1`,
      `,${unpaid},SF,SF1000000006,,`,
      `,${byId},SF,SF1000000007,,`,
      ',,SF,SF1000000008,,',
      `,${partial},S F,x,,`,
      'NO-SUCH-ORDER,,SF,SF1000000010,,',
      `,01ARZ3NDEKTSV4RRFFQ69G5FAV,SF,SF1000000011,,`,
    ].join('\n');
    const res = await upload(csv).expect(202);
    expect(res.body).toMatchObject({ status: 'queued', totalRows: 11, processedRows: 0 });
    const report = await finished(res.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      totalRows: 11,
      processedRows: 11,
      shippedRows: 4,
      errorRows: 7,
      progress: 100,
    });
    const outcome = (row: number) => report.rows.find((r) => r.row === row)!;
    expect(outcome(2)).toMatchObject({ outcome: 'shipped', orderId: whole });
    expect(outcome(3)).toMatchObject({ outcome: 'shipped', orderId: byId });
    expect(outcome(4)).toMatchObject({ outcome: 'shipped', orderId: partial });
    expect(outcome(5).error).toMatchObject({ code: 'invalid_shipment' });
    expect(outcome(6)).toMatchObject({ outcome: 'shipped' });
    expect(outcome(7).error).toMatchObject({ code: 'illegal_transition' });
    expect(outcome(8).error).toMatchObject({ code: 'illegal_transition' });
    expect(outcome(9).error).toMatchObject({ code: 'invalid_row' });
    expect(
      outcome(10)
        .error!.fields.map((f) => f.field)
        .sort(),
    ).toEqual(['carrier_code', 'tracking_no']);
    expect(outcome(11).error).toMatchObject({ code: 'not_found' });
    expect(outcome(12).error).toMatchObject({ code: 'not_found' });

    expect((await order(whole)).status).toBe('shipped');
    expect((await order(byId)).status).toBe('shipped');
    expect((await order(unpaid)).status).toBe('pending_payment');
    const after = await order(partial);
    expect(after.status).toBe('partially_shipped');
    expect(after.lines.map((l) => l.shippedQuantity)).toEqual([2, 1]);

    const audit: Array<{ n: string | number }> = await t.dataSource.query(
      "SELECT COUNT(*) AS n FROM audit_log WHERE merchant_id = ? AND action = 'order.ship' AND actor_staff_id = ?",
      [s.m.merchantId, s.m.staffId],
    );
    expect(Number(audit[0].n)).toBe(4);
  });

  it('reports orders outside the uploader’s reach (another merchant, not assigned) as not found', async () => {
    const mine = await ingest(s, { externalOrderId: 'EXT-MINE' });
    const notAssigned = await ingest(s, { externalOrderId: 'EXT-NOT-MINE' });
    const foreign = await ingest(other, { externalOrderId: 'EXT-FOREIGN' });
    const agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
    await t.http
      .post(`/admin/v1/orders/${mine}/assign`)
      .set(...bearer(s.m.token))
      .send({ staffId: agent.staffId })
      .expect(200);
    const csv = [
      'order_id,external_order_id,carrier_code,tracking_no',
      `${mine},,SF,SF2000000001`,
      `${notAssigned},,SF,SF2000000002`,
      ',EXT-NOT-MINE,SF,SF2000000003',
      `${foreign},,SF,SF2000000004`,
      ',EXT-FOREIGN,SF,SF2000000005',
    ].join('\r\n');
    const res = await upload(csv, agent.token).expect(202);
    const report = await finished(res.body.id, agent.token);
    expect(report.rows.map((r) => r.error?.code ?? r.outcome)).toEqual([
      'shipped',
      'not_found',
      'not_found',
      'not_found',
      'not_found',
    ]);
    expect((await order(notAssigned)).status).toBe('paid');
    const foreignNow: Array<{ status: string }> = await t.dataSource.query(
      'SELECT status FROM orders WHERE id = ?',
      [foreign],
    );
    expect(foreignNow[0].status).toBe('paid');
    // The report belongs to its uploader.
    await t.http
      .get(`/admin/v1/orders/shipments/imports/${res.body.id}`)
      .set(...bearer(s.m.token))
      .expect(404);
    await t.http
      .get(`/admin/v1/orders/shipments/imports/${res.body.id}`)
      .set(...bearer(other.m.token))
      .expect(404);
  });

  it('refuses garbage files as a whole with a code and the offending fields', async () => {
    const notCsv = await t.http
      .post('/admin/v1/orders/shipments/import')
      .set(...bearer(s.m.token))
      .send({ order_id: 'x' })
      .expect(415);
    expect(notCsv.body.code).toBe('unsupported_media_type');
    const missing = await upload('order_id,tracking_no\n01ARZ3NDEKTSV4RRFFQ69G5FAV,SF1').expect(400);
    expect(missing.body.code).toBe('invalid_header');
    expect(JSON.stringify(missing.body)).toContain('carrier_code');
    const unknown = await upload('order_id,carrier_code,tracking_no,colour\n').expect(400);
    expect(unknown.body.code).toBe('invalid_header');
    const lonelyQuantity = await upload('order_id,carrier_code,tracking_no,quantity\nA,SF,SF1,1').expect(400);
    expect(lonelyQuantity.body.code).toBe('invalid_header');
    expect((await upload('').expect(400)).body.code).toBeTruthy();
    expect((await upload('order_id,carrier_code,tracking_no\n').expect(400)).body.code).toBe('empty_file');
    expect(
      (await upload('order_id,carrier_code,tracking_no\n"unterminated,SF,1').expect(400)).body.code,
    ).toBe('invalid_csv');
    const many = [
      'order_id,carrier_code,tracking_no',
      ...Array.from({ length: 5001 }, (_, i) => `01ARZ3NDEKTSV4RRFFQ69G5FAV,SF,SF${i + 10000}`),
    ].join('\n');
    expect((await upload(many).expect(400)).body.code).toBe('too_many_rows');
    const warehouse = await createStaffWithRole(t, s.m.token, 'marketing');
    await upload(
      'order_id,carrier_code,tracking_no\n01ARZ3NDEKTSV4RRFFQ69G5FAV,SF,SF12345',
      warehouse.token,
    ).expect(403);
  });
});
