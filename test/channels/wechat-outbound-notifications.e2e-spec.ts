import type { AddressInfo } from 'node:net';
import { EventOutbox, RequestContext } from '@tongdao/kernel';
import { OrderIngestion } from '@tongdao/orders';
import { TransactionRunner } from '@tongdao/persistence';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { channelOrder, createSku } from '../orders/fixtures';
import {
  Account,
  Follower,
  Sandbox,
  createAccount,
  createFollower,
  startSandbox,
} from '../sandbox/wechat-client';
import { SentMessage, connectSandboxAccount, sandboxCalls, sentMessages } from './wechat-support';

interface OutboundRow {
  id: string;
  status: string;
  msgid: string | null;
  source: string;
  attempts: number | string;
  error: string | null;
  order_id: string;
  finished_at: Date | null;
}

describe('WeChat template notifications for order events (sandbox + MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let ctx: RequestContext;
  let account: Account;
  let follower: Follower;
  let accountId: string;
  let skuCode: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp();
    m = await signupMerchant(t);
    ctx = RequestContext.system(m.merchantId, 'test');
    account = await createAccount(sandbox.http);
    follower = await createFollower(sandbox.http, account.appId);
    accountId = await connectSandboxAccount(t, m, sandbox, account);
    skuCode = (await createSku(t, m.token, 50, '明前龙井')).code;
    const templateId = account.templates[0].templateId;
    const templates = `/admin/v1/shops/${m.shopId}/wechat/templates`;
    await t.http
      .post(templates)
      .set(...bearer(m.token))
      .send({
        event: 'order.paid',
        templateId,
        fields: {
          first: '订单 {{externalOrderId}} 已付款',
          keyword1: '¥{{paidYuan}}',
          keyword2: '{{itemTitle}}',
        },
        url: 'https://shop.example.com/orders',
      })
      .expect(201);
    await t.http
      .post(templates)
      .set(...bearer(m.token))
      .send({ event: 'order.shipped', templateId, fields: { keyword1: '{{carrierCode}} {{trackingNo}}' } })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const wechatBuyer = (openid: string) => ({
    name: '微信买家',
    identities: [{ kind: 'wechat_openid' as const, value: openid }],
  });
  const templatesTo = async (openid: string): Promise<SentMessage[]> =>
    (await sentMessages(sandbox, account.appId, 'template')).filter((s) => s.touser === openid);
  const rowsOf = async (orderId: string): Promise<OutboundRow[]> =>
    t.dataSource.query(
      'SELECT * FROM wechat_outbound_messages WHERE merchant_id = ? AND order_id = ? ORDER BY id',
      [m.merchantId, orderId],
    );
  const setMisbehaviour = (body: Record<string, unknown>) =>
    sandbox.http.put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`).send(body).expect(200);

  it('an order of a WeChat buyer sends paid and shipped template messages with the mapped fields', async () => {
    const order = channelOrder({ skuCode }, { buyer: wechatBuyer(follower.openid) });
    const [ingested] = await t.app.get(OrderIngestion).ingest(ctx, accountId, [order]);

    const [paid] = await waitFor(async () => {
      const sent = await templatesTo(follower.openid);
      return sent.length >= 1 ? sent : null;
    });
    expect(paid.body.template_id).toBe(account.templates[0].templateId);
    expect(paid.body.data).toEqual({
      first: { value: `订单 ${order.externalOrderId} 已付款` },
      keyword1: { value: '¥256.00' },
      keyword2: { value: 'Line 1' },
    });

    await t.http
      .post(`/admin/v1/orders/${ingested.orderId}/shipments`)
      .set(...bearer(m.token))
      .send({ carrierCode: 'SF', trackingNo: 'SF1234567890' })
      .expect(201);
    const shipped = await waitFor(async () => {
      const sent = await templatesTo(follower.openid);
      return sent.length >= 2 ? sent[1] : null;
    });
    expect(shipped.body.data).toEqual({ keyword1: { value: 'SF SF1234567890' } });

    const rows = await waitFor(async () => {
      const found = await rowsOf(ingested.orderId);
      return found.length === 2 ? found : null;
    });
    expect(rows.map((r) => [r.source, r.status, r.msgid])).toEqual([
      ['order.paid', 'sent', paid.msgid],
      ['order.shipped', 'sent', shipped.msgid],
    ]);
    // 64-bit msgids (> 2^53) survive exactly.
    expect(BigInt(rows[0].msgid ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);

    // TEMPLATESENDJOBFINISH, as the inbound side records it (the contract event).
    const outbox = t.app.get(EventOutbox);
    const finish = (msgId: string, status: string) =>
      t.app.get(TransactionRunner).run(() =>
        outbox.record(ctx, {
          type: 'wechat.template_finished',
          aggregateType: 'channel_account',
          aggregateId: accountId,
          payload: {
            channelAccountId: accountId,
            msgId,
            status,
            openid: follower.openid,
            at: new Date().toISOString(),
          },
        }),
      );
    await finish(rows[0].msgid ?? '', 'success');
    await finish(rows[1].msgid ?? '', 'failed:user block');
    const finished = await waitFor(async () => {
      const found = await rowsOf(ingested.orderId);
      return found.every((r) => r.finished_at) ? found : null;
    });
    expect(finished.map((r) => [r.status, r.error])).toEqual([
      ['delivered', null],
      ['failed', 'failed:user block'],
    ]);

    const history = await t.http
      .get(`/admin/v1/customers/${await customerOf(ingested.orderId)}/wechat/outbound-messages`)
      .set(...bearer(m.token))
      .expect(200);
    expect(history.body.map((h: { source: string; status: string }) => [h.source, h.status])).toEqual([
      ['order.shipped', 'failed'],
      ['order.paid', 'delivered'],
    ]);
  });

  const customerOf = async (orderId: string): Promise<string> =>
    (
      await t.http
        .get(`/admin/v1/orders/${orderId}`)
        .set(...bearer(m.token))
        .expect(200)
    ).body.customerId;

  it('with the inbound side: the platform TEMPLATESENDJOBFINISH push marks the message delivered', async () => {
    await t.app.listen(0, '127.0.0.1');
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${account.appId}`)
      .send({ callbackUrl: `http://127.0.0.1:${port}/channels/wechat/${accountId}` })
      .expect(200);
    const buyer = await createFollower(sandbox.http, account.appId);
    const [ingested] = await t.app
      .get(OrderIngestion)
      .ingest(ctx, accountId, [channelOrder({ skuCode }, { buyer: wechatBuyer(buyer.openid) })]);
    const [row] = await waitFor(async () => {
      const found = await rowsOf(ingested.orderId);
      return found[0]?.status === 'delivered' ? found : null;
    });
    const [sent] = await templatesTo(buyer.openid);
    expect(row.msgid).toBe(sent.msgid);
    expect(row.finished_at).not.toBeNull();
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${account.appId}`)
      .send({ callbackUrl: null })
      .expect(200);
  });

  it('sends nothing to a buyer without an openid of the account', async () => {
    const before = (await sentMessages(sandbox, account.appId, 'template')).length;
    const [ingested] = await t.app.get(OrderIngestion).ingest(ctx, accountId, [channelOrder({ skuCode })]);
    await waitFor(async () => {
      const done: unknown[] = await t.dataSource.query(
        `SELECT p.event_id FROM processed_events p JOIN outbox_events e ON e.id = p.event_id
          WHERE p.consumer = 'wechat.template.order-paid' AND e.aggregate_id = ?`,
        [ingested.orderId],
      );
      return done.length > 0;
    });
    expect((await sentMessages(sandbox, account.appId, 'template')).length).toBe(before);
    expect(await rowsOf(ingested.orderId)).toEqual([]);
  });

  it('a failing WeChat API is retried with backoff, then dead-lettered; a replay sends it once', async () => {
    const other = await createFollower(sandbox.http, account.appId);
    await setMisbehaviour({ apiServerError: { n: 1, m: 1, status: 502 } });
    const [ingested] = await t.app
      .get(OrderIngestion)
      .ingest(ctx, accountId, [channelOrder({ skuCode }, { buyer: wechatBuyer(other.openid) })]);
    const dead = await waitFor(
      async () => {
        const res = await t.http
          .get('/admin/v1/dead-letters')
          .set(...bearer(m.token))
          .expect(200);
        return (res.body.items as Array<{ id: string; jobName: string; attempts: number }>).find(
          (d) => d.jobName === 'event:wechat.template.order-paid',
        );
      },
      { timeoutMs: 40_000, what: 'the dead letter' },
    );
    expect(dead.attempts).toBe(6);
    const [row] = await rowsOf(ingested.orderId);
    expect(row).toMatchObject({ status: 'failed', msgid: null });
    expect(Number(row.attempts)).toBe(6);
    expect(row.error).toContain('HTTP 502');
    const failedCalls = (await sandboxCalls(sandbox, account.appId, '/cgi-bin/message/template/send')).filter(
      (c) => c.outcome === 'http:502',
    );
    expect(failedCalls.length).toBeGreaterThanOrEqual(6);
    expect(await templatesTo(other.openid)).toEqual([]);

    await setMisbehaviour({});
    await t.http
      .post(`/admin/v1/dead-letters/${dead.id}/replay`)
      .set(...bearer(m.token))
      .expect(200);
    const sent = await waitFor(async () => {
      const found = await templatesTo(other.openid);
      return found.length > 0 ? found : null;
    });
    expect(sent).toHaveLength(1);
    const [after] = await waitFor(async () => {
      const found = await rowsOf(ingested.orderId);
      return found[0]?.status === 'sent' ? found : null;
    });
    expect(after.msgid).toBe(sent[0].msgid);
    expect(Number(after.attempts)).toBe(7);
  }, 60_000);
});
