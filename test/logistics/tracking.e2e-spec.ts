import { TestApp, bearer, signupMerchant, waitFor } from '@tongdao/testing';
import { sentMessages } from '../channels/wechat-support';
import { eventTypes } from '../orders/fixtures';
import { TrackingWorld, advance, startTrackingWorld } from './tracking-support';

const DAY = 24 * 3600_000;

describe('parcel tracking: subscriptions and delivery (sandbox tracker + WeChat + MariaDB + Redis)', () => {
  let w: TrackingWorld;
  let t: TestApp;

  beforeAll(async () => {
    w = await startTrackingWorld();
    t = w.t;
  });
  afterAll(async () => w?.close());

  const owner = () => bearer(w.m.token);
  const subscriptionsAt = async (trackingNo: string) =>
    (await w.sandbox.http.get('/_sandbox/tracker/subscriptions').query({ number: trackingNo }).expect(200))
      .body.subscriptions;

  it('subscribes each shipped parcel at the tracker with its own callback URL and salt', async () => {
    const { orderId, shipmentId, trackingNo } = await w.shippedOrder();
    const view = await w.subscribed(orderId);
    expect(view.shipments[0]).toMatchObject({ shipmentId, carrierCode: 'ZTO', trackingNo, state: 'pending' });
    const { id, salt } = await w.saltOf(shipmentId);
    expect(await subscriptionsAt(trackingNo)).toEqual([
      expect.objectContaining({
        com: 'zhongtong',
        callbackUrl: `${w.publicUrl}/channels/tracker/${id}/push`,
        salt,
        status: 'active',
      }),
    ]);
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    const another = await w.shippedOrder();
    await w.subscribed(another.orderId);
    expect((await w.saltOf(another.shipmentId)).salt).not.toBe(salt);
  });

  it('in transit → out for delivery → delivered: the parcel, then the order, guarantee timer and WeChat notice', async () => {
    const { orderId, shipmentId, trackingNo } = await w.shippedOrder();
    await w.subscribed(orderId);
    await advance(w.sandbox, 'zhongtong', trackingNo, 1);
    await w.trackingWhere(orderId, (v) => v.shipments[0].state === 'in_transit', 'in transit');
    await advance(w.sandbox, 'zhongtong', trackingNo, 5);
    await w.trackingWhere(orderId, (v) => v.shipments[0].state === 'out_for_delivery', 'out for delivery');
    await advance(w.sandbox, 'zhongtong', trackingNo, 3);
    const view = await w.trackingWhere(orderId, (v) => v.orderStatus === 'delivered', 'order delivered');
    const parcel = view.shipments[0];
    expect(parcel.state).toBe('delivered');
    expect(parcel.subscription?.status).toBe('ended');
    expect(parcel.events.map((e) => e.state)).toEqual(['delivered', 'out_for_delivery', 'in_transit']);

    const order = await waitFor(
      async () => {
        const body = (
          await t.http
            .get(`/admin/v1/orders/${orderId}`)
            .set(...owner())
            .expect(200)
        ).body;
        return body.settlement.settleAt ? body : null;
      },
      { what: 'settle_at' },
    );
    expect(order.settlement.state).toBe('held');
    expect(order.settlement.deliveredAt).toBe(parcel.deliveredAt);
    expect(Date.parse(order.settlement.settleAt) - Date.parse(order.settlement.deliveredAt)).toBe(7 * DAY);
    expect(await eventTypes(t, orderId)).toContain('order.delivered');
    expect(await eventTypes(t, shipmentId)).toEqual(Array(3).fill('shipment.tracking_updated'));

    const notice = await waitFor(
      async () =>
        (await sentMessages(w.sandbox, w.account.appId, 'template')).find(
          (s) => s.touser === w.follower.openid && s.body.data?.first?.value.includes(trackingNo),
        ),
      { what: 'delivered template' },
    );
    expect(notice.body.data).toEqual({
      first: { value: `中通快递 ${trackingNo} 已签收` },
      keyword1: { value: parcel.events[0].context },
      keyword2: { value: 'Line 1' },
    });
    const pushes = (
      await w.sandbox.http.get('/_sandbox/tracker/pushes').query({ number: trackingNo }).expect(200)
    ).body.pushes as Array<{ delivery: string }>;
    expect(pushes.map((p) => p.delivery)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
  });

  it('shows a failing subscription while it retries, then subscribes', async () => {
    const first = await w.shippedOrder();
    await w.subscribed(first.orderId);
    const key = await w.trackerKeyOf(first.trackingNo);
    const misbehave = (body: Record<string, unknown>) =>
      w.sandbox.http.put(`/_sandbox/tracker/accounts/${key}/misbehaviour`).send(body).expect(200);
    await misbehave({ serverError: { n: 1, m: 1 } });
    const { orderId } = await w.shippedOrder();
    const failing = await w.trackingWhere(
      orderId,
      (v) => v.shipments[0]?.subscription?.status === 'failing',
      'failing subscription',
    );
    expect(failing.shipments[0].subscription?.lastError).toContain('500');
    await misbehave({});
    const done = await w.subscribed(orderId);
    expect(done.shipments[0].subscription?.attempts).toBeGreaterThanOrEqual(2);
    expect(done.shipments[0].subscription?.lastError).toBeNull();
  });

  it('lists carriers; keeps an order’s tracking to its merchant', async () => {
    const carriers = (
      await t.http
        .get('/admin/v1/logistics/carriers')
        .set(...owner())
        .expect(200)
    ).body;
    expect(carriers).toContainEqual({
      code: 'POST',
      name: '邮政快递包裹',
      taobaoCode: 'POSTB',
      trackerCode: 'youzhengguonei',
    });
    await t.http.get('/admin/v1/logistics/carriers').expect(401);
    const { orderId } = await w.shippedOrder();
    const other = await signupMerchant(t);
    await t.http
      .get(`/admin/v1/orders/${orderId}/tracking`)
      .set(...bearer(other.token))
      .expect(404);
  });
});
