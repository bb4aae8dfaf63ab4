import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { ChannelOrder, OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, startTestApp } from '@tongdao/testing';
import {
  Setup,
  channelOrder,
  countRows,
  createSku,
  eventTypes,
  externalId,
  line,
  setup,
  stockOf,
} from './fixtures';

describe('order ingestion: pages, versions and stock (MariaDB + Redis)', () => {
  let t: TestApp;
  let ingestion: OrderIngestion;
  beforeAll(async () => {
    t = await startTestApp();
    ingestion = t.app.get(OrderIngestion);
  });
  afterAll(async () => t.close());

  const getOrder = async (s: Setup, id: string) =>
    (
      await t.http
        .get(`/admin/v1/orders/${id}`)
        .set(...bearer(s.m.token))
        .expect(200)
    ).body;

  it('ingests a page of 100 orders (3 lines each, stock reserved, events written) in few order-side statements', async () => {
    const s = await setup(t, 1000);
    const b = await createSku(t, s.m.token, 1000, 'Biluochun');
    const c = await createSku(t, s.m.token, 1000, 'Tieguanyin');
    const page: ChannelOrder[] = Array.from({ length: 100 }, (_, i) =>
      channelOrder(s, {
        lines: [line(s.skuCode, 1, 1), line(b.code, 2, 2), line(c.code, 3, 3)],
        buyer: { name: `buyer ${i}`, identities: [{ kind: 'wechat_openid', value: `o-${externalId()}` }] },
      }),
    );
    // Counting only: the spy calls through to the real driver.
    const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query');
    const started = process.hrtime.bigint();
    const results = await ingestion.ingest(s.ctx, s.accountId, page);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const statements = spy.mock.calls.map((call) => String(call[0]));
    spy.mockRestore();
    const byTable = new Map<string, number>();
    for (const sql of statements) {
      const verb = /^\s*(\w+)/.exec(sql)?.[1].toUpperCase() ?? '?';
      const table = /(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(sql)?.[1] ?? '-';
      byTable.set(`${verb} ${table}`, (byTable.get(`${verb} ${table}`) ?? 0) + 1);
    }
    const orderSide = statements.filter((sql) =>
      /\b(orders|order_lines|customers|customer_identities)\b/.test(sql),
    );
    console.log(
      `page of 100 orders × 3 lines: ${ms.toFixed(0)} ms, ${statements.length} statements in all, ` +
        `${orderSide.length} on orders/lines/customers, ` +
        `${statements.filter((q) => /^\s*INSERT INTO `?outbox_events/i.test(q)).length} outbox inserts`,
      JSON.stringify(Object.fromEntries(byTable)),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(100).fill('created'));
    expect(orderSide.length).toBeLessThanOrEqual(8);
    expect(await countRows(t, 'orders', s.m.merchantId)).toBe(100);
    expect(await countRows(t, 'order_lines', s.m.merchantId)).toBe(300);
    expect(await countRows(t, 'stock_reservations', s.m.merchantId)).toBe(300);
    expect(await countRows(t, 'customers', s.m.merchantId)).toBe(100);
    expect(await stockOf(t, s.m.token, c.id)).toEqual({ onHand: 1000, reserved: 300, sellable: 700 });
    expect(await eventTypes(t, results[42].orderId)).toEqual(['order.created', 'order.paid']);

    // The same page again: one read, nothing written.
    const again = jest.spyOn(MysqlQueryRunner.prototype, 'query');
    const repeat = await ingestion.ingest(s.ctx, s.accountId, page);
    const repeatStatements = again.mock.calls.map((call) => String(call[0]));
    again.mockRestore();
    expect(repeat.map((r) => r.outcome)).toEqual(Array(100).fill('unchanged'));
    expect(repeat.map((r) => r.orderId)).toEqual(results.map((r) => r.orderId));
    const writes = repeatStatements.filter(
      // Background work of this process (relay, a stock push job claiming its SKU) may run meanwhile.
      (q) =>
        /^\s*(INSERT|UPDATE|DELETE)/i.test(q) && !/outbox_events|processed_events|job_|stock_push/.test(q),
    );
    expect(writes).toEqual([]);
    expect(await countRows(t, 'stock_reservations', s.m.merchantId)).toBe(300);
    expect((await t.http.get('/admin/v1/stock/consistency').set(...bearer(s.m.token))).body.ok).toBe(true);
  });

  it('follows out-of-order versions: shipped first, then the older paid, commits once and keeps shipped', async () => {
    const s = await setup(t, 10);
    const paid = channelOrder(s, { qty: 3 });
    const shipped: ChannelOrder = {
      ...paid,
      status: 'shipped',
      channelStatus: 'WAIT_BUYER_CONFIRM_GOODS',
      version: new Date('2026-11-20T06:00:00Z'),
    };
    const [first] = await ingestion.ingest(s.ctx, s.accountId, [shipped]);
    const [late] = await ingestion.ingest(s.ctx, s.accountId, [paid]);
    expect([first.outcome, late.outcome]).toEqual(['created', 'unchanged']);
    const order = await getOrder(s, first.orderId);
    expect(order).toMatchObject({ status: 'shipped', channelStatus: 'WAIT_BUYER_CONFIRM_GOODS' });
    expect(order.lines[0]).toMatchObject({ stock: 'committed', shippedQuantity: 3 });
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 7, reserved: 0, sellable: 7 });
    expect(await eventTypes(t, first.orderId)).toEqual(['order.created', 'order.paid', 'order.shipped']);

    // pending_payment → (paid missed) → completed: stock is reserved, then committed; events in order.
    const unpaid = channelOrder(s, { qty: 2, status: 'pending_payment', payment: null });
    const [u] = await ingestion.ingest(s.ctx, s.accountId, [unpaid]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 7, reserved: 2, sellable: 5 });
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...unpaid, status: 'completed', version: new Date('2026-11-25T00:00:00Z') },
    ]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 5, reserved: 0, sellable: 5 });
    expect(await eventTypes(t, u.orderId)).toEqual(['order.created', 'order.paid', 'order.completed']);
    // A channel moving backwards (completed → paid, newer version) keeps the status, takes the other fields.
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...unpaid, status: 'paid', buyerMessage: 'later note', version: new Date('2026-11-26T00:00:00Z') },
    ]);
    expect(await getOrder(s, u.orderId)).toMatchObject({ status: 'completed', buyerMessage: 'later note' });
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 5, reserved: 0, sellable: 5 });
  });

  it('commits what the channel reports shipped of a partially shipped order, the rest when it ships', async () => {
    const s = await setup(t, 20);
    const base = channelOrder(s, { lines: [line(s.skuCode, 1, 4), line(s.skuCode, 2, 1)] });
    const [o] = await ingestion.ingest(s.ctx, s.accountId, [base]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 20, reserved: 5, sellable: 15 });
    await ingestion.ingest(s.ctx, s.accountId, [
      {
        ...base,
        status: 'partially_shipped',
        version: new Date('2026-11-20T03:00:00Z'),
        lines: [{ ...base.lines[0], shippedQuantity: 3 }, base.lines[1]],
      },
    ]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 17, reserved: 2, sellable: 15 });
    const partial = await getOrder(s, o.orderId);
    expect(
      partial.lines.map((l: { shippedQuantity: number; stock: string }) => [l.shippedQuantity, l.stock]),
    ).toEqual([
      [3, 'reserved'],
      [0, 'reserved'],
    ]);
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...base, status: 'shipped', version: new Date('2026-11-20T04:00:00Z') },
    ]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 15, reserved: 0, sellable: 15 });
    expect((await getOrder(s, o.orderId)).lines.map((l: { stock: string }) => l.stock)).toEqual([
      'committed',
      'committed',
    ]);
    expect((await t.http.get('/admin/v1/stock/consistency').set(...bearer(s.m.token))).body.ok).toBe(true);
  });

  it('marks only the lines without stock short in a page, alerts once, and reserves them on a later version when stock came in', async () => {
    const s = await setup(t, 5);
    const plenty = await createSku(t, s.m.token, 100, 'Pu-erh');
    const page = [
      channelOrder(s, { lines: [line(plenty.code, 1, 1), line(s.skuCode, 2, 4)] }),
      channelOrder(s, { lines: [line(plenty.code, 1, 1), line(s.skuCode, 2, 4)] }),
      channelOrder(s, { lines: [line(plenty.code, 1, 1)] }),
    ];
    const results = await ingestion.ingest(s.ctx, s.accountId, page);
    const views = await Promise.all(results.map((r) => getOrder(s, r.orderId)));
    const stocks = views.map((v) => v.lines.map((l: { stock: string }) => l.stock));
    expect(stocks[2]).toEqual(['reserved']);
    // Exactly one of the two competing orders got the 4 units.
    expect([stocks[0], stocks[1]].sort()).toEqual([
      ['reserved', 'reserved'],
      ['reserved', 'short'],
    ]);
    const shortIndex = stocks[0][1] === 'short' ? 0 : 1;
    expect(views[shortIndex].hasStockShortLines).toBe(true);
    expect(views[1 - shortIndex].hasStockShortLines).toBe(false);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 5, reserved: 4, sellable: 1 });
    expect(await stockOf(t, s.m.token, plenty.id)).toEqual({ onHand: 100, reserved: 3, sellable: 97 });
    const shortId = results[shortIndex].orderId;
    expect(await eventTypes(t, shortId)).toEqual(['order.created', 'order.paid', 'order.stock_short']);
    const [alert] = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE aggregate_id = ? AND type = 'order.stock_short'`,
      [shortId],
    );
    expect(JSON.parse(alert.payload)).toMatchObject({
      orderId: shortId,
      lines: [{ skuId: s.skuId, quantity: 4 }],
    });

    await t.http
      .post(`/admin/v1/skus/${s.skuId}/stock/adjustments`)
      .set(...bearer(s.m.token))
      .send({ delta: 10, reason: 'receiving' })
      .expect(201);
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...page[shortIndex], buyerMessage: 'hurry', version: new Date('2026-11-20T09:00:00Z') },
    ]);
    const healed = await getOrder(s, shortId);
    expect(healed.hasStockShortLines).toBe(false);
    expect(healed.lines.map((l: { stock: string }) => l.stock)).toEqual(['reserved', 'reserved']);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 15, reserved: 8, sellable: 7 });
  });

  it('keeps the newest of one order sent twice in a page, and settles a page racing itself to one order each', async () => {
    const s = await setup(t, 50);
    const o = channelOrder(s, { qty: 1 });
    const newer = { ...o, status: 'cancelled' as const, version: new Date('2026-11-20T08:00:00Z') };
    const [x, y] = await ingestion.ingest(s.ctx, s.accountId, [newer, o]);
    expect(x.orderId).toBe(y.orderId);
    expect([x.outcome, y.outcome]).toEqual(['created', 'unchanged']);
    expect((await getOrder(s, x.orderId)).status).toBe('cancelled');
    expect(await countRows(t, 'stock_reservations', s.m.merchantId)).toBe(0);

    const page = Array.from({ length: 10 }, () => channelOrder(s, { qty: 1 }));
    const [a, b] = await Promise.all([
      ingestion.ingest(s.ctx, s.accountId, page),
      ingestion.ingest(s.ctx, s.accountId, page),
    ]);
    expect(a.map((r) => r.orderId)).toEqual(b.map((r) => r.orderId));
    expect(await countRows(t, 'orders', s.m.merchantId)).toBe(11);
    expect(await countRows(t, 'stock_reservations', s.m.merchantId)).toBe(10);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 50, reserved: 10, sellable: 40 });
  });

  it('maps a line once staff map its listing, and links buyers sharing an identity within a page', async () => {
    const s = await setup(t, 10);
    const unmapped = channelOrder(s, {
      lines: [{ ...line('NO-SUCH-CODE', 1, 2), channelItemId: 'item-x', channelSkuId: null }],
      buyer: { name: 'A', identities: [{ kind: 'wechat_unionid', value: 'union-1' }] },
    });
    const sameBuyer = channelOrder(s, {
      buyer: {
        name: 'A',
        identities: [
          { kind: 'wechat_unionid', value: 'union-1' },
          { kind: 'phone', value: '13700000000' },
        ],
      },
    });
    const [u, v] = await ingestion.ingest(s.ctx, s.accountId, [unmapped, sameBuyer]);
    const first = await getOrder(s, u.orderId);
    expect(first).toMatchObject({ hasUnmappedLines: true });
    expect(first.lines[0]).toMatchObject({ mapped: false, stock: 'none', channelItemId: 'item-x' });
    expect((await getOrder(s, v.orderId)).customerId).toBe(first.customerId);
    expect(await countRows(t, 'customers', s.m.merchantId)).toBe(1);
    expect(await countRows(t, 'customer_identities', s.m.merchantId)).toBe(2);

    const listing = await t.http
      .post(`/admin/v1/channel-accounts/${s.accountId}/listings`)
      .set(...bearer(s.m.token))
      .send({ items: [{ channelItemId: 'item-x', title: 'tea x' }] })
      .expect(200);
    await t.http
      .post(`/admin/v1/listings/${listing.body.items[0].id}/map`)
      .set(...bearer(s.m.token))
      .send({ skuId: s.skuId })
      .expect(200);
    // The newer version carries no buyer identity: the order keeps its customer.
    await ingestion.ingest(s.ctx, s.accountId, [
      { ...unmapped, buyer: { name: 'A', identities: [] }, version: new Date('2026-11-21T00:00:00Z') },
    ]);
    const mapped = await getOrder(s, u.orderId);
    expect(mapped).toMatchObject({ hasUnmappedLines: false, customerId: first.customerId });
    expect(mapped.lines[0]).toMatchObject({ mapped: true, skuId: s.skuId, stock: 'reserved' });
  });

  it('two staff shipping the same order at once ship it once; stock is committed once', async () => {
    const s = await setup(t, 10);
    const [o] = await ingestion.ingest(s.ctx, s.accountId, [channelOrder(s, { qty: 3 })]);
    const ship = (n: number) =>
      t.http
        .post(`/admin/v1/orders/${o.orderId}/shipments`)
        .set(...bearer(s.m.token))
        .send({ carrierCode: 'SF', trackingNo: `SF90000${n}` });
    const statuses = (await Promise.all([ship(1), ship(2), ship(3)])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    expect(await stockOf(t, s.m.token, s.skuId)).toEqual({ onHand: 7, reserved: 0, sellable: 7 });
    const order = await getOrder(s, o.orderId);
    expect(order).toMatchObject({ status: 'shipped' });
    expect(order.lines[0]).toMatchObject({ shippedQuantity: 3, stock: 'committed' });
    expect(await countRows(t, 'order_shipments', s.m.merchantId)).toBe(1);
  });

  it('refuses a malformed page whole, naming every bad field, and writes nothing', async () => {
    const s = await setup(t, 10);
    const good = channelOrder(s);
    const bad = channelOrder(s, {
      lines: [line(s.skuCode, 1, 1), { ...line(s.skuCode, 1, 0) }],
      amounts: { itemsFen: 100, shippingFen: 0.5, discountFen: 0, paidFen: 100 },
    });
    const error = await ingestion.ingest(s.ctx, s.accountId, [good, bad]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_channel_order', status: 400 });
    const fields = (error as { details: Array<{ field: string }> }).details.map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'orders[1].amounts.shippingFen',
        'orders[1].lines[1].externalLineId',
        'orders[1].lines[1].quantity',
      ]),
    );
    expect(await countRows(t, 'orders', s.m.merchantId)).toBe(0);
  });
});
