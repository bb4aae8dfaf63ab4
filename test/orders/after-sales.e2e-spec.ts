import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, createStaffWithRole, startTestApp } from '@tongdao/testing';
import { Setup, channelOrder, eventTypes, line, setup, stockOf } from './fixtures';

interface OrderBody {
  id: string;
  status: string;
  paidFen: number;
  refundedFen: number;
  afterSaleState: string | null;
  lines: Array<{
    id: string;
    quantity: number;
    shippedQuantity: number;
    cancelledQuantity: number;
    stock: string;
  }>;
}

describe('after-sales: claims, decisions within limits, returns and refunds (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let ingestion: OrderIngestion;
  let supervisor: { staffId: string; token: string };
  let agent: { staffId: string; token: string };

  beforeAll(async () => {
    t = await startTestApp();
    ingestion = t.app.get(OrderIngestion);
    s = await setup(t, 100);
    await t.http
      .patch('/admin/v1/merchant')
      .set(...bearer(s.m.token))
      .send({ refundLimitFen: 10000 })
      .expect(200);
    supervisor = await createStaffWithRole(t, s.m.token, 'cs_supervisor');
    agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
  });
  afterAll(async () => t.close());

  const owner = () => bearer(s.m.token);
  const paidOrder = async (qty = 4): Promise<OrderBody> => {
    const [r] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { qty })]);
    return order(r.orderId);
  };
  const order = async (id: string): Promise<OrderBody> =>
    (
      await t.http
        .get(`/admin/v1/orders/${id}`)
        .set(...owner())
        .expect(200)
    ).body as OrderBody;
  const claim = (o: OrderBody, body: Record<string, unknown>, token = s.m.token) =>
    t.http
      .post(`/admin/v1/orders/${o.id}/after-sales`)
      .set(...bearer(token))
      .send({ lineId: o.lines[0].id, kind: 'refund_only', quantity: 1, reason: 'changed my mind', ...body });

  it('refuses claims that do not fit the order, naming the field, and changes nothing', async () => {
    const o = await paidOrder(4); // 4 × 12800 = 51200 fen paid
    const tooMuch = await claim(o, { amountFen: 51201 }).expect(400);
    expect(tooMuch.body.code).toBe('invalid_after_sale');
    expect(tooMuch.body.details.map((f: { field: string }) => f.field)).toContain('amountFen');
    const tooMany = await claim(o, { quantity: 5, amountFen: 100 }).expect(400);
    expect(tooMany.body.details[0].field).toBe('quantity');
    const notShipped = await claim(o, { kind: 'return_and_refund', amountFen: 100 }).expect(400);
    expect(notShipped.body.details[0].problem).toMatch(/shipped/);
    await claim(o, { amountFen: 100, surprise: true }).expect(400);
    await claim(o, { amountFen: -5 }).expect(400);
    await claim(o, { amountFen: 1.5 }).expect(400);
    await claim(o, { amountFen: 100, kind: 'gift' }).expect(400);
    await claim(o, { amountFen: 100, lineId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }).expect(400);
    expect((await order(o.id)).afterSaleState).toBeNull();
    const listed = await t.http
      .get(`/admin/v1/orders/${o.id}/after-sales`)
      .set(...owner())
      .expect(200);
    expect(listed.body.items).toHaveLength(0);
  });

  it('refund-only before shipping: approve within the limit, refund, stock back, order closed when all is refunded', async () => {
    const before = await stockOf(t, s.m.token, s.skuId);
    const o = await paidOrder(2); // 25600 fen, 2 units reserved
    expect((await stockOf(t, s.m.token, s.skuId)).reserved).toBe(before.reserved + 2);

    const first = await claim(o, { quantity: 1, amountFen: 12800 }).expect(201);
    expect(first.body).toMatchObject({ status: 'requested', source: 'desk', amountFen: 12800 });
    expect((await order(o.id)).afterSaleState).toBe('open');

    // The supervisor's limit is 10000 fen: 12800 needs someone with more.
    const refused = await t.http
      .post(`/admin/v1/after-sales/${first.body.id}/approve`)
      .set(...bearer(supervisor.token))
      .expect(403);
    expect(refused.body.code).toBe('refund_limit_exceeded');
    await t.http
      .post(`/admin/v1/after-sales/${first.body.id}/approve`)
      .set(...owner())
      .expect(200);
    const refunded = await t.http
      .post(`/admin/v1/after-sales/${first.body.id}/refund`)
      .set(...owner())
      .send({ note: 'paid back by bank transfer' })
      .expect(200);
    expect(refunded.body.status).toBe('refunded');
    let now = await order(o.id);
    expect(now).toMatchObject({ status: 'paid', refundedFen: 12800, afterSaleState: 'closed' });
    expect(now.lines[0]).toMatchObject({ cancelledQuantity: 1, stock: 'reserved' });

    // Shipping now ships only what was not refunded, and gives back the refunded unit's stock.
    const shipped = await t.http
      .post(`/admin/v1/orders/${o.id}/shipments`)
      .set(...owner())
      .send({ carrierCode: 'SF', trackingNo: 'SF0000001' })
      .expect(201);
    expect(shipped.body.lines[0].quantity).toBe(1);
    now = await order(o.id);
    expect(now.status).toBe('shipped');
    const after = await stockOf(t, s.m.token, s.skuId);
    expect(after).toMatchObject({ onHand: before.onHand - 1, reserved: before.reserved });

    expect(await eventTypes(t, first.body.id)).toEqual([
      'after_sale.requested',
      'after_sale.approved',
      'after_sale.refunded',
    ]);
    const audit = await t.http
      .get(`/admin/v1/audit-log?targetId=${o.id}`)
      .set(...owner())
      .expect(200);
    const actions = (audit.body.items as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['after_sale.request', 'after_sale.approve', 'after_sale.refund']),
    );
  });

  it('a full refund before shipping closes the order and releases its stock', async () => {
    const before = await stockOf(t, s.m.token, s.skuId);
    const o = await paidOrder(3);
    const c = await claim(o, { quantity: 3, amountFen: o.paidFen }).expect(201);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...owner())
      .expect(200);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/refund`)
      .set(...owner())
      .send({})
      .expect(200);
    const now = await order(o.id);
    expect(now).toMatchObject({ status: 'closed', refundedFen: o.paidFen });
    expect(now.lines[0].stock).toBe('released');
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual(before);
    expect(await eventTypes(t, o.id)).toContain('order.cancelled');
    // Nothing more can be claimed on a closed order.
    await claim(o, { amountFen: 1 }).expect(409);
  });

  it('concurrent claims can never add up to more than was paid', async () => {
    const o = await paidOrder(4); // 51200
    const results = await Promise.all([0, 1, 2].map(() => claim(o, { quantity: 1, amountFen: 20000 })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 400]);
  });

  it('return and refund after shipping: goods received, resellable units restocked, money back', async () => {
    const o = await paidOrder(2);
    await t.http
      .post(`/admin/v1/orders/${o.id}/shipments`)
      .set(...owner())
      .send({ carrierCode: 'SF', trackingNo: 'SF0000002' })
      .expect(201);
    const before = await stockOf(t, s.m.token, s.skuId);
    const c = await claim(o, { kind: 'return_and_refund', quantity: 2, amountFen: 20000 }).expect(201);
    // Refunding before the goods are back is not a legal step.
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...owner())
      .expect(200);
    const early = await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/refund`)
      .set(...owner())
      .send({})
      .expect(409);
    expect(early.body.code).toBe('illegal_transition');
    const bad = await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/return-received`)
      .set(...owner())
      .send({ quantity: 2, restockQuantity: 3 })
      .expect(400);
    expect(bad.body.details[0].field).toBe('restockQuantity');
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/return-received`)
      .set(...owner())
      .send({ quantity: 2, restockQuantity: 1 })
      .expect(200);
    expect(await stockOf(t, s.m.token, s.skuId)).toMatchObject({ onHand: before.onHand + 1 });
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/refund`)
      .set(...owner())
      .send({})
      .expect(200);
    expect(await order(o.id)).toMatchObject({
      status: 'shipped',
      refundedFen: 20000,
      afterSaleState: 'closed',
    });
    expect(await eventTypes(t, c.body.id)).toEqual([
      'after_sale.requested',
      'after_sale.approved',
      'after_sale.returned',
      'after_sale.refunded',
    ]);
  });

  it('reject with a reason; a rejected claim frees the amount for a new one', async () => {
    const o = await paidOrder(1);
    const c = await claim(o, { amountFen: o.paidFen }).expect(201);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/reject`)
      .set(...owner())
      .send({})
      .expect(400);
    const rejected = await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/reject`)
      .set(...bearer(supervisor.token))
      .send({ reason: 'outside the return window' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'outside the return window' });
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...owner())
      .expect(409);
    expect((await order(o.id)).afterSaleState).toBe('closed');
    await claim(o, { amountFen: o.paidFen }).expect(201);
  });

  it('tiers: a cs_agent works claims only on orders assigned to them and cannot approve', async () => {
    const o = await paidOrder(2);
    const c = await claim(o, { amountFen: 100 }).expect(201);
    await t.http
      .get(`/admin/v1/after-sales/${c.body.id}`)
      .set(...bearer(agent.token))
      .expect(404);
    await claim(o, { amountFen: 100 }, agent.token).expect(404);
    const mine = await t.http
      .get('/admin/v1/after-sales')
      .set(...bearer(agent.token))
      .expect(200);
    expect(mine.body.items).toHaveLength(0);

    await t.http
      .post(`/admin/v1/orders/${o.id}/assign`)
      .set(...owner())
      .send({ staffId: agent.staffId })
      .expect(200);
    await t.http
      .get(`/admin/v1/after-sales/${c.body.id}`)
      .set(...bearer(agent.token))
      .expect(200);
    await claim(o, { amountFen: 100 }, agent.token).expect(201);
    const denied = await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...bearer(agent.token))
      .expect(403);
    expect(denied.body.code).toBe('missing_permission');
    const listed = await t.http
      .get('/admin/v1/after-sales')
      .set(...bearer(agent.token))
      .expect(200);
    expect(listed.body.items).toHaveLength(2);
  });

  it('another merchant never sees or touches these claims', async () => {
    const o = await paidOrder(1);
    const c = await claim(o, { amountFen: 100 }).expect(201);
    const other = await setup(t, 1);
    await t.http
      .get(`/admin/v1/after-sales/${c.body.id}`)
      .set(...bearer(other.m.token))
      .expect(404);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...bearer(other.m.token))
      .expect(404);
    const theirs = await t.http
      .get('/admin/v1/after-sales')
      .set(...bearer(other.m.token))
      .expect(200);
    expect(theirs.body.items).toHaveLength(0);
  });

  it('multi-line orders: a claim on one line leaves the others to ship', async () => {
    const [r] = await ingestion.ingest(s.ctx, s.accountId, [
      channelOrder(s, { lines: [line(s.skuCode, 1, 1), line(s.skuCode, 2, 1)] }),
    ]);
    const o = await order(r.orderId);
    const c = await claim(o, { amountFen: 12800 }).expect(201);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/approve`)
      .set(...owner())
      .expect(200);
    await t.http
      .post(`/admin/v1/after-sales/${c.body.id}/refund`)
      .set(...owner())
      .send({})
      .expect(200);
    const now = await order(o.id);
    expect(now.status).toBe('paid');
    const shipped = await t.http
      .post(`/admin/v1/orders/${o.id}/shipments`)
      .set(...owner())
      .send({ carrierCode: 'SF', trackingNo: 'SF0000003' })
      .expect(201);
    expect(shipped.body.lines).toEqual([{ lineId: o.lines[1].id, quantity: 1 }]);
    expect((await order(o.id)).status).toBe('shipped');
  });
});
