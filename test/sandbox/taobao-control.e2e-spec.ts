import { createShop, Sandbox, Shop, startSandbox, top, topError } from './taobao-client';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sandbox Taobao: misbehaviour switches and the control API', () => {
  let sandbox: Sandbox;
  let shop: Shop;
  let tid: string;
  const call = () => top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid, fields: 'status' });
  const misbehave = (body: object) =>
    sandbox.http.put(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`).send(body);

  beforeAll(async () => {
    sandbox = await startSandbox();
    shop = await createShop(sandbox.http, { sellerNick: 'chaos_shop' });
    const res = await sandbox.http
      .post('/_sandbox/taobao/sellers/chaos_shop/trades/generate')
      .send({ count: 1 });
    tid = res.body.trades[0].tid;
  });
  afterEach(() => misbehave({}).expect(200));
  afterAll(() => sandbox.close());

  it('throttles n of every m calls with code 7 (or isp. style)', async () => {
    await misbehave({ rateLimit: { n: 1, m: 2 } }).expect(200);
    const codes: Array<number | undefined> = [];
    for (let i = 0; i < 4; i += 1) codes.push(topError((await call()).body)?.code);
    expect(codes).toEqual([undefined, 7, undefined, 7]);
    await misbehave({ rateLimit: { n: 1, m: 1, style: 'isp' } }).expect(200);
    expect(topError((await call()).body)).toMatchObject({ code: 15, sub_code: 'isp.call-limited' });
  });

  it('throttles above a calls-per-second budget', async () => {
    await misbehave({ maxCallsPerSecond: 2 }).expect(200);
    const codes: Array<number | undefined> = [];
    for (let i = 0; i < 3; i += 1) codes.push(topError((await call()).body)?.code);
    expect(codes).toEqual([undefined, undefined, 7]);
    await sleep(1100);
    expect(topError((await call()).body)).toBeUndefined();
  });

  it('answers with gateway 5xx pages, recorded in the call log', async () => {
    await misbehave({ serverError: { n: 1, m: 1, status: 503 } }).expect(200);
    const res = await call();
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('text/html');
    const log = await sandbox.http.get('/_sandbox/taobao/calls').query({ outcome: 'http:503' });
    expect(log.body.total).toBe(1);
  });

  it('answers slowly when asked to', async () => {
    await misbehave({ delayMs: 300 }).expect(200);
    const started = Date.now();
    await call().expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('treats every session as expired (27) with sessionExpired', async () => {
    await misbehave({ sessionExpired: true }).expect(200);
    expect(topError((await call()).body)).toMatchObject({ code: 27, sub_code: 'session-expired' });
    await misbehave({}).expect(200);
    expect(topError((await call()).body)).toBeUndefined();
  });

  it('validates control input and reports unknown things as 404', async () => {
    await misbehave({ rateLimit: { n: 1 } }).expect(400);
    await misbehave({ delayMs: -1 }).expect(400);
    await misbehave({ surprise: true }).expect(400);
    await sandbox.http
      .post('/_sandbox/taobao/sellers/chaos_shop/trades/generate')
      .send({ count: 0 })
      .expect(400);
    await sandbox.http.post('/_sandbox/taobao/apps').send({ appSecret: 'short' }).expect(400);
    await sandbox.http.put('/_sandbox/taobao/apps/nope/misbehaviour').send({}).expect(404);
    await sandbox.http.get('/_sandbox/taobao/trades/123').expect(404);
    const ok = await sandbox.http.get(`/_sandbox/taobao/apps/${shop.appKey}/misbehaviour`).expect(200);
    expect(ok.body).toEqual({});
  });

  it('walks a trade through its statuses and refuses impossible moves with 409', async () => {
    const res = await sandbox.http
      .post('/_sandbox/taobao/sellers/chaos_shop/trades/generate')
      .send({ count: 1, scenario: 'WAIT_BUYER_PAY' });
    const id = res.body.trades[0].tid;
    const steps: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      steps.push(
        (await sandbox.http.post(`/_sandbox/taobao/trades/${id}/advance`).send({}).expect(200)).body.status,
      );
    }
    expect(steps).toEqual(['WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED']);
    const bad = await sandbox.http
      .post(`/_sandbox/taobao/trades/${id}/advance`)
      .send({ to: 'TRADE_CLOSED_BY_TAOBAO' })
      .expect(409);
    expect(bad.body.code).toBe('isv.trade-status-error');
  });

  it('is reproducible: the same seed and calls give the same ids and trades', async () => {
    const run = async () => {
      await sandbox.http.post('/_sandbox/taobao/reset').send({ seed: 42 }).expect(200);
      const created = await createShop(sandbox.http, { sellerNick: 'seeded' });
      const gen = await sandbox.http
        .post('/_sandbox/taobao/sellers/seeded/trades/generate')
        .send({ count: 5 });
      return {
        appKey: created.appKey,
        sessionKey: created.sessionKey,
        trades: gen.body.trades.map((t: Record<string, unknown>) => [
          t.tid,
          t.status,
          t.buyerNick,
          t.payment,
        ]),
      };
    };
    const first = await run();
    expect(await run()).toEqual(first);
    await sandbox.http.post('/_sandbox/taobao/reset').send({ seed: 43 }).expect(200);
    await createShop(sandbox.http, { sellerNick: 'seeded' });
    const other = await sandbox.http
      .post('/_sandbox/taobao/sellers/seeded/trades/generate')
      .send({ count: 5 });
    expect(other.body.trades.map((t: { tid: string }) => t.tid)).not.toEqual(
      first.trades.map((t: string[]) => t[0]),
    );
    shop = await createShop(sandbox.http, { sellerNick: 'chaos_shop' });
  });

  it('runs a timed stream of trades when the generator is switched on', async () => {
    const seller = (await createShop(sandbox.http, { sellerNick: 'stream_shop' })).sellerNick;
    const before = (await sandbox.http.get('/_sandbox/taobao').expect(200)).body.trades as number;
    await sandbox.http
      .post('/_sandbox/taobao/generator')
      .send({ ratePerMinute: 600, sellerNick: seller })
      .expect(200);
    await sleep(650);
    const status = await sandbox.http
      .post('/_sandbox/taobao/generator')
      .send({ ratePerMinute: 0 })
      .expect(200);
    expect(status.body.running).toBe(false);
    const overview = await sandbox.http.get('/_sandbox/taobao').expect(200);
    expect(overview.body.trades - before).toBeGreaterThanOrEqual(4);
    expect(overview.body.trades - before).toBeLessThanOrEqual(8);
    await sleep(250);
    expect((await sandbox.http.get('/_sandbox/taobao')).body.trades).toBe(overview.body.trades);
  });
});
