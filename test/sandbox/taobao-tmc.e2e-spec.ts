import { createShop, Sandbox, Shop, startSandbox } from './taobao-client';
import { TmcTestClient } from './tmc-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox Taobao: TMC over WebSocket', () => {
  let sandbox: Sandbox;
  const clients: TmcTestClient[] = [];

  async function connect(shop: Shop, options?: Parameters<typeof TmcTestClient.connect>[3]) {
    const client = await TmcTestClient.connect(sandbox.port, shop.appKey, shop.appSecret, options);
    clients.push(client);
    return client;
  }

  async function generate(shop: Shop, count: number, scenario = 'WAIT_BUYER_PAY') {
    const res = await sandbox.http
      .post(`/_sandbox/taobao/sellers/${shop.sellerNick}/trades/generate`)
      .send({ count, scenario })
      .expect(201);
    return res.body.trades as Array<{ tid: string }>;
  }

  const misbehave = (shop: Shop, body: object) =>
    sandbox.http.put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`).send(body).expect(200);

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => sandbox.close());

  it('refuses CONNECT with a bad sign or a stale timestamp, and closes', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_refuse' });
    const bad = await connect(shop, { badSign: true });
    expect(bad.ack).toMatchObject({ statusCode: 401, statusPhrase: 'invalid sign' });
    expect(bad.token).toBeUndefined();
    await bad.closed;
    const stale = await connect(shop, { timestamp: String(Date.now() - 11 * 60_000) });
    expect(stale.ack?.statusCode).toBe(400);
  });

  it('connects, delivers queued messages on pull, and forgets confirmed ones', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_basic' });
    const [trade] = await generate(shop, 1, 'WAIT_SELLER_SEND_GOODS');
    const client = await connect(shop);
    expect(client.ack?.statusCode).toBeUndefined();
    expect(client.token).toMatch(/^[0-9a-f]{32}$/);
    await sleep(100);
    expect(client.delivered).toHaveLength(0); // nothing is pushed before the first pull
    client.pull();
    const got = await client.waitFor(2);
    expect(got.map((m) => m.topic)).toEqual(['taobao_trade_TradeCreate', 'taobao_trade_TradeBuyerPay']);
    expect(got[1].content).toMatchObject({ seller_nick: 'tmc_basic', status: 'WAIT_SELLER_SEND_GOODS' });
    expect(got[1].contentText).toContain(`"tid":${trade.tid}`);
    for (const message of got) client.confirm(message.id);
    await sleep(100);
    const queues = await sandbox.http.get('/_sandbox/taobao/tmc').query({ appKey: shop.appKey });
    expect(queues.body.queues[0]).toMatchObject({ pending: 0, inflight: 0, confirmed: 2, published: 2 });
    // After the first pull the consumer is pushed new messages as they happen.
    await generate(shop, 1);
    const pushed = await client.waitFor(3);
    expect(pushed[2].topic).toBe('taobao_trade_TradeCreate');
  });

  it('redelivers a message that is not confirmed in time, with retried counted', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_redeliver' });
    await misbehave(shop, { tmcRedeliveryMs: 300 });
    const client = await connect(shop);
    client.pull();
    await generate(shop, 1);
    const [first] = await client.waitFor(1);
    expect(first.retried).toBe(0);
    const again = await client.waitFor(2, 2000);
    expect(again[1].id).toBe(first.id);
    expect(again[1].retried).toBe(1);
    client.confirm(first.id);
    await sleep(600);
    expect(client.delivered).toHaveLength(2);
  });

  it('redelivers at once on Failed, and to another consumer when one disconnects', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_failed' });
    const client = await connect(shop);
    client.pull();
    await generate(shop, 1);
    const [first] = await client.waitFor(1);
    client.fail(first.id);
    const [, retry] = await client.waitFor(2, 1000);
    expect(retry).toMatchObject({ id: first.id, retried: 1 });
    const second = await connect(shop);
    second.pull();
    client.close();
    const [moved] = await second.waitFor(1, 2000);
    expect(moved).toMatchObject({ id: first.id, retried: 2 });
  });

  it('duplicates messages and reverses batches when told to', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_chaos' });
    await misbehave(shop, { tmcDuplicate: { n: 1, m: 1 }, tmcOutOfOrder: true });
    const client = await connect(shop);
    client.pull();
    await generate(shop, 2);
    await sleep(150);
    expect(client.delivered).toHaveLength(0); // out-of-order mode holds messages for the next pull
    client.pull();
    const got = await client.waitFor(4);
    const ids = got.map((m) => m.id);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[0] > ids[2]).toBe(true); // newest first
  });

  it('serves the same queue through taobao.tmc.messages.consume / confirm', async () => {
    const shop = await createShop(sandbox.http, { sellerNick: 'tmc_http' });
    await generate(shop, 1);
    const { top } = await import('./taobao-client');
    const res = await top(
      sandbox.http,
      shop,
      'taobao.tmc.messages.consume',
      { quantity: '10' },
      { session: false },
    );
    const messages = res.body.tmc_messages_consume_response.messages.tmc_message;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ topic: 'taobao_trade_TradeCreate', user_nick: 'tmc_http' });
    const id = /"id":(\d+)/.exec(res.text)![1];
    await top(
      sandbox.http,
      shop,
      'taobao.tmc.messages.confirm',
      { s_message_ids: id },
      { session: false },
    ).expect(200);
    const queues = await sandbox.http.get('/_sandbox/taobao/tmc').query({ appKey: shop.appKey });
    expect(queues.body.queues[0]).toMatchObject({ pending: 0, inflight: 0, confirmed: 1 });
  });
});
