import { OrderIngestion } from '@tongdao/orders';
import { RequestContext } from '@tongdao/kernel';
import { TestApp, bearer, signupMerchant, startTestApp } from '@tongdao/testing';
import { OrderCsvPages } from '../../libs/orders/src/export/order-csv-pages';
import { Setup, channelOrder, createChannelAccount, line, setup } from './fixtures';
import { createStaffWithRoles, csvObjects, getCsv, pollUntil, roleId } from './export-support';

describe('order desk CSV export (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let shopB: string;
  let otherMerchantOrder: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const ingestion = t.app.get(OrderIngestion);
    s = await setup(t, 100);
    shopB = (
      await t.http
        .post('/admin/v1/shops')
        .set(...bearer(s.m.token))
        .send({ name: '微信小店' })
        .expect(201)
    ).body.id;
    const wechat = await createChannelAccount(t, s.m.token, shopB, 'wechat');
    const [a, b] = await ingestion.ingest(s.ctx, s.accountId, [
      channelOrder(s, {
        externalOrderId: 'TB-A',
        placedAt: new Date('2026-11-01T00:00:00Z'),
        buyerMessage: '=HYPERLINK("http://evil.example","点我")',
        lines: [line(s.skuCode, 1, 2), line(s.skuCode, 2, 1)],
      }),
      channelOrder(s, {
        externalOrderId: 'TB-B',
        placedAt: new Date('2026-11-10T00:00:00Z'),
        status: 'pending_payment',
        buyerMessage: '+1, "quoted", and\nmultiline',
      }),
    ]);
    const [c] = await ingestion.ingest(s.ctx, wechat, [
      channelOrder(s, { externalOrderId: 'WX-C', placedAt: new Date('2026-11-20T00:00:00Z') }),
    ]);
    Object.assign(ids, { a: a.orderId, b: b.orderId, c: c.orderId });

    const other = await setup(t, 10);
    const [foreign] = await t.app
      .get(OrderIngestion)
      .ingest(other.ctx, other.accountId, [channelOrder(other, { externalOrderId: 'TB-A' })]);
    otherMerchantOrder = foreign.orderId;
  });
  afterAll(async () => t.close());

  const listIds = async (query: string, token = s.m.token): Promise<string[]> =>
    (
      await t.http
        .get(`/admin/v1/orders?limit=100${query ? `&${query}` : ''}`)
        .set(...bearer(token))
        .expect(200)
    ).body.items.map((o: { id: string }) => o.id);

  it('streams UTF-8 CSV with a BOM: one row per order, yuan money, UTC times, formula cells defused', async () => {
    const text = await getCsv(t, '/admin/v1/orders/export.csv', s.m.token);
    const rows = csvObjects(text);
    expect(rows.map((r) => r.order_id)).toEqual([ids.c, ids.b, ids.a]);
    expect(rows.map((r) => r.order_id)).not.toContain(otherMerchantOrder);
    const a = rows.find((r) => r.order_id === ids.a)!;
    expect(a).toMatchObject({
      external_order_id: 'TB-A',
      status: 'paid',
      placed_at_utc: '2026-11-01T00:00:00.000Z',
      buyer_name: '张三',
      receiver_phone: '13812345678',
      receiver_address: '文一西路969号',
      line_count: '2',
      quantity_total: '3',
      items_yuan: '384.00',
      paid_yuan: '384.00',
      refunded_yuan: '0.00',
      pii_masked: 'false',
    });
    expect(a.buyer_message).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    expect(rows.find((r) => r.order_id === ids.b)!.buyer_message).toBe(`'+1, "quoted", and\nmultiline`);
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['paid_yuan', 'shipping_yuan', 'updated_at_utc']));
  });

  it('honours the list filters exactly as the list does', async () => {
    for (const query of [
      'status=pending_payment',
      'channelType=wechat',
      `shopId=${shopB}`,
      'createdFrom=2026-11-05T00:00:00Z&createdTo=2026-11-30T00:00:00Z',
      'q=TB-A',
      `skuId=${s.skuId}`,
      'receiverPhone=13812345678',
    ]) {
      const rows = csvObjects(await getCsv(t, `/admin/v1/orders/export.csv?${query}`, s.m.token));
      expect(rows.map((r) => r.order_id)).toEqual(await listIds(query));
    }
    const bad = await t.http
      .get('/admin/v1/orders/export.csv?status=lost')
      .set(...bearer(s.m.token))
      .expect(400);
    expect(bad.body.code).toBe('validation_failed');
    await t.http
      .get('/admin/v1/orders/export.csv?limit=5')
      .set(...bearer(s.m.token))
      .expect(400);
  });

  it('reads in keyset pages without gaps or repeats', async () => {
    const pages = t.app.get(OrderCsvPages);
    const ctx = RequestContext.system(s.m.merchantId, 'test');
    const chunks: string[] = [];
    for await (const page of pages.pages(ctx, {}, null, 2)) chunks.push(page.text);
    expect(chunks).toHaveLength(2);
    const whole = (await getCsv(t, '/admin/v1/orders/export.csv', s.m.token))
      .split('\r\n')
      .slice(1)
      .join('\r\n');
    expect(chunks.join('')).toBe(whole);
  });

  it('gives a cs_agent only their assigned orders, masked; without order.export it is 403', async () => {
    const exporter = await t.http
      .post('/admin/v1/roles')
      .set(...bearer(s.m.token))
      .send({ code: 'exporter', name: 'Exporter', permissions: ['order.export'] })
      .expect(201);
    const agent = await createStaffWithRoles(t, s.m.token, [
      await roleId(t, s.m.token, 'cs_agent'),
      exporter.body.id,
    ]);
    await t.http
      .post(`/admin/v1/orders/${ids.a}/assign`)
      .set(...bearer(s.m.token))
      .send({ staffId: agent.staffId })
      .expect(200);
    const rows = csvObjects(await getCsv(t, '/admin/v1/orders/export.csv', agent.token));
    expect(rows.map((r) => r.order_id)).toEqual([ids.a]);
    expect(rows[0]).toMatchObject({
      buyer_name: '张*',
      receiver_name: '张*',
      receiver_phone: '138****5678',
      receiver_province: '浙江省',
      pii_masked: 'true',
    });
    expect(rows[0].receiver_address).not.toContain('969');
    // The job applies the same tier: it runs as the agent, with the agent's rights.
    const started = await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(agent.token))
      .send({})
      .expect(202);
    const done = await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/exports/${started.body.id}`).set(...bearer(agent.token))).body,
      (v: { status: string }) => v.status === 'completed' || v.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', rowsWritten: 1, rowsTotal: 1, progress: 100 });
    const file = csvObjects(
      await getCsv(t, `/admin/v1/orders/exports/${started.body.id}/download`, agent.token),
    );
    expect(file).toEqual(rows);
    // Someone else's export does not exist for you, even in the same merchant.
    await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}`)
      .set(...bearer(s.m.token))
      .expect(404);

    const plainAgent = await createStaffWithRoles(t, s.m.token, [await roleId(t, s.m.token, 'cs_agent')]);
    const denied = await t.http
      .get('/admin/v1/orders/export.csv')
      .set(...bearer(plainAgent.token))
      .expect(403);
    expect(denied.body.code).toBeTruthy();
    await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(plainAgent.token))
      .send({})
      .expect(403);
  });

  it('runs a filtered export job to 100% and audits it; another merchant sees nothing of it', async () => {
    const started = await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(s.m.token))
      .send({ filters: { channelType: 'taobao', createdFrom: '2026-10-01T00:00:00Z' } })
      .expect(202);
    expect(started.body).toMatchObject({ status: 'queued', rowsWritten: 0, progress: 0 });
    const done = await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/exports/${started.body.id}`).set(...bearer(s.m.token))).body,
      (v: { status: string }) => v.status === 'completed' || v.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', rowsWritten: 2, rowsTotal: 2, progress: 100 });
    const res = await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}/download`)
      .set(...bearer(s.m.token))
      .buffer(true)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(csvObjects(res.text).map((r) => r.order_id)).toEqual([ids.b, ids.a]);

    const audit: Array<{ action: string; summary: string }> = await t.dataSource.query(
      "SELECT action, summary FROM audit_log WHERE merchant_id = ? AND action LIKE 'order.export%' ORDER BY id",
      [s.m.merchantId],
    );
    const jobEntry = audit.filter((a) => a.action === 'order.export').map((a) => JSON.parse(a.summary));
    expect(jobEntry).toContainEqual(
      expect.objectContaining({
        mode: 'job',
        rows: 2,
        filters: { channelType: 'taobao', createdFrom: '2026-10-01T00:00:00.000Z' },
      }),
    );
    expect(jobEntry).toContainEqual(expect.objectContaining({ mode: 'stream', rows: 3, complete: true }));

    const stranger = await signupMerchant(t);
    await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}`)
      .set(...bearer(stranger.token))
      .expect(404);
    await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}/download`)
      .set(...bearer(stranger.token))
      .expect(404);
    const theirs = csvObjects(await getCsv(t, '/admin/v1/orders/export.csv', stranger.token));
    expect(theirs).toEqual([]);
  });

  it('answers 410 once an export has expired, and drops expired files when a new export starts', async () => {
    const started = await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(s.m.token))
      .send({})
      .expect(202);
    await pollUntil(
      async () =>
        (await t.http.get(`/admin/v1/orders/exports/${started.body.id}`).set(...bearer(s.m.token))).body,
      (v: { status: string }) => v.status === 'completed',
    );
    await t.dataSource.query('UPDATE order_exports SET expires_at = ? WHERE id = ?', [
      new Date(Date.now() - 1000),
      started.body.id,
    ]);
    const gone = await t.http
      .get(`/admin/v1/orders/exports/${started.body.id}/download`)
      .set(...bearer(s.m.token))
      .expect(410);
    expect(gone.body.code).toBe('export_expired');
    await t.http
      .post('/admin/v1/orders/exports')
      .set(...bearer(s.m.token))
      .send({})
      .expect(202);
    const [{ n }] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM order_export_chunks WHERE export_id = ?',
      [started.body.id],
    );
    expect(Number(n)).toBe(0);
  });
});
