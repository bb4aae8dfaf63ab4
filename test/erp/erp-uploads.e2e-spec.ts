import { bearer, waitFor } from '@tongdao/testing';
import { merchantCodes } from '../channels/taobao-support';
import {
  ErpWorld,
  erpOrders,
  misbehave,
  paidOrders,
  putConnection,
  startErpWorld,
  syncLog,
  waitForLink,
} from './erp-support';

jest.setTimeout(120_000);

/** Paid orders out to the sandbox ERP (MariaDB + Redis + sandbox Taobao and ERP). */
describe('ERP uploads', () => {
  let w: ErpWorld;
  const auth = () => bearer(w.m.token);

  beforeAll(async () => {
    w = await startErpWorld();
  });
  afterAll(async () => {
    await w?.close();
  });

  it('keeps credentials out of the API and refuses a bad connection with the fields named', async () => {
    const bad = await w.t.http
      .put('/admin/v1/erp/connection')
      .set(...auth())
      .send({
        kind: 'jushuitan',
        baseUrl: 'ftp://x',
        appKey: 'k',
        appSecret: 's',
        accessToken: 't',
        shops: [],
        stockSource: 'erp',
      })
      .expect(400);
    expect(JSON.stringify(bad.body.details)).toMatch(/baseUrl/);
    await w.t.http
      .get('/admin/v1/erp/connection')
      .set(...auth())
      .expect(404);
  });

  it('a paid order reaches the ERP exactly once although the first upload timed out after the ERP stored it', async () => {
    // Wrong secret first: the order waits (no attempt used) until the connection works.
    await putConnection(w, { appSecret: 'not-the-secret' });
    const [{ orderId }] = await paidOrders(w, 1);
    await waitFor(
      async () => {
        const res = await w.t.http
          .get('/admin/v1/erp/connection')
          .set(...auth())
          .expect(200);
        return res.body.status === 'auth_failed';
      },
      { what: 'the connection marked auth_failed' },
    );
    const view = await w.t.http
      .get('/admin/v1/erp/connection')
      .set(...auth())
      .expect(200);
    expect(JSON.stringify(view.body)).not.toContain(w.tenant.appSecret);
    expect(JSON.stringify(view.body)).not.toContain(w.tenant.accessToken);
    expect((await waitForLink(w, orderId, (l) => l.state === 'queued', 'queued')).attempts).toBe(0);

    // The ERP stores the upload and holds the answer past our timeout.
    await misbehave(w, { timeoutAfterStore: { soIds: [orderId], mode: 'hold', holdMs: 2000 } });
    await putConnection(w);
    const done = await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded');
    expect(done.attempts).toBe(2);
    const inErp = (await erpOrders(w)).filter((o) => o.soId === orderId);
    expect(inErp).toHaveLength(1);
    expect(inErp[0].uploadCalls).toBe(2);
    expect(String(inErp[0].oId)).toBe(done.erp_order_id);
    const trail = (await syncLog(w, `orderId=${orderId}`)).map((e) => e.outcome);
    expect(trail).toEqual(['uploaded', 'retry', 'queued']);
  });

  it('a rejection is recorded with its reason and not retried; replayed after the fix, the order goes', async () => {
    await misbehave(w, {
      rejectOrders: merchantCodes(w.shop).map((code) => ({
        skuId: code,
        reason: '测试拒单: no stock contract',
      })),
    });
    const [{ orderId }] = await paidOrders(w, 1);
    const rejected = await waitForLink(w, orderId, (l) => l.state === 'rejected', 'rejected');
    expect(rejected.reject_reason).toContain('测试拒单');
    await new Promise((r) => setTimeout(r, 3 * w.options.retryBaseMs));
    expect((await erpOrders(w)).find((o) => o.soId === orderId)?.uploadCalls).toBe(1);
    const letters = await w.t.http
      .get('/admin/v1/erp/dead-letters?state=rejected')
      .set(...auth())
      .expect(200);
    const letter = letters.body.items.find((l: { orderId: string }) => l.orderId === orderId);
    expect(letter).toMatchObject({ state: 'rejected', rejectReason: expect.stringContaining('测试拒单') });

    await misbehave(w, {});
    await w.t.http
      .post(`/admin/v1/erp/dead-letters/${letter.id}/replay`)
      .set(...auth())
      .expect(200);
    await w.t.http
      .post(`/admin/v1/erp/dead-letters/${letter.id}/replay`)
      .set(...auth())
      .expect(409);
    await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded after replay');
  });

  it('5xx answers are retried with backoff until the ERP takes the order', async () => {
    await misbehave(w, { serverError: { n: 1, m: 1 } });
    const [{ orderId }] = await paidOrders(w, 1);
    const failing = await waitForLink(w, orderId, (l) => l.attempts >= 1, 'a failed attempt');
    expect(failing.state).toBe('queued');
    expect(failing.last_error).toMatch(/5xx|HTTP 5/);
    await misbehave(w, {});
    await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded after 5xx');
    expect((await syncLog(w, `orderId=${orderId}`)).map((e) => e.outcome)).toContain('retry');
  });

  it('after N failed attempts the order is a dead letter; replay sends it', async () => {
    await misbehave(w, { serverError: { n: 1, m: 1 } });
    const [{ orderId }] = await paidOrders(w, 1);
    const dead = await waitForLink(w, orderId, (l) => l.state === 'dead', 'dead', 30_000);
    expect(dead.attempts).toBe(w.options.maxAttempts);
    const letters = await w.t.http
      .get('/admin/v1/erp/dead-letters')
      .set(...auth())
      .expect(200);
    const letter = letters.body.items.find((l: { orderId: string }) => l.orderId === orderId);
    expect(letter.state).toBe('dead');
    await misbehave(w, {});
    const replayed = await w.t.http
      .post(`/admin/v1/erp/dead-letters/${letter.id}/replay`)
      .set(...auth())
      .expect(200);
    expect(replayed.body).toMatchObject({ state: 'queued', attempts: 0 });
    await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded after replay');
    expect((await erpOrders(w)).filter((o) => o.soId === orderId)).toHaveLength(1);
  });

  it('a cancelled order already in the ERP is cancelled there', async () => {
    const [{ orderId }] = await paidOrders(w, 1);
    await waitForLink(w, orderId, (l) => l.state === 'uploaded', 'uploaded');
    await w.t.http
      .post(`/admin/v1/orders/${orderId}/cancel`)
      .set(...auth())
      .send({ reason: 'buyer asked to cancel' })
      .expect(200);
    await waitForLink(w, orderId, (l) => l.state === 'cancelled', 'cancelled');
    expect((await erpOrders(w)).find((o) => o.soId === orderId)?.status).toBe('Cancelled');
    expect((await syncLog(w, `orderId=${orderId}&kind=order_cancel`))[0].outcome).toBe('cancelled');
  });

  it('another merchant sees none of it', async () => {
    const other = await (await import('@tongdao/testing')).signupMerchant(w.t);
    await w.t.http
      .get('/admin/v1/erp/connection')
      .set(...bearer(other.token))
      .expect(404);
    const letters = await w.t.http
      .get('/admin/v1/erp/dead-letters')
      .set(...bearer(other.token))
      .expect(200);
    expect(letters.body.items).toEqual([]);
  });
});
