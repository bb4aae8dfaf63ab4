import { ChannelAccountsService, TaobaoSync, TaobaoTmcConsumer } from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { Sandbox, Shop, createShop, startSandbox } from '../sandbox/taobao-client';
import { connectStore, stockShopSkus } from './taobao-support';

interface Unconfirmed {
  id: string;
  topic: string;
  retried: number;
  state: string;
}
interface Call {
  method: string;
  params: Record<string, string>;
  outcome: string;
}

/**
 * The TMC consumer against the sandbox's /tmc WebSocket, with MariaDB + Redis behind the app. The reconcile
 * poll is pushed out to an hour, so whatever reaches the desk here came by TMC.
 */
describe('Taobao TMC consumer against the sandbox (MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let shop: Shop;
  let accountId: string;
  let consumer: TaobaoTmcConsumer;

  const sellerPath = () => `/_sandbox/taobao/sellers/${encodeURIComponent(shop.sellerNick)}`;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp({ env: { CHANNEL_SYNC_MS: '3600000' } });
    m = await signupMerchant(t);
    shop = await createShop(sandbox.http, { items: 3 });
    await stockShopSkus(t, m.token, shop, 500);
    consumer = t.app.get(TaobaoTmcConsumer);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  async function connectAccount(appSecret: string): Promise<string> {
    const id = await connectStore(t, m.token, m.shopId, shop, sandbox.port, { appSecret, tmc: true });
    await consumer.refresh();
    return id;
  }
  const generate = async (count: number, scenario: string): Promise<string[]> => {
    const res = await sandbox.http
      .post(`${sellerPath()}/trades/generate`)
      .send({ count, scenario })
      .expect(201);
    return (res.body.trades as Array<{ tid: string }>).map((tr) => tr.tid);
  };
  const unconfirmed = async (): Promise<Unconfirmed[]> =>
    (await sandbox.http.get(`/_sandbox/taobao/tmc/${shop.appKey}/messages`).expect(200)).body.messages;
  const calls = async (method: string): Promise<Call[]> =>
    (
      await sandbox.http
        .get(`/_sandbox/taobao/calls?method=${method}&appKey=${shop.appKey}&limit=1000`)
        .expect(200)
    ).body.calls;
  const ordersOf = async (tid: string): Promise<Array<{ status: string; version: Date }>> =>
    (
      await t.dataSource.query(
        'SELECT status, channel_version AS version FROM orders WHERE channel_account_id = ? AND external_order_id = ?',
        [accountId, tid],
      )
    ).map((r: { status: string; version: string | Date }) => ({
      status: r.status,
      version: new Date(r.version),
    }));
  const statusOf = async (tid: string) =>
    waitFor(async () => (await ordersOf(tid))[0]?.status, { what: tid });
  const misbehave = (body: Record<string, unknown>) =>
    sandbox.http.put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`).send(body).expect(200);
  const allConfirmed = () =>
    waitFor(async () => (await unconfirmed()).length === 0, { what: 'no unconfirmed' });
  const sandboxModified = async (tid: string): Promise<Date> => {
    const trade = await sandbox.http.get(`/_sandbox/taobao/trades/${tid}`).expect(200);
    return new Date(`${(trade.body.modified as string).replace(' ', 'T')}+08:00`);
  };

  it('connects to the account’s TMC with a sign the platform accepts', async () => {
    accountId = await connectAccount(shop.appSecret);
    const state = await waitFor(
      async () => consumer.status().find((s) => s.channelAccountId === accountId && s.state === 'connected'),
      { what: 'a TMC connection' },
    );
    expect(state.connects).toBe(1);
  });

  it('brings new trades to the desk by TMC, without the poll, and confirms every message', async () => {
    const tids = await generate(3, 'WAIT_BUYER_PAY');
    for (const tid of tids) expect(await statusOf(tid)).toBe('pending_payment');
    await allConfirmed();
    expect(await calls('taobao.trades.sold.increment.get')).toEqual([]);
    const fetched = (await calls('taobao.trade.fullinfo.get')).map((c) => c.params.tid);
    expect(fetched).toEqual(expect.arrayContaining(tids));
    const queues = (await sandbox.http.get(`/_sandbox/taobao/tmc?appKey=${shop.appKey}`).expect(200)).body
      .queues;
    expect(queues[0]).toMatchObject({ pending: 0, inflight: 0, published: 3, confirmed: 3 });
  });

  it('follows a trade paid after creation', async () => {
    const [tid] = await generate(1, 'WAIT_BUYER_PAY');
    expect(await statusOf(tid)).toBe('pending_payment');
    // TOP times have whole seconds: a change in the creation second would be the same version.
    await pause(1100);
    await sandbox.http
      .post(`/_sandbox/taobao/trades/${tid}/advance`)
      .send({ to: 'WAIT_SELLER_SEND_GOODS' })
      .expect(200);
    await waitFor(async () => (await ordersOf(tid))[0].status === 'paid', { what: 'paid' });
    await allConfirmed();
  });

  it('ingests the trade when a refund message arrives (refund status lives on its orders)', async () => {
    const [tid] = await generate(1, 'WAIT_SELLER_SEND_GOODS');
    expect(await statusOf(tid)).toBe('paid');
    await pause(1100);
    // Opening a refund publishes taobao_refund_RefundCreated only, and moves the trade's modified time.
    await sandbox.http.post(`/_sandbox/taobao/trades/${tid}/refunds`).send({}).expect(201);
    const modified = await sandboxModified(tid);
    await waitFor(async () => (await ordersOf(tid))[0].version.getTime() === modified.getTime(), {
      what: 'the version of the refund',
    });
    await allConfirmed();
  });

  it('a message delivered twice still makes one order', async () => {
    const confirmedBefore = consumer.status().find((c) => c.channelAccountId === accountId)!.confirmed;
    await misbehave({ tmcDuplicate: { n: 1, m: 1 } });
    const [tid] = await generate(1, 'WAIT_BUYER_PAY');
    await statusOf(tid);
    // Both copies were handled and confirmed (the consumer counts confirmations); there is one order.
    await waitFor(
      async () =>
        consumer.status().find((c) => c.channelAccountId === accountId)!.confirmed >= confirmedBefore + 2,
      { what: 'both copies confirmed' },
    );
    await misbehave({});
    await allConfirmed();
    expect(await ordersOf(tid)).toHaveLength(1);
  });

  it('the same trade by TMC (out of order, duplicated) and by the poll is one order at its newest version', async () => {
    await misbehave({ tmcOutOfOrder: true, tmcDuplicate: { n: 1, m: 2 } });
    const [tid] = await generate(1, 'WAIT_BUYER_PAY');
    await statusOf(tid);
    await pause(1100);
    await sandbox.http
      .post(`/_sandbox/taobao/trades/${tid}/advance`)
      .send({ to: 'WAIT_SELLER_SEND_GOODS' })
      .expect(200);
    await t.app
      .get(TaobaoSync)
      .sync(RequestContext.system(m.merchantId, 'test'), accountId, 'manual', new Date(Date.now() + 10_000));
    await misbehave({});
    const modified = await sandboxModified(tid);
    await waitFor(async () => (await ordersOf(tid))[0].version.getTime() === modified.getTime(), {
      what: 'the newest version',
    });
    await allConfirmed();
    expect(await ordersOf(tid)).toEqual([{ status: 'paid', version: modified }]);
  });

  it('does not confirm a message whose ingestion failed; it comes back and lands once the gateway heals', async () => {
    await misbehave({ serverError: { n: 1, m: 1 } });
    const [tid] = await generate(1, 'WAIT_BUYER_PAY');
    const failing = await waitFor(async () => (await unconfirmed()).find((u) => u.retried >= 1), {
      what: 'a redelivery',
      timeoutMs: 20_000,
    });
    expect(failing.topic).toBe('taobao_trade_TradeCreate');
    const failedCalls = (await calls('taobao.trade.fullinfo.get')).filter((c) => c.params.tid === tid);
    expect(failedCalls.length).toBeGreaterThan(1);
    expect(failedCalls.every((c) => c.outcome === 'http:502')).toBe(true);
    expect(await ordersOf(tid)).toEqual([]);
    await misbehave({});
    expect(
      await waitFor(async () => (await ordersOf(tid))[0]?.status, { what: tid, timeoutMs: 40_000 }),
    ).toBe('pending_payment');
    await allConfirmed();
  });

  it('backs off on a refused CONNECT, and lets go of an account that is no longer active', async () => {
    const wrong = await connectAccount('not-the-secret');
    const refused = await waitFor(
      async () => consumer.status().find((s) => s.channelAccountId === wrong && s.lastError),
      { what: 'a refusal' },
    );
    expect(refused.lastError).toMatch(/401 invalid sign/);
    expect(refused.connects).toBe(0);
    const ctx = RequestContext.system(m.merchantId, 'test');
    await t.app.get(ChannelAccountsService).setStatus(ctx, wrong, 'disabled', 'test');
    await consumer.refresh();
    expect(consumer.status().map((s) => s.channelAccountId)).toEqual([accountId]);
  });

  it('an expired session marks the account for re-authorisation and stops its consumer; messages wait', async () => {
    await sandbox.http.post(`/_sandbox/taobao/sessions/${shop.sessionKey}/expire`).expect(200);
    const [tid] = await generate(1, 'WAIT_BUYER_PAY');
    await waitFor(async () => consumer.status().length === 0, { what: 'the consumer to stop' });
    const account = await t.http
      .get(`/admin/v1/channel-accounts/${accountId}`)
      .set(...bearer(m.token))
      .expect(200);
    expect(account.body.status).toBe('needs_reauth');
    expect(await ordersOf(tid)).toEqual([]);
    expect((await unconfirmed()).map((u) => u.topic)).toEqual(['taobao_trade_TradeCreate']);
  });
});
