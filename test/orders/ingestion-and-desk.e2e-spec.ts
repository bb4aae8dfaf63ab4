import { newId } from '@tongdao/kernel';
import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, createStaffWithRole, signupMerchant, startTestApp } from '@tongdao/testing';
import { Setup, channelOrder, setup } from './fixtures';

describe('order ingestion and the desk (MariaDB + Redis)', () => {
  let t: TestApp;
  let ingestion: OrderIngestion;
  beforeAll(async () => {
    t = await startTestApp();
    ingestion = t.app.get(OrderIngestion);
  });
  afterAll(async () => t.close());

  const stockOf = async (s: Setup) =>
    (
      await t.http
        .get(`/admin/v1/skus/${s.skuId}/stock`)
        .set(...bearer(s.m.token))
        .expect(200)
    ).body.totals;
  const count = async (table: string, merchantId: string) =>
    Number(
      (await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE merchant_id = ?`, [merchantId]))[0]
        .n,
    );

  it('ingesting the same order twice yields one order and one reservation', async () => {
    const s = await setup(t, 10);
    const order = channelOrder(s);
    const [first] = await ingestion.ingest(s.ctx, s.accountId, [order]);
    const [second] = await ingestion.ingest(s.ctx, s.accountId, [order]);
    expect(first.outcome).toBe('created');
    expect(second).toEqual({ ...first, outcome: 'unchanged' });
    expect(await count('orders', s.m.merchantId)).toBe(1);
    expect(await count('stock_reservations', s.m.merchantId)).toBe(1);
    expect(await stockOf(s)).toEqual({ onHand: 10, reserved: 2, sellable: 8 });
    const events = await t.dataSource.query(
      `SELECT type FROM outbox_events WHERE merchant_id = ? AND aggregate_type = 'order' ORDER BY id`,
      [s.m.merchantId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['order.created', 'order.paid']);
  });

  it('an older version after a newer one changes nothing; shipping commits, cancelling releases', async () => {
    const s = await setup(t, 10);
    const base = channelOrder(s);
    await ingestion.ingest(s.ctx, s.accountId, [base]);
    const shipped = {
      ...base,
      status: 'shipped' as const,
      channelStatus: 'WAIT_BUYER_CONFIRM_GOODS',
      version: new Date('2026-11-20T05:00:00Z'),
    };
    await ingestion.ingest(s.ctx, s.accountId, [shipped]);
    const [late] = await ingestion.ingest(s.ctx, s.accountId, [
      { ...base, version: new Date('2026-11-20T03:00:00Z'), status: 'cancelled' },
    ]);
    expect(late.outcome).toBe('unchanged');
    const order = await t.http
      .get(`/admin/v1/orders/${late.orderId}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(order.body).toMatchObject({ status: 'shipped', channelStatus: 'WAIT_BUYER_CONFIRM_GOODS' });
    expect(order.body.lines[0]).toMatchObject({ stock: 'committed', mapped: true, skuId: s.skuId });
    expect(await stockOf(s)).toEqual({ onHand: 8, reserved: 0, sellable: 8 });

    const other = channelOrder(s, { qty: 3 });
    await ingestion.ingest(s.ctx, s.accountId, [other]);
    expect(await stockOf(s)).toEqual({ onHand: 8, reserved: 3, sellable: 5 });
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...other, status: 'cancelled', version: new Date('2026-11-21T00:00:00Z') },
    ]);
    expect(await stockOf(s)).toEqual({ onHand: 8, reserved: 0, sellable: 8 });
    const consistency = await t.http
      .get('/admin/v1/stock/consistency')
      .set(...bearer(s.m.token))
      .expect(200);
    expect(consistency.body.ok).toBe(true);
  });

  it('keeps unmapped lines, flags stock-short lines, and never refuses a channel order', async () => {
    const s = await setup(t, 1);
    const [unmapped] = await ingestion.ingest(s.ctx, s.accountId, [
      channelOrder(s, { outerId: 'NOT-A-CODE' }),
    ]);
    const u = await t.http
      .get(`/admin/v1/orders/${unmapped.orderId}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(u.body).toMatchObject({ hasUnmappedLines: true });
    expect(u.body.lines[0]).toMatchObject({
      mapped: false,
      skuId: null,
      channelItemId: 'item-1',
      stock: 'none',
    });

    const [short] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { qty: 5 })]);
    const o = await t.http
      .get(`/admin/v1/orders/${short.orderId}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(o.body).toMatchObject({ status: 'paid', hasStockShortLines: true });
    expect(o.body.lines[0].stock).toBe('short');
    expect(await stockOf(s)).toEqual({ onHand: 1, reserved: 0, sellable: 1 });
  });

  it('refuses an illegal transition by a staff-facing call and malformed channel orders', async () => {
    const s = await setup(t, 5);
    await expect(
      ingestion.ingest(s.ctx, s.accountId, [
        { ...channelOrder(s), amounts: { itemsFen: 1.5, shippingFen: 0, discountFen: 0, paidFen: -1 } },
      ]),
    ).rejects.toMatchObject({ code: 'invalid_channel_order', status: 400 });
    expect(await count('orders', s.m.merchantId)).toBe(0);
    await expect(ingestion.ingest(s.ctx, newId(), [channelOrder(s)])).rejects.toMatchObject({ status: 404 });
  });

  it('links orders of one buyer to one customer by channel identity', async () => {
    const s = await setup(t, 10);
    const buyer = {
      name: '李四',
      identities: [{ kind: 'taobao_open_id' as const, value: `open-${newId()}` }],
    };
    const [a] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { buyer })]);
    const [b] = await ingestion.ingest(s.ctx, s.accountId, [
      channelOrder(s, {
        buyer: { ...buyer, identities: [...buyer.identities, { kind: 'phone', value: '13900000000' }] },
      }),
    ]);
    const auth = bearer(s.m.token);
    const first = (await t.http.get(`/admin/v1/orders/${a.orderId}`).set(...auth)).body;
    const second = (await t.http.get(`/admin/v1/orders/${b.orderId}`).set(...auth)).body;
    expect(first.customerId).toBeTruthy();
    expect(second.customerId).toBe(first.customerId);
    expect(await count('customer_identities', s.m.merchantId)).toBe(2);
    const listed = await t.http
      .get(`/admin/v1/orders?customerId=${first.customerId}`)
      .set(...auth)
      .expect(200);
    expect(listed.body.items).toHaveLength(2);
  });

  it('applies the tiers: agents see only their assigned orders, masked; other merchants get 404; actions audited', async () => {
    const s = await setup(t, 20);
    const [mine] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s)]);
    const [notMine] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s)]);
    const agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
    const supervisor = await createStaffWithRole(t, s.m.token, 'cs_supervisor');
    await t.http
      .post(`/admin/v1/orders/${mine.orderId}/assign`)
      .set(...bearer(supervisor.token))
      .send({ staffId: agent.staffId })
      .expect(200);

    const agentList = await t.http
      .get('/admin/v1/orders')
      .set(...bearer(agent.token))
      .expect(200);
    expect(agentList.body.items.map((o: { id: string }) => o.id)).toEqual([mine.orderId]);
    expect(agentList.body.items[0]).toMatchObject({ piiMasked: true, receiver: { phone: '138****5678' } });
    await t.http
      .get(`/admin/v1/orders/${notMine.orderId}`)
      .set(...bearer(agent.token))
      .expect(404);
    await t.http
      .post(`/admin/v1/orders/${mine.orderId}/assign`)
      .set(...bearer(agent.token))
      .send({ staffId: null })
      .expect(403);
    await t.http
      .patch(`/admin/v1/orders/${mine.orderId}/memo`)
      .set(...bearer(agent.token))
      .send({ sellerMemo: 'called buyer', sellerFlag: 2 })
      .expect(200);
    await t.http
      .post(`/admin/v1/orders/${mine.orderId}/tags`)
      .set(...bearer(agent.token))
      .send({ add: ['vip'] })
      .expect(200);
    await t.http
      .patch(`/admin/v1/orders/${notMine.orderId}/memo`)
      .set(...bearer(agent.token))
      .send({ sellerMemo: 'x' })
      .expect(404);

    const supervisorList = await t.http
      .get('/admin/v1/orders')
      .set(...bearer(supervisor.token))
      .expect(200);
    expect(supervisorList.body.items).toHaveLength(2);
    expect(supervisorList.body.items[0]).toMatchObject({ piiMasked: false });
    const tagged = await t.http
      .get('/admin/v1/orders?tag=vip')
      .set(...bearer(supervisor.token))
      .expect(200);
    expect(tagged.body.items.map((o: { id: string }) => o.id)).toEqual([mine.orderId]);
    const bySku = await t.http
      .get(`/admin/v1/orders?skuId=${s.skuId}&status=paid`)
      .set(...bearer(supervisor.token))
      .expect(200);
    expect(bySku.body.items).toHaveLength(2);

    const stranger = await signupMerchant(t);
    await t.http
      .get(`/admin/v1/orders/${mine.orderId}`)
      .set(...bearer(stranger.token))
      .expect(404);
    expect(
      (
        await t.http
          .get('/admin/v1/orders')
          .set(...bearer(stranger.token))
          .expect(200)
      ).body.items,
    ).toEqual([]);
    await t.http
      .get('/admin/v1/orders?status=lost')
      .set(...bearer(s.m.token))
      .expect(400);

    const audit = await t.http
      .get(`/admin/v1/audit-log?targetId=${mine.orderId}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'order.assign',
      'order.remark',
      'order.tag',
    ]);
  });

  it('ships whole or in parts, committing stock; cancels unshipped orders releasing stock; refuses bad shipments', async () => {
    const s = await setup(t, 20);
    const auth = bearer(s.m.token);
    const two = channelOrder(s, {
      lines: [
        {
          externalLineId: 'L1',
          channelItemId: 'i1',
          outerId: s.skuCode,
          title: 'tea',
          quantity: 3,
          unitPriceFen: 100,
          totalFen: 300,
        },
        {
          externalLineId: 'L2',
          channelItemId: 'i2',
          outerId: 'UNMAPPED-X',
          title: 'gift card',
          quantity: 1,
          unitPriceFen: 0,
          totalFen: 0,
        },
      ],
    });
    const [o] = await ingestion.ingest(s.ctx, s.accountId, [two]);
    const order = (await t.http.get(`/admin/v1/orders/${o.orderId}`).set(...auth)).body;
    const [tea, gift] = order.lines;
    expect(await stockOf(s)).toEqual({ onHand: 20, reserved: 3, sellable: 17 });

    const bad = await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'SF', trackingNo: 'SF000001', lines: [{ lineId: tea.id, quantity: 4 }] })
      .expect(400);
    expect(bad.body.code).toBe('invalid_shipment');
    await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'SF', trackingNo: 'SF000001', lines: [{ lineId: tea.id, quantity: 0 }] })
      .expect(400);
    await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'SF', trackingNo: 'SF000001', extra: 1 })
      .expect(400);
    expect(await stockOf(s)).toEqual({ onHand: 20, reserved: 3, sellable: 17 });

    const part = await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'SF', trackingNo: 'SF100001', lines: [{ lineId: tea.id, quantity: 2 }] })
      .expect(201);
    expect(part.body.orderStatus).toBe('partially_shipped');
    expect(await stockOf(s)).toEqual({ onHand: 18, reserved: 1, sellable: 17 });
    const rest = await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'YTO', trackingNo: 'YT200002' })
      .expect(201);
    expect(rest.body).toMatchObject({
      orderStatus: 'shipped',
      lines: [
        { lineId: tea.id, quantity: 1 },
        { lineId: gift.id, quantity: 1 },
      ],
    });
    expect(await stockOf(s)).toEqual({ onHand: 17, reserved: 0, sellable: 17 });
    const again = await t.http
      .post(`/admin/v1/orders/${o.orderId}/shipments`)
      .set(...auth)
      .send({ carrierCode: 'SF', trackingNo: 'SF000003' })
      .expect(409);
    expect(again.body.code).toBe('illegal_transition');
    await t.http
      .post(`/admin/v1/orders/${o.orderId}/cancel`)
      .set(...auth)
      .send({ reason: 'too late' })
      .expect(409);

    const [c] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { qty: 4 })]);
    expect(await stockOf(s)).toEqual({ onHand: 17, reserved: 4, sellable: 13 });
    const agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
    await t.http
      .post(`/admin/v1/orders/${c.orderId}/cancel`)
      .set(...bearer(agent.token))
      .send({ reason: 'x' })
      .expect(403);
    await t.http
      .post(`/admin/v1/orders/${c.orderId}/cancel`)
      .set(...auth)
      .send({ reason: 'buyer asked' })
      .expect(200);
    expect(await stockOf(s)).toEqual({ onHand: 17, reserved: 0, sellable: 17 });
    // A later channel update of the cancelled order changes neither its status nor the stock.
    await ingestion.ingest(s.ctx, s.accountId, [
      {
        ...channelOrder(s, { qty: 4 }),
        externalOrderId: (await t.http.get(`/admin/v1/orders/${c.orderId}`).set(...auth)).body
          .externalOrderId,
        version: new Date('2026-11-22T00:00:00Z'),
      },
    ]);
    expect((await t.http.get(`/admin/v1/orders/${c.orderId}`).set(...auth)).body.status).toBe('cancelled');
    expect(await stockOf(s)).toEqual({ onHand: 17, reserved: 0, sellable: 17 });

    const events = await t.dataSource.query(
      `SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY id`,
      [o.orderId],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'order.created',
      'order.paid',
      'order.shipped',
      'order.shipped',
    ]);
    const audit = await t.http
      .get(`/admin/v1/audit-log?targetId=${o.orderId}`)
      .set(...auth)
      .expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'order.ship')).toHaveLength(2);
    expect((await t.http.get('/admin/v1/stock/consistency').set(...auth)).body.ok).toBe(true);
  });

  it('staff map an unmapped line to a SKU: stock follows, short lines flagged, refused for bad SKUs, audited', async () => {
    const s = await setup(t, 3);
    const auth = bearer(s.m.token);
    const [o] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { outerId: 'NOPE', qty: 2 })]);
    const [big] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { outerId: 'NOPE', qty: 5 })]);
    const lineOf = async (orderId: string): Promise<string> =>
      (await t.http.get(`/admin/v1/orders/${orderId}`).set(...auth)).body.lines[0].id;
    const lineId = await lineOf(o.orderId);

    const agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
    await t.http
      .post(`/admin/v1/orders/${o.orderId}/lines/${lineId}/map`)
      .set(...bearer(agent.token))
      .send({ skuId: s.skuId })
      .expect(404);
    const stranger = await setup(t, 1);
    const bad = await t.http
      .post(`/admin/v1/orders/${o.orderId}/lines/${lineId}/map`)
      .set(...auth)
      .send({ skuId: stranger.skuId })
      .expect(400);
    expect(bad.body.code).toBe('invalid_sku');
    expect(await stockOf(s)).toEqual({ onHand: 3, reserved: 0, sellable: 3 });

    const mapped = await t.http
      .post(`/admin/v1/orders/${o.orderId}/lines/${lineId}/map`)
      .set(...auth)
      .send({ skuId: s.skuId })
      .expect(200);
    expect(mapped.body).toMatchObject({ mapped: true, skuId: s.skuId, stock: 'reserved' });
    expect(await stockOf(s)).toEqual({ onHand: 3, reserved: 2, sellable: 1 });
    expect((await t.http.get(`/admin/v1/orders/${o.orderId}`).set(...auth)).body.hasUnmappedLines).toBe(
      false,
    );
    const again = await t.http
      .post(`/admin/v1/orders/${o.orderId}/lines/${lineId}/map`)
      .set(...auth)
      .send({ skuId: s.skuId })
      .expect(409);
    expect(again.body.code).toBe('line_already_mapped');

    await t.http
      .post(`/admin/v1/orders/${big.orderId}/lines/${await lineOf(big.orderId)}/map`)
      .set(...auth)
      .send({ skuId: s.skuId })
      .expect(200);
    const short = (await t.http.get(`/admin/v1/orders/${big.orderId}`).set(...auth)).body;
    expect(short).toMatchObject({ hasUnmappedLines: false, hasStockShortLines: true });
    expect(short.lines[0].stock).toBe('short');
    expect(await stockOf(s)).toEqual({ onHand: 3, reserved: 2, sellable: 1 });
    const events = await t.dataSource.query(
      `SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY id`,
      [big.orderId],
    );
    expect(events.map((e: { type: string }) => e.type)).toContain('order.stock_short');
    const audit = await t.http
      .get(`/admin/v1/audit-log?targetId=${o.orderId}`)
      .set(...auth)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['order.line.map']);
  });
});
