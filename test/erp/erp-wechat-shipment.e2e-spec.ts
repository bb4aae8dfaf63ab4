import { ErpOptions } from '@tongdao/erp';
import { TestApp, bearer, startTestApp, waitFor } from '@tongdao/testing';
import { SentMessage, sentMessages } from '../channels/wechat-support';
import { createTrackerAccount, freePort, trackingOf } from '../logistics/tracking-support';
import { ErpTenant, createTenant } from '../sandbox/erp-client';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import { PayMerchant } from '../sandbox/wechatpay-client';
import { checkout, connectWechatPay, createPayment, orderStatus, payControl } from '../store/payment-support';
import { StoreFixture, openStore, signInBuyer } from '../store/store-support';
import { erpOrders, jushuitanConnectionBody, waitForLink } from './erp-support';

jest.setTimeout(60_000);

/**
 * Issue #8's acceptance for the WeChat shop: a buyer pays through sandbox WeChat Pay, the ERP connection serving
 * the shop uploads the order to the sandbox ERP once, the ERP ships it, the pull ships our order, and the buyer
 * gets the `order.shipped` template message with the tracking number while the parcel is subscribed at the
 * sandbox tracker (MariaDB + Redis + sandbox WeChat, WeChat Pay, ERP and tracker; the api listens for callbacks).
 */
describe('an ERP shipment of a WeChat-shop order ends as a WeChat template message and a tracked parcel', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let publicUrl: string;
  let store: StoreFixture;
  let pay: PayMerchant;
  let tenant: ErpTenant;
  const owner = () => bearer(store.merchant.token);

  beforeAll(async () => {
    sandbox = await startSandbox();
    const trackerKey = await createTrackerAccount(sandbox);
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({
      env: {
        PUBLIC_URL: publicUrl,
        TRACKER_URL: `http://127.0.0.1:${sandbox.port}`,
        TRACKER_KEY: trackerKey,
      },
    });
    await t.app.listen(port, '127.0.0.1');
    Object.assign(t.app.get(ErpOptions), { requestTimeoutMs: 2000, retryBaseMs: 300, batchWindowMs: 50 });

    store = await openStore(t, sandbox, { products: [{ title: '明前龙井', skus: [{ priceFen: 6800 }] }] });
    pay = await connectWechatPay(t, store);
    await t.http
      .post(`/admin/v1/shops/${store.shopId}/wechat/templates`)
      .set(...owner())
      .send({
        event: 'order.shipped',
        templateId: store.account.templates[0].templateId,
        fields: {
          first: '您的订单已发货',
          keyword1: '{{carrierCode}} {{trackingNo}}',
          keyword2: '{{itemTitle}}',
        },
      })
      .expect(201);

    tenant = await createTenant(sandbox.http, {
      skus: store.products[0].skus.map((sku) => ({ skuId: sku.code, qty: 100 })),
    });
    // Stock stays ours: this suite is about orders out and parcels back.
    await t.http
      .put('/admin/v1/erp/connection')
      .set(...owner())
      .send(jushuitanConnectionBody(sandbox.port, tenant, store.shopId, { stockSource: 'tongdao' }))
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('paid in the WeChat shop → uploaded once → shipped by the ERP → template message with the tracking number; parcel subscribed', async () => {
    const buyer = await signInBuyer(t, store);
    const order = await checkout(t, store, buyer, 2);
    await createPayment(t, store, buyer, order.id).expect(200);
    await payControl(sandbox, pay).pay(order.id).expect(200);
    await waitFor(async () => (await orderStatus(t, store, order.id)) === 'paid', { what: 'order paid' });

    const link = await waitForLink({ t }, order.id, (l) => l.state === 'uploaded', 'upload to the ERP');
    const atErp = (await erpOrders({ sandbox, tenant })).filter((o) => o.soId === order.id);
    expect(atErp).toEqual([expect.objectContaining({ soId: order.id, uploadCalls: 1 })]);
    expect(link).toMatchObject({ attempts: 1, erp_order_id: String(atErp[0].oId) });

    const sent = await sandbox.http
      .post(`/_sandbox/erp/tenants/${tenant.appKey}/shipments`)
      .send({ shopId: tenant.shops[0].shopId, soId: order.id, lcId: 'ZTO' })
      .expect(201);
    const trackingNo = sent.body.lId as string;
    expect(trackingNo).toBeTruthy();

    const sync = await t.http
      .post('/admin/v1/erp/sync')
      .set(...owner())
      .expect(200);
    expect(sync.body.error).toBeNull();
    expect(await orderStatus(t, store, order.id)).toBe('shipped');
    const shipments: Array<{ carrier_code: string; tracking_no: string }> = await t.dataSource.query(
      'SELECT carrier_code, tracking_no FROM order_shipments WHERE order_id = ?',
      [order.id],
    );
    expect(shipments).toEqual([{ carrier_code: 'ZTO', tracking_no: trackingNo }]);

    const toBuyer = async (): Promise<SentMessage[]> =>
      (await sentMessages(sandbox, store.account.appId, 'template')).filter((m) => m.touser === buyer.openid);
    const [notice] = await waitFor(
      async () => {
        const messages = await toBuyer();
        return messages.length > 0 ? messages : null;
      },
      { what: 'order.shipped template message' },
    );
    expect(notice.body).toMatchObject({
      template_id: store.account.templates[0].templateId,
      data: {
        first: { value: '您的订单已发货' },
        keyword1: { value: `ZTO ${trackingNo}` },
        keyword2: { value: '明前龙井' },
      },
    });

    const tracked = await waitFor(
      async () => {
        const view = await trackingOf(t, store.merchant.token, order.id);
        return view.shipments[0]?.subscription?.status === 'subscribed' ? view : null;
      },
      { what: 'tracking subscription' },
    );
    expect(tracked.shipments).toEqual([
      expect.objectContaining({ carrierCode: 'ZTO', trackingNo, state: 'pending' }),
    ]);
    const [tracking]: Array<{ id: string; salt: string }> = await t.dataSource.query(
      'SELECT id, salt FROM shipment_trackings WHERE order_id = ?',
      [order.id],
    );
    const atTracker = await sandbox.http
      .get('/_sandbox/tracker/subscriptions')
      .query({ number: trackingNo })
      .expect(200);
    expect(atTracker.body.subscriptions).toEqual([
      expect.objectContaining({
        com: 'zhongtong',
        callbackUrl: `${publicUrl}/channels/tracker/${tracking.id}/push`,
        salt: tracking.salt,
        status: 'active',
      }),
    ]);

    // Pulled again (the window overlaps): no second shipment, no second message, no second upload.
    const again = await t.http
      .post('/admin/v1/erp/sync')
      .set(...owner())
      .expect(200);
    expect(again.body.shipments.shipped).toBe(0);
    expect(await toBuyer()).toHaveLength(1);
    const uploads = (await erpOrders({ sandbox, tenant })).filter((o) => o.soId === order.id);
    expect(uploads).toEqual([expect.objectContaining({ uploadCalls: 1 })]);
  });
});
