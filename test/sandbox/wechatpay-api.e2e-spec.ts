import { createDecipheriv, generateKeyPairSync } from 'node:crypto';
import {
  authorization,
  createMerchant,
  jsapiBody,
  PayMerchant,
  platformSigned,
  Sandbox,
  startSandbox,
  v3,
} from './wechatpay-client';

const NOTIFY = 'http://127.0.0.1:9/pay/notify';
const JSAPI = '/v3/pay/transactions/jsapi';

describe('sandbox WeChat Pay: v3 API, request signatures and order rules', () => {
  let sandbox: Sandbox;
  let merchant: PayMerchant;
  const query = (otn: string, m = merchant) =>
    v3(sandbox, m, 'GET', `/v3/pay/transactions/out-trade-no/${otn}?mchid=${m.mchid}`);

  beforeAll(async () => {
    sandbox = await startSandbox();
    merchant = await createMerchant(sandbox.http);
  });
  afterAll(() => sandbox.close());

  it('lists wechatpay and hands out full credentials', async () => {
    const index = await sandbox.http.get('/').expect(200);
    expect(index.body.simulators).toContain('wechatpay');
    expect(merchant.mchid).toMatch(/^\d{10}$/);
    expect(Buffer.byteLength(merchant.apiV3Key)).toBe(32);
    expect(merchant.merchantPrivateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(merchant.platformPublicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(merchant.platformSerial).toMatch(/^[0-9A-F]{40}$/);
  });

  it('prepays, answers signed by the platform key, and queries NOTPAY', async () => {
    const res = await v3(sandbox, merchant, 'POST', JSAPI, jsapiBody(merchant, 'TD-API-0001', NOTIFY)).expect(
      200,
    );
    expect(res.body.prepay_id).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(res.headers['wechatpay-serial']).toBe(merchant.platformSerial);
    expect(platformSigned(merchant, res.headers, res.text)).toBe(true);
    expect(platformSigned(merchant, res.headers, `${res.text} `)).toBe(false);
    const found = await query('TD-API-0001').expect(200);
    expect(found.body).toMatchObject({
      out_trade_no: 'TD-API-0001',
      mchid: merchant.mchid,
      trade_state: 'NOTPAY',
      amount: { total: 5900, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
    });
    expect(found.body.transaction_id).toBeUndefined();
  });

  it('gives the same prepay_id for a repeated identical order and OUT_TRADE_NO_USED for a changed one', async () => {
    const body = jsapiBody(merchant, 'TD-API-0002', NOTIFY);
    const first = await v3(sandbox, merchant, 'POST', JSAPI, body).expect(200);
    const again = await v3(sandbox, merchant, 'POST', JSAPI, body).expect(200);
    expect(again.body.prepay_id).toBe(first.body.prepay_id);
    const changed = await v3(sandbox, merchant, 'POST', JSAPI, jsapiBody(merchant, 'TD-API-0002', NOTIFY, 1));
    expect(changed.status).toBe(403);
    expect(changed.body).toEqual({ code: 'OUT_TRADE_NO_USED', message: expect.any(String) });
  });

  it('refuses malformed orders with PARAM_ERROR naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ amount: { total: 0, currency: 'CNY' } }, 'amount.total'],
      [{ amount: { total: 1.5 } }, 'amount.total'],
      [{ out_trade_no: 'abc' }, 'out_trade_no'],
      [{ out_trade_no: 'has space 123' }, 'out_trade_no'],
      [{ notify_url: 'ftp://x/y' }, 'notify_url'],
      [{ notify_url: 'https://x/y?a=1' }, 'notify_url'],
      [{ payer: {} }, 'payer.openid'],
      [{ description: '' }, 'description'],
      [{ time_expire: '2020-01-01 00:00:00' }, 'time_expire'],
      [{ mchid: '1234567890' }, 'mchid'],
    ];
    for (const [patch, field] of cases) {
      const body = { ...jsapiBody(merchant, 'TD-API-BAD1', NOTIFY), ...patch };
      const res = await v3(sandbox, merchant, 'POST', JSAPI, body);
      expect([res.status, res.body.code, res.body.detail?.field]).toEqual([400, 'PARAM_ERROR', field]);
    }
    const noAmount = { ...jsapiBody(merchant, 'TD-API-BAD2', NOTIFY), amount: undefined };
    const res = await v3(sandbox, merchant, 'POST', JSAPI, noAmount).expect(400);
    expect(res.body.code).toBe('PARAM_ERROR');
    const other = await v3(sandbox, merchant, 'POST', JSAPI, {
      ...jsapiBody(merchant, 'TD-API-BAD3', NOTIFY),
      appid: 'wx0000000000000000',
    }).expect(400);
    expect(other.body.code).toBe('APPID_MCHID_NOT_MATCH');
    await query('TD-API-BAD1').expect(404);
  });

  describe('request signatures (Authorization)', () => {
    const body = () => jsapiBody(merchant, 'TD-API-SIGN', NOTIFY);

    it('refuses a missing or malformed header with 401 SIGN_ERROR', async () => {
      const res = await sandbox.http.post(JSAPI).send(body()).expect(401);
      expect(res.body.code).toBe('SIGN_ERROR');
      const bearer = await sandbox.http.get('/v3/certificates').set('Authorization', 'Bearer x').expect(401);
      expect(bearer.body.code).toBe('SIGN_ERROR');
    });

    it('refuses a signature over other bytes, by another key, with a wrong serial or an old timestamp', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const stranger = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const variants = [
        { signedBody: '{}' },
        { privateKeyPem: stranger },
        { serial: '0000000000000000000000000000000000000000' },
        { timestamp: Math.floor(Date.now() / 1000) - 600 },
      ];
      for (const options of variants) {
        const res = await v3(sandbox, merchant, 'POST', JSAPI, body(), options);
        expect([res.status, res.body.code]).toEqual([401, 'SIGN_ERROR']);
      }
      await query('TD-API-SIGN').expect(404);
    });

    it('covers the query string: a query signed for another URL is refused', async () => {
      const url = `/v3/pay/transactions/out-trade-no/TD-API-0001?mchid=${merchant.mchid}`;
      const auth = authorization(merchant, 'GET', '/v3/pay/transactions/out-trade-no/TD-API-0001', '');
      const res = await sandbox.http.get(url).set('Authorization', auth).expect(401);
      expect(res.body.code).toBe('SIGN_ERROR');
    });

    it('checks the body byte for byte as sent (pretty-printed JSON is fine when signed as is)', async () => {
      const text = JSON.stringify(jsapiBody(merchant, 'TD-API-RAW1', NOTIFY), null, 2);
      const ok = await sandbox.http
        .post(JSAPI)
        .set('Authorization', authorization(merchant, 'POST', JSAPI, text))
        .set('Content-Type', 'application/json')
        .send(text)
        .expect(200);
      expect(ok.body.prepay_id).toBeDefined();
      const compact = JSON.stringify(JSON.parse(text));
      const res = await sandbox.http
        .post(JSAPI)
        .set('Authorization', authorization(merchant, 'POST', JSAPI, compact))
        .set('Content-Type', 'application/json')
        .send(text)
        .expect(401);
      expect(res.body.code).toBe('SIGN_ERROR');
    });

    it('answers an unknown mchid with MCH_NOT_EXISTS', async () => {
      const ghost = { ...merchant, mchid: '1999999999' };
      const res = await v3(sandbox, ghost, 'GET', '/v3/certificates').expect(400);
      expect(res.body.code).toBe('MCH_NOT_EXISTS');
    });
  });

  it('closes an unpaid order (204), then refuses to re-order or pay it', async () => {
    await v3(sandbox, merchant, 'POST', JSAPI, jsapiBody(merchant, 'TD-API-0003', NOTIFY)).expect(200);
    const closed = await v3(
      sandbox,
      merchant,
      'POST',
      '/v3/pay/transactions/out-trade-no/TD-API-0003/close',
      {
        mchid: merchant.mchid,
      },
    ).expect(204);
    expect(closed.text).toBe('');
    expect(platformSigned(merchant, closed.headers, '')).toBe(true);
    expect((await query('TD-API-0003').expect(200)).body.trade_state).toBe('CLOSED');
    const again = await v3(sandbox, merchant, 'POST', JSAPI, jsapiBody(merchant, 'TD-API-0003', NOTIFY));
    expect([again.status, again.body.code]).toEqual([400, 'ORDER_CLOSED']);
    await sandbox.http
      .post(`/_sandbox/wechatpay/merchants/${merchant.mchid}/transactions/TD-API-0003/pay`)
      .expect(409);
    const missing = await v3(sandbox, merchant, 'POST', '/v3/pay/transactions/out-trade-no/NOPE-0001/close', {
      mchid: merchant.mchid,
    });
    expect([missing.status, missing.body.code]).toEqual([404, 'ORDER_NOT_EXIST']);
  });

  it('serves the platform key encrypted with the APIv3 key, under the serial notifications carry', async () => {
    const res = await v3(sandbox, merchant, 'GET', '/v3/certificates').expect(200);
    const [entry] = res.body.data;
    expect(entry.serial_no).toBe(merchant.platformSerial);
    expect(entry.encrypt_certificate.algorithm).toBe('AEAD_AES_256_GCM');
    const data = Buffer.from(entry.encrypt_certificate.ciphertext, 'base64');
    const decipher = createDecipheriv(
      'aes-256-gcm',
      Buffer.from(merchant.apiV3Key),
      Buffer.from(entry.encrypt_certificate.nonce),
    );
    decipher.setAAD(Buffer.from(entry.encrypt_certificate.associated_data));
    decipher.setAuthTag(data.subarray(data.length - 16));
    const pem = Buffer.concat([
      decipher.update(data.subarray(0, data.length - 16)),
      decipher.final(),
    ]).toString();
    expect(pem).toBe(merchant.platformPublicKeyPem);
  });

  it('keeps merchants apart: one cannot query or close another one’s order', async () => {
    const other = await createMerchant(sandbox.http);
    expect(other.platformSerial).toBe(merchant.platformSerial);
    const res = await v3(
      sandbox,
      other,
      'GET',
      `/v3/pay/transactions/out-trade-no/TD-API-0001?mchid=${other.mchid}`,
    );
    expect([res.status, res.body.code]).toEqual([404, 'ORDER_NOT_EXIST']);
    const cross = await v3(
      sandbox,
      other,
      'GET',
      `/v3/pay/transactions/out-trade-no/TD-API-0001?mchid=${merchant.mchid}`,
    );
    expect([cross.status, cross.body.code]).toEqual([400, 'PARAM_ERROR']);
  });
});
