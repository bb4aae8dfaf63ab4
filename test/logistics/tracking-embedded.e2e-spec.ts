import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, startTestApp, waitFor } from '@tongdao/testing';
import { Setup, channelOrder, setup } from '../orders/fixtures';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import { advance, freePort, trackingOf } from './tracking-support';

/**
 * The embedded default (SQLite, in-process jobs, no tracker configured): parcels are tracked by the
 * sandbox on SANDBOX_PORT, which learns the deployment's key on first use.
 */
describe('parcel tracking on the embedded default (sandbox tracker + SQLite)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let s: Setup;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const port = await freePort();
    t = await startTestApp({
      database: 'sqlite',
      env: { SANDBOX_PORT: String(sandbox.port), PUBLIC_URL: `http://127.0.0.1:${port}` },
    });
    await t.app.listen(port, '127.0.0.1');
    s = await setup(t, 20);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('subscribes with the default key and follows the parcel to delivered', async () => {
    expect(t.config.trackerUrl).toBe(`http://127.0.0.1:${sandbox.port}`);
    const [ingested] = await t.app.get(OrderIngestion).ingest(s.ctx, s.accountId, [channelOrder(s)]);
    const trackingNo = `SF${Date.now()}`;
    await t.http
      .post(`/admin/v1/orders/${ingested.orderId}/shipments`)
      .set(...bearer(s.m.token))
      .send({ carrierCode: 'SF', trackingNo })
      .expect(201);
    const view = async () => trackingOf(t, s.m.token, ingested.orderId);
    await waitFor(async () => (await view()).shipments[0]?.subscription?.status === 'subscribed', {
      what: 'subscribed',
    });
    const subs = (await sandbox.http.get('/_sandbox/tracker/subscriptions').query({ number: trackingNo }))
      .body.subscriptions;
    expect(subs).toEqual([expect.objectContaining({ key: t.config.TRACKER_KEY, com: 'shunfeng' })]);

    await advance(sandbox, 'shunfeng', trackingNo, 3);
    await waitFor(async () => (await view()).orderStatus === 'delivered', { what: 'delivered' });
    expect((await view()).shipments[0].state).toBe('delivered');
  });
});
