import { createShop, gmt8, rawIds, Sandbox, Shop, startSandbox, top, topError } from './taobao-client';

const INC = 'taobao.trades.sold.increment.get';

describe('sandbox Taobao: trades, refunds, stock and shipping APIs', () => {
  let sandbox: Sandbox;
  let shop: Shop;
  const window = () => ({
    start_modified: gmt8(Date.now() - 3600_000),
    end_modified: gmt8(Date.now() + 60_000),
  });

  beforeAll(async () => {
    sandbox = await startSandbox();
    shop = await createShop(sandbox.http, { sellerNick: 'trades_shop' });
    await sandbox.http
      .post('/_sandbox/taobao/sellers/trades_shop/trades/generate')
      .send({ count: 25, spreadMinutes: 30 })
      .expect(201);
  });
  afterAll(() => sandbox.close());

  it('pages increment.get newest first with has_next, every trade exactly once', async () => {
    const seen: string[] = [];
    const modified: string[] = [];
    const hasNext: boolean[] = [];
    for (let page = 1; page <= 3; page += 1) {
      const res = await top(sandbox.http, shop, INC, {
        fields: 'tid,modified,status',
        ...window(),
        page_no: String(page),
        page_size: '10',
        use_has_next: 'true',
      }).expect(200);
      const body = res.body.trades_sold_increment_get_response;
      expect(body.total_results).toBeUndefined();
      hasNext.push(body.has_next);
      seen.push(...rawIds(res.text, 'tid'));
      modified.push(...body.trades.trade.map((t: { modified: string }) => t.modified));
    }
    expect(hasNext).toEqual([true, true, false]);
    expect(new Set(seen).size).toBe(25);
    expect([...modified].sort().reverse()).toEqual(modified);
  });

  it('reports total_results without use_has_next, and omits trades on an empty page', async () => {
    const res = await top(sandbox.http, shop, INC, {
      fields: 'tid',
      ...window(),
      page_no: '9',
      page_size: '10',
    });
    const body = res.body.trades_sold_increment_get_response;
    expect(body.total_results).toBe(25);
    expect(body.trades).toBeUndefined();
  });

  it('filters by status (including ALL_CLOSED) and honours fields', async () => {
    const res = await top(sandbox.http, shop, INC, {
      fields: 'tid_str,status,orders.oid_str,orders.outer_sku_id',
      ...window(),
      status: 'WAIT_SELLER_SEND_GOODS',
      page_size: '100',
    });
    const trades = res.body.trades_sold_increment_get_response.trades?.trade ?? [];
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) {
      expect(trade.status).toBe('WAIT_SELLER_SEND_GOODS');
      expect(Object.keys(trade).sort()).toEqual(['orders', 'status', 'tid_str']);
      for (const order of trade.orders.order)
        expect(Object.keys(order).every((k) => ['oid_str', 'outer_sku_id'].includes(k))).toBe(true);
    }
    const closed = await top(sandbox.http, shop, INC, {
      fields: 'status',
      ...window(),
      status: 'ALL_CLOSED',
      page_size: '100',
    });
    for (const t of closed.body.trades_sold_increment_get_response.trades?.trade ?? []) {
      expect(['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO']).toContain(t.status);
    }
  });

  it('refuses a window over one day, a page_size over 100 and a missing window', async () => {
    const wide = await top(sandbox.http, shop, INC, {
      fields: 'tid',
      start_modified: gmt8(Date.now() - 25 * 3600_000),
      end_modified: gmt8(Date.now()),
    });
    expect(topError(wide.body)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:end_modified' });
    const big = await top(sandbox.http, shop, INC, { fields: 'tid', ...window(), page_size: '101' });
    expect(topError(big.body)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:page_size' });
    const none = await top(sandbox.http, shop, INC, { fields: 'tid' });
    expect(topError(none.body)).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:start_modified' });
  });

  it('with simplify=true drops the _response and list wrappers', async () => {
    const res = await top(sandbox.http, shop, INC, {
      fields: 'tid_str',
      ...window(),
      page_size: '5',
      simplify: 'true',
    });
    expect(Array.isArray(res.body.trades)).toBe(true);
    expect(res.body.trades).toHaveLength(5);
  });

  it('records item.quantity.update (full by sku_id, incremental by outer_id) and refuses stock below zero', async () => {
    const item = shop.items.find((i) => i.skus.length > 0)!;
    const [skuA, skuB] = item.skus;
    const full = await top(sandbox.http, shop, 'taobao.item.quantity.update', {
      num_iid: item.numIid,
      sku_id: skuA.skuId,
      quantity: '7',
      type: '1',
    });
    const updated = full.body.item_quantity_update_response.item;
    expect(updated.skus.sku[0]).toMatchObject({ quantity: 7 });
    await top(sandbox.http, shop, 'taobao.item.quantity.update', {
      num_iid: item.numIid,
      outer_id: skuB.outerId,
      quantity: '-3',
      type: '2',
    }).expect(200);
    const recorded = await sandbox.http.get(`/_sandbox/taobao/items/${item.numIid}`).expect(200);
    const bySku = Object.fromEntries(
      recorded.body.skus.map((s: { skuId: string; quantity: number }) => [s.skuId, s.quantity]),
    );
    expect(bySku[skuA.skuId]).toBe(7);
    expect(bySku[skuB.skuId]).toBe(skuB.quantity - 3);
    const under = await top(sandbox.http, shop, 'taobao.item.quantity.update', {
      num_iid: item.numIid,
      sku_id: skuA.skuId,
      quantity: '-8',
      type: '2',
    });
    expect(topError(under.body)?.code).toBe(15);
    const log = await sandbox.http.get('/_sandbox/taobao/quantity-updates').query({ numIid: item.numIid });
    expect(log.body.updates.map((u: { resulting: number }) => u.resulting)).toEqual([7, skuB.quantity - 3]);
  });

  it('offline.send ships a split shipment, then the rest; the trade moves to WAIT_BUYER_CONFIRM_GOODS', async () => {
    let tid = '';
    let oids: string[] = [];
    // Generate until a multi-line paid trade appears (the seeded stream makes this deterministic).
    for (let i = 0; i < 20 && oids.length < 2; i += 1) {
      const res = await sandbox.http
        .post('/_sandbox/taobao/sellers/trades_shop/trades/generate')
        .send({ count: 1, scenario: 'WAIT_SELLER_SEND_GOODS' });
      tid = res.body.trades[0].tid;
      oids = res.body.trades[0].orders.map((o: { oid: string }) => o.oid);
    }
    expect(oids.length).toBeGreaterThan(1);
    const first = await top(sandbox.http, shop, 'taobao.logistics.offline.send', {
      tid,
      out_sid: 'SF100',
      company_code: 'SF',
      sub_tid: oids[0],
      is_split: '1',
    });
    expect(first.body.logistics_offline_send_response.shipping.is_success).toBe(true);
    let trade = await sandbox.http.get(`/_sandbox/taobao/trades/${tid}`);
    expect(trade.body.status).toBe('SELLER_CONSIGNED_PART');
    await top(sandbox.http, shop, 'taobao.logistics.offline.send', {
      tid,
      out_sid: 'SF101',
      company_code: 'SF',
    });
    trade = await sandbox.http.get(`/_sandbox/taobao/trades/${tid}`);
    expect(trade.body.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    const full = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', {
      tid,
      fields: 'status,orders.invoice_no',
    });
    expect(full.body.trade_fullinfo_get_response.trade.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    const again = await top(sandbox.http, shop, 'taobao.logistics.offline.send', {
      tid,
      out_sid: 'SF102',
      company_code: 'SF',
    });
    expect(topError(again.body)?.code).toBe(15);
    const shipments = await sandbox.http.get('/_sandbox/taobao/shipments').query({ tid });
    expect(shipments.body.shipments).toEqual([
      expect.objectContaining({ oids: [oids[0]], outSid: 'SF100', split: true }),
      expect.objectContaining({ oids: oids.slice(1), outSid: 'SF101', companyCode: 'SF' }),
    ]);
  });

  it('refuses to ship a trade closed by Taobao, or with an unknown courier', async () => {
    const res = await sandbox.http
      .post('/_sandbox/taobao/sellers/trades_shop/trades/generate')
      .send({ count: 1, scenario: 'TRADE_CLOSED_BY_TAOBAO' });
    const tid = res.body.trades[0].tid;
    const closed = await top(sandbox.http, shop, 'taobao.logistics.offline.send', {
      tid,
      out_sid: 'X1',
      company_code: 'SF',
    });
    expect(topError(closed.body)).toMatchObject({
      code: 15,
      sub_code: 'isv.logistics-offline-service-error',
    });
    const courier = await top(sandbox.http, shop, 'taobao.logistics.offline.send', {
      tid,
      out_sid: 'X1',
      company_code: 'NOPE',
    });
    expect(topError(courier.body)?.sub_code).toBe('isv.logistics-company-not-exist');
  });

  it('lists refunds in refunds.receive.get, following their status', async () => {
    const gen = await sandbox.http
      .post('/_sandbox/taobao/sellers/trades_shop/trades/generate')
      .send({ count: 1, scenario: 'WAIT_SELLER_SEND_GOODS' });
    const tid = gen.body.trades[0].tid;
    const refund = await sandbox.http
      .post(`/_sandbox/taobao/trades/${tid}/refunds`)
      .send({ refundFee: '1.00' })
      .expect(201);
    await sandbox.http
      .post(`/_sandbox/taobao/refunds/${refund.body.refundId}/advance`)
      .send({ to: 'SUCCESS' })
      .expect(200);
    const res = await top(sandbox.http, shop, 'taobao.refunds.receive.get', {
      fields: 'refund_id,tid,status,refund_fee,order_status',
      status: 'SUCCESS',
    });
    const refunds = res.body.refunds_receive_get_response.refunds.refund;
    expect(rawIds(res.text, 'refund_id')).toContain(refund.body.refundId);
    expect(refunds.find((r: { refund_fee: string }) => r.refund_fee === '1.00')).toMatchObject({
      status: 'SUCCESS',
      order_status: 'TRADE_CLOSED',
    });
  });
});
