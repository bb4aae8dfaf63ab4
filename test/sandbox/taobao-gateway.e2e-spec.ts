import { createShop, gmt8, rawIds, Sandbox, Shop, startSandbox, top, topError } from './taobao-client';

const FIELDS = 'tid,tid_str,status,modified,payment,buyer_open_uid,orders';

describe('sandbox Taobao: TOP gateway checks', () => {
  let sandbox: Sandbox;
  let shop: Shop;
  let tid: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    shop = await createShop(sandbox.http, { sellerNick: 'gateway_shop' });
    const res = await sandbox.http
      .post('/_sandbox/taobao/sellers/gateway_shop/trades/generate')
      .send({ count: 1, scenario: 'WAIT_SELLER_SEND_GOODS' })
      .expect(201);
    tid = res.body.trades[0].tid as string;
  });
  afterAll(() => sandbox.close());

  it('lists taobao among the simulators', async () => {
    const res = await sandbox.http.get('/').expect(200);
    expect(res.body.simulators).toContain('taobao');
  });

  it('answers a signed call in <method>_response, keeping the 64-bit tid exact', async () => {
    const res = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid, fields: FIELDS }).expect(
      200,
    );
    const body = res.body.trade_fullinfo_get_response;
    expect(body.request_id).toEqual(expect.any(String));
    expect(body.trade.tid_str).toBe(tid);
    expect(body.trade.status).toBe('WAIT_SELLER_SEND_GOODS');
    expect(body.trade.payment).toMatch(/^\d+\.\d{2}$/);
    expect(body.trade.orders.order.length).toBeGreaterThan(0);
    expect(rawIds(res.text, 'tid')).toEqual([tid]);
    expect(BigInt(tid) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('accepts hmac and hmac-sha256, and GET with query params', async () => {
    for (const signMethod of ['hmac', 'hmac-sha256']) {
      const res = await top(
        sandbox.http,
        shop,
        'taobao.trade.fullinfo.get',
        { tid, fields: 'tid' },
        { signMethod },
      );
      expect(topError(res.body)).toBeUndefined();
    }
    const { signedParams } = await import('./taobao-client');
    const res = await sandbox.http
      .get('/router/rest')
      .query(signedParams(shop, 'taobao.trade.fullinfo.get', { tid, fields: 'status' }))
      .expect(200);
    expect(res.body.trade_fullinfo_get_response.trade).toEqual({ status: 'WAIT_SELLER_SEND_GOODS' });
  });

  it('refuses a bad signature with 25', async () => {
    const res = await top(
      sandbox.http,
      shop,
      'taobao.trade.fullinfo.get',
      { tid, fields: 'tid' },
      { secret: 'wrong' },
    );
    expect(res.status).toBe(200);
    expect(topError(res.body)).toMatchObject({ code: 25, msg: 'Invalid Signature' });
  });

  it('refuses a tampered param (signature over raw values) with 25', async () => {
    const { signedParams } = await import('./taobao-client');
    const params = signedParams(shop, 'taobao.trade.fullinfo.get', { tid, fields: 'tid' });
    params.fields = 'tid,status';
    const res = await sandbox.http.post('/router/rest').type('form').send(params);
    expect(topError(res.body)?.code).toBe(25);
  });

  it('refuses a timestamp more than 10 minutes off, or malformed, with 31', async () => {
    const stale = gmt8(Date.now() - 11 * 60_000);
    const res = await top(
      sandbox.http,
      shop,
      'taobao.trade.fullinfo.get',
      { tid, fields: 'tid' },
      { timestamp: stale },
    );
    expect(topError(res.body)?.code).toBe(31);
    const iso = new Date().toISOString();
    const bad = await top(
      sandbox.http,
      shop,
      'taobao.trade.fullinfo.get',
      { tid, fields: 'tid' },
      { timestamp: iso },
    );
    expect(topError(bad.body)?.code).toBe(31);
    const nineMinutes = gmt8(Date.now() - 9 * 60_000);
    const ok = await top(
      sandbox.http,
      shop,
      'taobao.trade.fullinfo.get',
      { tid, fields: 'tid' },
      { timestamp: nineMinutes },
    );
    expect(topError(ok.body)).toBeUndefined();
  });

  it('answers 26 without a session, 27 for an unknown or expired one', async () => {
    const params = { tid, fields: 'tid' };
    const missing = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', params, { session: false });
    expect(topError(missing.body)?.code).toBe(26);
    const unknown = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', params, {
      session: '6100nope',
    });
    expect(topError(unknown.body)).toMatchObject({ code: 27, sub_code: 'invalid-sessionkey' });
    const other = await createShop(sandbox.http, { sellerNick: 'gateway_shop', sessionTtlSeconds: 60 });
    await sandbox.http.post(`/_sandbox/taobao/sessions/${other.sessionKey}/expire`).expect(200);
    const expired = await top(sandbox.http, other, 'taobao.trade.fullinfo.get', params);
    expect(topError(expired.body)).toMatchObject({ code: 27, sub_code: 'session-expired' });
    // Another app's session is not valid for this app.
    const foreign = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', params, {
      session: other.sessionKey,
    });
    expect(topError(foreign.body)?.code).toBe(27);
  });

  it('maps the other system-param faults to their codes', async () => {
    const params = { tid, fields: 'tid' };
    const cases: Array<[Parameters<typeof top>[4], number, string?]> = [
      [{ extra: { v: '1.0' } }, 33],
      [{ extra: { app_key: '99999999' } }, 29],
      [{ extra: { sign_method: 'sha1' } }, 41],
    ];
    for (const [options, code] of cases) {
      const res = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', params, options);
      expect(topError(res.body)?.code).toBe(code);
    }
    // An unknown format cannot be honoured, so the error comes in TOP's default, XML.
    const yaml = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', params, { format: 'yaml' });
    expect(yaml.text).toContain('<error_response><code>23</code><msg>Invalid Format</msg>');
    const unknownMethod = await top(sandbox.http, shop, 'taobao.no.such.api', params);
    expect(topError(unknownMethod.body)?.code).toBe(22);
    const noMethod = await sandbox.http
      .post('/router/rest')
      .type('form')
      .send({ app_key: shop.appKey, format: 'json' });
    expect(topError(noMethod.body)?.code).toBe(21);
    const noKey = await sandbox.http.post('/router/rest').type('form').send({ method: 'x', format: 'json' });
    expect(topError(noKey.body)?.code).toBe(28);
    const noSign = await sandbox.http
      .post('/router/rest')
      .type('form')
      .send({ method: 'x', app_key: shop.appKey, format: 'json' });
    expect(topError(noSign.body)?.code).toBe(24);
  });

  it('answers in XML when format is left out, as TOP defaults to xml', async () => {
    const res = await top(
      sandbox.http,
      shop,
      'taobao.trade.fullinfo.get',
      { tid, fields: 'tid,status' },
      { format: null },
    );
    expect(res.headers['content-type']).toContain('xml');
    expect(res.text).toContain(`<trade_fullinfo_get_response><trade><tid>${tid}</tid>`);
    const err = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid }, { format: null });
    expect(err.text).toContain('<error_response><code>40</code>');
  });

  it('refuses missing and invalid application params with 40 and 41', async () => {
    const missing = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid });
    expect(topError(missing.body)).toMatchObject({ code: 40, sub_code: 'isv.missing-parameter:fields' });
    const invalid = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid: 'abc', fields: 'tid' });
    expect(topError(invalid.body)).toMatchObject({ code: 41, sub_code: 'isv.invalid-parameter:tid' });
    const absent = await top(sandbox.http, shop, 'taobao.trade.fullinfo.get', { tid: '1', fields: 'tid' });
    expect(topError(absent.body)).toMatchObject({ code: 15, sub_code: 'isv.trade-not-exist' });
  });

  it('records every call with its outcome, filterable by method', async () => {
    const res = await sandbox.http
      .get('/_sandbox/taobao/calls')
      .query({ method: 'taobao.trade.fullinfo.get', appKey: shop.appKey })
      .expect(200);
    const outcomes = (res.body.calls as Array<{ outcome: string; method: string }>).map((c) => c.outcome);
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('error:25');
    expect(outcomes).toContain('error:31:isv.invalid-parameter:timestamp');
    expect(res.body.calls.every((c: { method: string }) => c.method === 'taobao.trade.fullinfo.get')).toBe(
      true,
    );
  });
});
