import { newId } from '@tongdao/kernel';
import { waitFor } from '@tongdao/testing';
import { eventTypes } from '../orders/fixtures';
import {
  TrackingWorld,
  advance,
  deliveredParam,
  pushSign,
  startTrackingWorld,
  trackingOf,
} from './tracking-support';

describe('tracker push callback: signature first, duplicates harmless (sandbox tracker + MariaDB + Redis)', () => {
  let w: TrackingWorld;

  beforeAll(async () => {
    w = await startTrackingWorld();
  });
  afterAll(async () => w?.close());

  it('refuses forged pushes — bad sign, no sign, unknown subscription — and changes nothing', async () => {
    const { orderId, shipmentId, trackingNo } = await w.shippedOrder();
    await w.subscribed(orderId);
    const { id, salt } = await w.saltOf(shipmentId);
    const param = deliveredParam(trackingNo, Date.now());
    for (const [trackingId, form] of [
      [id, { param, sign: pushSign(param, `${salt}x`) }],
      [id, { param, sign: pushSign(`${param} `, salt) }],
      [id, { param }],
      [id, { sign: pushSign(param, salt) }],
      [newId(), { param, sign: pushSign(param, salt) }],
      ['not-an-id', { param, sign: pushSign(param, salt) }],
    ] as const) {
      const res = await w.push(trackingId, form).expect(400);
      expect(res.body).toMatchObject({ result: false, returnCode: '400' });
    }
    // The sandbox's own bad-sign switch: its push is refused too, and the tracker is told so.
    const key = await w.trackerKeyOf(trackingNo);
    await w.sandbox.http
      .put(`/_sandbox/tracker/accounts/${key}/misbehaviour`)
      .send({ badSign: true })
      .expect(200);
    await advance(w.sandbox, 'zhongtong', trackingNo, 3);
    const [forged] = await waitFor(
      async () => {
        const list = (await w.sandbox.http.get('/_sandbox/tracker/pushes').query({ number: trackingNo })).body
          .pushes as Array<{ attempts: Array<{ status?: number }> }>;
        return list[0]?.attempts[0]?.status ? list : null;
      },
      { what: 'bad-sign push attempt' },
    );
    expect(forged.attempts[0].status).toBe(400);
    await w.sandbox.http.put(`/_sandbox/tracker/accounts/${key}/misbehaviour`).send({}).expect(200);

    const view = await trackingOf(w.t, w.m.token, orderId);
    expect(view.orderStatus).toBe('shipped');
    expect(view.shipments[0]).toMatchObject({ state: 'pending', events: [], deliveredAt: null });
    expect(await eventTypes(w.t, shipmentId)).toEqual([]);
  });

  it('takes a repeated push once: lines, state and events are not duplicated', async () => {
    const { orderId, shipmentId, trackingNo } = await w.shippedOrder();
    await w.subscribed(orderId);
    const { id, salt } = await w.saltOf(shipmentId);
    const param = deliveredParam(trackingNo, Date.now() - 3600_000);
    for (const sign of [pushSign(param, salt), pushSign(param, salt).toUpperCase()]) {
      expect((await w.push(id, { param, sign }).expect(200)).body).toEqual({
        result: true,
        returnCode: '200',
        message: '成功',
      });
    }
    const view = await trackingOf(w.t, w.m.token, orderId);
    expect(view.orderStatus).toBe('delivered');
    expect(view.shipments[0].events).toHaveLength(1);
    expect(await eventTypes(w.t, shipmentId)).toEqual(['shipment.tracking_updated']);
    expect((await eventTypes(w.t, orderId)).filter((e) => e === 'order.delivered')).toHaveLength(1);
  });

  it('keeps the sandbox’s duplicate pushes to one set of lines', async () => {
    const { orderId, shipmentId, trackingNo } = await w.shippedOrder();
    await w.subscribed(orderId);
    const key = await w.trackerKeyOf(trackingNo);
    await w.sandbox.http
      .put(`/_sandbox/tracker/accounts/${key}/misbehaviour`)
      .send({ duplicatePushes: 2 })
      .expect(200);
    await advance(w.sandbox, 'zhongtong', trackingNo, 1);
    await advance(w.sandbox, 'zhongtong', trackingNo, 0);
    await waitFor(
      async () => {
        const pushes = (await w.sandbox.http.get('/_sandbox/tracker/pushes').query({ number: trackingNo }))
          .body.pushes as Array<{ delivery: string }>;
        return pushes.length === 6 && pushes.every((p) => p.delivery === 'acknowledged');
      },
      { what: 'six acknowledged pushes' },
    );
    await w.sandbox.http.put(`/_sandbox/tracker/accounts/${key}/misbehaviour`).send({}).expect(200);
    const view = await trackingOf(w.t, w.m.token, orderId);
    expect(view.shipments[0].events).toHaveLength(2);
    expect(await eventTypes(w.t, shipmentId)).toHaveLength(2);
  });
});
