import { bearer, waitFor } from '@tongdao/testing';
import { listHalfAllocatedSku, waitForTaobaoQuantity } from '../channels/taobao-support';
import { ErpWorld, paidOrders, putConnection, startErpWorld, syncLog, waitForLink } from './erp-support';

jest.setTimeout(120_000);

/** Back from the ERP: counts to every channel, parcels to Taobao (MariaDB + Redis + sandbox Taobao and ERP). */
describe('ERP stock and shipments back', () => {
  let w: ErpWorld;
  const auth = () => bearer(w.m.token);

  beforeAll(async () => {
    w = await startErpWorld(1000);
    await putConnection(w);
  });
  afterAll(async () => {
    await w?.close();
  });

  async function syncNow(): Promise<{
    shipments: { shipped: number; skipped: number };
    stock: { adjusted: number; unknown: number } | null;
    error: string | null;
  }> {
    const res = await w.t.http
      .post('/admin/v1/erp/sync')
      .set(...auth())
      .expect(200);
    expect(res.body.error).toBeNull();
    return res.body;
  }

  async function setErpStock(code: string, qty: number): Promise<void> {
    await w.sandbox.http
      .put(`/_sandbox/erp/tenants/${w.tenant.appKey}/stock`)
      .send({ items: [{ skuId: code, qty }] })
      .expect(200);
  }

  it('ERP stock 37 for a SKU ends as the allocation rule’s figure on Taobao (ledger reason erp_sync)', async () => {
    const listed = await listHalfAllocatedSku(w.t, w.m.token, w.shop, w.accountId);

    await setErpStock(listed.outerId, 37);
    const first = await syncNow();
    expect(first.stock!.adjusted).toBeGreaterThanOrEqual(1);
    const stock = (
      await w.t.http
        .get(`/admin/v1/skus/${listed.skuId}/stock`)
        .set(...auth())
        .expect(200)
    ).body;
    expect(stock.totals.onHand).toBe(37);
    const ledger = await w.t.http
      .get(`/admin/v1/stock/ledger?skuId=${listed.skuId}`)
      .set(...auth())
      .expect(200);
    expect(ledger.body.items[0]).toMatchObject({ reason: 'erp_sync', onHandAfter: 37 });
    await waitForTaobaoQuantity(w.sandbox, listed, Math.floor(stock.totals.sellable / 2));
    const trail = await syncLog(w, `skuId=${listed.skuId}`);
    expect(trail[0]).toMatchObject({ outcome: 'adjusted', detail: expect.stringContaining('→ 37') });

    // Nothing changed: nothing written. A later change arrives through the modified window.
    expect((await syncNow()).stock!.adjusted).toBe(0);
    await setErpStock(listed.outerId, 40);
    expect((await syncNow()).stock!.adjusted).toBe(1);
    const after = (
      await w.t.http
        .get(`/admin/v1/skus/${listed.skuId}/stock`)
        .set(...auth())
        .expect(200)
    ).body;
    expect(after.totals.onHand).toBe(40);
  });

  it('an ERP shipment ships our order once and reaches Taobao as offline.send', async () => {
    const [{ orderId, tid }] = await paidOrders(w, 1);
    await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded');
    const sent = await w.sandbox.http
      .post(`/_sandbox/erp/tenants/${w.tenant.appKey}/shipments`)
      .send({ shopId: w.tenant.shops[0].shopId, soId: orderId, lcId: 'ZTO' })
      .expect(201);
    const trackingNo: string = sent.body.lId;

    expect((await syncNow()).shipments.shipped).toBe(1);
    const order = await w.t.http
      .get(`/admin/v1/orders/${orderId}`)
      .set(...auth())
      .expect(200);
    expect(order.body.status).toBe('shipped');
    await waitFor(
      async () => {
        const res = await w.sandbox.http.get(`/_sandbox/taobao/shipments?tid=${tid}`).expect(200);
        return res.body.shipments.some(
          (s: { outSid: string; companyCode: string }) => s.outSid === trackingNo && s.companyCode === 'ZTO',
        );
      },
      { what: 'offline.send at the sandbox Taobao', timeoutMs: 20_000 },
    );
    const trade = await w.sandbox.http.get(`/_sandbox/taobao/trades/${tid}`).expect(200);
    expect(trade.body.status).toBe('WAIT_BUYER_CONFIRM_GOODS');

    // Pulled again (the window overlaps): no second shipment.
    expect((await syncNow()).shipments.shipped).toBe(0);
    const rows: Array<{ n: string | number }> = await w.t.dataSource.query(
      'SELECT COUNT(*) AS n FROM order_shipments WHERE order_id = ?',
      [orderId],
    );
    expect(Number(rows[0].n)).toBe(1);
    const trail = await syncLog(w, `orderId=${orderId}&kind=shipment`);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ outcome: 'shipped', detail: expect.stringContaining(trackingNo) });
  });
});
