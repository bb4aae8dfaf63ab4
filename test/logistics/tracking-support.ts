import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { RequestContext } from '@tongdao/kernel';
import { OrderIngestion } from '@tongdao/orders';
import supertest from 'supertest';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { connectSandboxAccount } from '../channels/wechat-support';
import { channelOrder, createSku } from '../orders/fixtures';
import {
  Account,
  Follower,
  Sandbox,
  createAccount,
  createFollower,
  startSandbox,
} from '../sandbox/wechat-client';

export interface TrackingView {
  orderId: string;
  orderStatus: string;
  shipments: Array<{
    shipmentId: string;
    carrierCode: string;
    trackingNo: string;
    state: string;
    deliveredAt: string | null;
    subscription: { status: string; attempts: number; lastError: string | null } | null;
    events: Array<{ time: string; context: string; state: string | null }>;
  }>;
}

/** A port nobody listens on right now, so the app's public URL can be known before it listens. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An API account at the sandbox tracker; its key is what Tongdao subscribes with. */
export async function createTrackerAccount(sandbox: Sandbox): Promise<string> {
  const key = `LogiE2e${randomBytes(6).toString('hex')}`;
  await sandbox.http.post('/_sandbox/tracker/accounts').send({ key }).expect(201);
  return key;
}

export async function trackingOf(t: TestApp, token: string, orderId: string): Promise<TrackingView> {
  return (
    await t.http
      .get(`/admin/v1/orders/${orderId}/tracking`)
      .set(...bearer(token))
      .expect(200)
  ).body as TrackingView;
}

/** Moves the sandbox parcel on by one scan (Kuaidi100 state code), which the tracker pushes at once. */
export async function advance(sandbox: Sandbox, com: string, number: string, state: number): Promise<void> {
  await sandbox.http.post(`/_sandbox/tracker/parcels/${com}/${number}/advance`).send({ state }).expect(200);
}

/** The push signature per PROTOCOLS §5.3, written here rather than imported from the code under test. */
export function pushSign(param: string, salt: string): string {
  return createHash('md5')
    .update(param + salt)
    .digest('hex');
}

/** Kuaidi100-style GMT+8 "yyyy-MM-dd HH:mm:ss". */
export function gmt8(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function deliveredParam(number: string, atMs: number): string {
  return JSON.stringify({
    status: 'shutdown',
    message: '',
    lastResult: {
      state: '3',
      ischeck: '1',
      com: 'zhongtong',
      nu: number,
      data: [{ context: '已签收，签收人：本人', time: gmt8(atMs), ftime: gmt8(atMs), status: '签收' }],
    },
  });
}

export interface ShippedOrder {
  orderId: string;
  shipmentId: string;
  trackingNo: string;
}

/**
 * One merchant with a guarantee policy (7 days), a WeChat account of the sandbox with a follower and a
 * `shipment.delivered` template, and the app listening where its PUBLIC_URL says, subscribing at the
 * sandbox tracker with its own key.
 */
export interface TrackingWorld {
  sandbox: Sandbox;
  t: TestApp;
  m: SignedUpMerchant;
  account: Account;
  follower: Follower;
  publicUrl: string;
  /** A paid order of the follower, shipped from the desk with ZTO. */
  shippedOrder(): Promise<ShippedOrder>;
  trackingWhere(orderId: string, ok: (v: TrackingView) => boolean, what: string): Promise<TrackingView>;
  subscribed(orderId: string): Promise<TrackingView>;
  /** The tracking row's id and salt, read from the database. */
  saltOf(shipmentId: string): Promise<{ id: string; salt: string }>;
  push(trackingId: string, form: Record<string, string>): supertest.Test;
  trackerKeyOf(trackingNo: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTrackingWorld(): Promise<TrackingWorld> {
  const sandbox = await startSandbox();
  const trackerKey = await createTrackerAccount(sandbox);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const t = await startTestApp({
    env: { TRACKER_URL: `http://127.0.0.1:${sandbox.port}`, TRACKER_KEY: trackerKey, PUBLIC_URL: publicUrl },
  });
  await t.app.listen(port, '127.0.0.1');
  const m = await signupMerchant(t);
  const ctx = RequestContext.system(m.merchantId, 'test');
  const account = await createAccount(sandbox.http);
  const follower = await createFollower(sandbox.http, account.appId);
  const accountId = await connectSandboxAccount(t, m, sandbox, account);
  const skuCode = (await createSku(t, m.token, 50, '明前龙井')).code;
  const owner = bearer(m.token);
  await t.http
    .put(`/admin/v1/shops/${m.shopId}/guarantee`)
    .set(...owner)
    .send({ guaranteeEnabled: true, autoConfirmDays: 7 })
    .expect(200);
  await t.http
    .post(`/admin/v1/shops/${m.shopId}/wechat/templates`)
    .set(...owner)
    .send({
      event: 'shipment.delivered',
      templateId: account.templates[0].templateId,
      fields: {
        first: '{{carrierName}} {{trackingNo}} {{trackingState}}',
        keyword1: '{{trackingContext}}',
        keyword2: '{{itemTitle}}',
      },
    })
    .expect(201);
  let seq = 0;
  const trackingWhere = (orderId: string, ok: (v: TrackingView) => boolean, what: string) =>
    waitFor(
      async () => {
        const view = await trackingOf(t, m.token, orderId);
        return ok(view) ? view : null;
      },
      { what },
    );
  return {
    sandbox,
    t,
    m,
    account,
    follower,
    publicUrl,
    async shippedOrder() {
      const order = channelOrder(
        { skuCode },
        { buyer: { name: '微信买家', identities: [{ kind: 'wechat_openid', value: follower.openid }] } },
      );
      const [ingested] = await t.app.get(OrderIngestion).ingest(ctx, accountId, [order]);
      seq += 1;
      const trackingNo = `ZT${Date.now()}${seq}`;
      const shipment = await t.http
        .post(`/admin/v1/orders/${ingested.orderId}/shipments`)
        .set(...owner)
        .send({ carrierCode: 'ZTO', trackingNo })
        .expect(201);
      return { orderId: ingested.orderId, shipmentId: shipment.body.id, trackingNo };
    },
    trackingWhere,
    subscribed: (orderId) =>
      trackingWhere(orderId, (v) => v.shipments[0]?.subscription?.status === 'subscribed', 'subscription'),
    async saltOf(shipmentId) {
      const rows = await t.dataSource.query('SELECT id, salt FROM shipment_trackings WHERE shipment_id = ?', [
        shipmentId,
      ]);
      return rows[0];
    },
    push: (trackingId, form) => t.http.post(`/channels/tracker/${trackingId}/push`).type('form').send(form),
    async trackerKeyOf(trackingNo) {
      const res = await sandbox.http.get('/_sandbox/tracker/subscriptions').query({ number: trackingNo });
      return res.body.subscriptions[0].key;
    },
    async close() {
      await t.close();
      await sandbox.close();
    },
  };
}
