import { OrderIngestion, Settlement } from '@tongdao/orders';
import { TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { Setup, channelOrder, eventTypes, setup } from './fixtures';

interface Settled {
  status: string;
  settlement: {
    state: string;
    deliveredAt: string | null;
    settleAt: string | null;
    settledAt: string | null;
  };
}

const DAY = 24 * 60 * 60 * 1000;

describe('guarantee transactions (担保交易): held, then settled on confirmation or after N days (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let ingestion: OrderIngestion;

  beforeAll(async () => {
    t = await startTestApp();
    ingestion = t.app.get(OrderIngestion);
    s = await setup(t, 100);
  });
  afterAll(async () => t.close());

  const owner = () => bearer(s.m.token);
  const order = async (id: string): Promise<Settled> =>
    (
      await t.http
        .get(`/admin/v1/orders/${id}`)
        .set(...owner())
        .expect(200)
    ).body as Settled;
  const settlementOf = (id: string, state: string) =>
    waitFor(
      async () => {
        const o = await order(id);
        return o.settlement.state === state ? o : null;
      },
      { what: `settlement ${state}` },
    );

  it('validates the per-shop policy and keeps it to the merchant', async () => {
    const url = `/admin/v1/shops/${s.m.shopId}/guarantee`;
    expect(
      (
        await t.http
          .get(url)
          .set(...owner())
          .expect(200)
      ).body,
    ).toEqual({
      shopId: s.m.shopId,
      guaranteeEnabled: false,
      autoConfirmDays: 10,
    });
    for (const body of [
      { guaranteeEnabled: true, autoConfirmDays: 0 },
      { guaranteeEnabled: true, autoConfirmDays: 31 },
      { guaranteeEnabled: 'yes', autoConfirmDays: 7 },
      { guaranteeEnabled: true, autoConfirmDays: 7, extra: 1 },
      { autoConfirmDays: 7 },
    ]) {
      const res = await t.http
        .put(url)
        .set(...owner())
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const other = await signupMerchant(t);
    await t.http
      .put(url)
      .set(...bearer(other.token))
      .send({ guaranteeEnabled: true, autoConfirmDays: 7 })
      .expect(404);
    await t.http
      .put(url)
      .set(...owner())
      .send({ guaranteeEnabled: true, autoConfirmDays: 7 })
      .expect(200);
    expect(
      (
        await t.http
          .get(url)
          .set(...owner())
          .expect(200)
      ).body.guaranteeEnabled,
    ).toBe(true);
  });

  it('holds funds from payment, starts the timer on delivery and settles when it runs out', async () => {
    const first = channelOrder(s);
    const [r] = await ingestion.ingest(s.ctx, s.accountId, [first]);
    expect((await settlementOf(r.orderId, 'held')).settlement.settleAt).toBeNull();

    await ingestion.ingest(s.ctx, s.accountId, [
      {
        ...first,
        status: 'shipped',
        channelStatus: 'WAIT_BUYER_CONFIRM_GOODS',
        version: new Date('2026-11-21T00:00:00Z'),
      },
    ]);
    await ingestion.ingest(s.ctx, s.accountId, [
      {
        ...first,
        status: 'delivered',
        channelStatus: 'WAIT_BUYER_CONFIRM_GOODS',
        version: new Date('2026-11-22T00:00:00Z'),
      },
    ]);
    const delivered = await waitFor(async () => {
      const o = await order(r.orderId);
      return o.settlement.settleAt ? o : null;
    });
    const deliveredAt = Date.parse(delivered.settlement.deliveredAt!);
    expect(Date.parse(delivered.settlement.settleAt!) - deliveredAt).toBe(7 * DAY);

    const settlement = t.app.get(Settlement);
    expect(await settlement.settleDue(new Date(deliveredAt + 6 * DAY))).toBe(0);
    expect(await settlement.settleDue(new Date(deliveredAt + 7 * DAY + 1))).toBe(1);
    expect(await settlement.settleDue(new Date(deliveredAt + 8 * DAY))).toBe(0);
    const settled = await order(r.orderId);
    expect(settled.settlement.state).toBe('settled');
    expect(await eventTypes(t, r.orderId)).toContain('order.settled');
  });

  it('settles at once when the buyer confirms receipt', async () => {
    const first = channelOrder(s);
    const [r] = await ingestion.ingest(s.ctx, s.accountId, [first]);
    await settlementOf(r.orderId, 'held');
    await ingestion.ingest(s.ctx, s.accountId, [
      {
        ...first,
        status: 'completed',
        channelStatus: 'TRADE_FINISHED',
        version: new Date('2026-11-23T00:00:00Z'),
      },
    ]);
    const o = await settlementOf(r.orderId, 'settled');
    expect(o.settlement.settledAt).not.toBeNull();
  });

  it('a fully refunded order hands its held funds back', async () => {
    const [r] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { qty: 1 })]);
    await settlementOf(r.orderId, 'held');
    const detail = await t.http
      .get(`/admin/v1/orders/${r.orderId}`)
      .set(...owner())
      .expect(200);
    const claim = await t.http
      .post(`/admin/v1/orders/${r.orderId}/after-sales`)
      .set(...owner())
      .send({
        lineId: detail.body.lines[0].id,
        kind: 'refund_only',
        quantity: 1,
        amountFen: detail.body.paidFen,
        reason: 'out of stock',
      })
      .expect(201);
    await t.http
      .post(`/admin/v1/after-sales/${claim.body.id}/approve`)
      .set(...owner())
      .expect(200);
    await t.http
      .post(`/admin/v1/after-sales/${claim.body.id}/refund`)
      .set(...owner())
      .send({})
      .expect(200);
    const o = await settlementOf(r.orderId, 'refunded');
    expect(o.status).toBe('closed');
  });

  it('shops without a guarantee never hold funds', async () => {
    const plain = await setup(t, 10);
    const [r] = await ingestion.ingest(plain.ctx, plain.accountId, [channelOrder(plain)]);
    // Wait until the settlement consumer has handled this order's order.paid event.
    await waitFor(async () => {
      const rows: unknown[] = await t.dataSource.query(
        `SELECT 1 FROM processed_events p JOIN outbox_events e ON e.id = p.event_id
          WHERE p.consumer = 'orders.settlement.paid' AND e.aggregate_id = ?`,
        [r.orderId],
      );
      return rows.length > 0;
    });
    const o = await t.http
      .get(`/admin/v1/orders/${r.orderId}`)
      .set(...bearer(plain.m.token))
      .expect(200);
    expect(o.body.settlement.state).toBe('none');
  });
});
