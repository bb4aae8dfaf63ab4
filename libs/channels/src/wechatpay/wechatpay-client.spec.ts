import { createVerify, generateKeyPairSync } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WechatPayClient } from './wechatpay-client';
import { WechatPayError } from './wechatpay-errors';
import { platformHeaders } from './testing/forge';
import { VECTOR_PRIVATE_KEY, VECTOR_PUBLIC_KEY } from './testing/vectors';

// The vector pair plays both roles here: merchant key for requests, platform key for answers.
const SERIAL = 'PLATFORM0000000000000000000000000000SER1';

interface Seen {
  method: string;
  url: string;
  authorization: string;
  body: string;
}
type Reply = (seen: Seen) => { status: number; body: string; headers?: Record<string, string> };

describe('WechatPayClient against a scripted answer server', () => {
  let server: Server;
  let baseUrl: string;
  let reply: Reply;
  const seen: Seen[] = [];
  const signedReply =
    (status: number, body: string, tweak: Record<string, string> = {}): Reply =>
    () => ({ status, body, headers: { ...platformHeaders(body, VECTOR_PRIVATE_KEY, SERIAL), ...tweak } });

  const client = (now?: () => number) =>
    new WechatPayClient({
      baseUrl,
      mchid: '1900000001',
      appid: 'wx0000000000vector',
      merchantPrivateKeyPem: VECTOR_PRIVATE_KEY,
      merchantSerial: 'MERCHANTSERIAL',
      platformPublicKeyPem: VECTOR_PUBLIC_KEY,
      platformSerial: SERIAL,
      apiV3Key: 'k'.repeat(32),
      now,
    });
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WechatPayError);
    const { status, code } = error as WechatPayError;
    return { status, code };
  };

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const entry = {
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        };
        seen.push(entry);
        const answer = reply(entry);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it('signs the request over method, path+query, timestamp, nonce and the exact body', async () => {
    const prepay = '{"prepay_id":"wx2026112320000012345678901234567890"}';
    // The answer is stamped at the injected clock's time, as the real host would be if our clock were right.
    reply = () => ({
      status: 200,
      body: prepay,
      headers: platformHeaders(prepay, VECTOR_PRIVATE_KEY, SERIAL, 1_763_900_010),
    });
    const now = () => 1_763_900_000_000;
    const { prepayId, payParams } = await client(now).jsapiPrepay({
      description: '测试',
      outTradeNo: 'TD-0001',
      notifyUrl: 'https://shop.example/pay/notify',
      totalFen: 5900,
      openid: 'oUser',
      expiresAt: new Date('2026-11-23T12:30:00Z'),
    });
    expect(prepayId).toBe('wx2026112320000012345678901234567890');
    const [{ method, url, authorization, body }] = seen;
    expect(JSON.parse(body)).toMatchObject({
      time_expire: '2026-11-23T20:30:00+08:00',
      amount: { total: 5900 },
    });
    const fields = Object.fromEntries(
      [...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    expect(authorization.startsWith('WECHATPAY2-SHA256-RSA2048 ')).toBe(true);
    expect(fields).toMatchObject({
      mchid: '1900000001',
      serial_no: 'MERCHANTSERIAL',
      timestamp: '1763900000',
    });
    const message = `${method}\n${url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    expect(
      createVerify('RSA-SHA256').update(message).verify(VECTOR_PUBLIC_KEY, fields.signature, 'base64'),
    ).toBe(true);
    // JSAPI paySign: appId\ntimeStamp\nnonceStr\npackage\n under the merchant key.
    expect(payParams).toMatchObject({
      appId: 'wx0000000000vector',
      timeStamp: '1763900000',
      signType: 'RSA',
    });
    expect(payParams.package).toBe(`prepay_id=${prepayId}`);
    const page = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    expect(
      createVerify('RSA-SHA256').update(page).verify(VECTOR_PUBLIC_KEY, payParams.paySign, 'base64'),
    ).toBe(true);
  });

  it('maps {code, message} answers to WechatPayError with the HTTP status', async () => {
    reply = signedReply(403, '{"code":"ORDERPAID","message":"该订单已支付"}');
    await expect(failure(client().close('TD-0001'))).resolves.toEqual({ status: 403, code: 'ORDERPAID' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v3/pay/transactions/out-trade-no/TD-0001/close' });
  });

  it('refuses answers whose signature, serial or timestamp does not check out — even 2xx ones', async () => {
    const ok = '{"prepay_id":"wx1"}';
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const stranger = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const broken: Reply[] = [
      () => ({
        status: 200,
        body: ok,
        headers: platformHeaders('{"prepay_id":"wx2"}', VECTOR_PRIVATE_KEY, SERIAL),
      }),
      () => ({ status: 200, body: ok, headers: platformHeaders(ok, stranger, SERIAL) }),
      signedReply(200, ok, { 'wechatpay-serial': 'OTHER' }),
      () => ({
        status: 200,
        body: ok,
        headers: platformHeaders(ok, VECTOR_PRIVATE_KEY, SERIAL, 1_600_000_000),
      }),
      () => ({ status: 200, body: ok }),
      () => ({ status: 502, body: '<html>bad gateway</html>' }),
    ];
    const input = {
      description: 'x',
      outTradeNo: 'TD-0002',
      notifyUrl: 'https://a/b',
      totalFen: 1,
      openid: 'o',
    };
    for (const variant of broken) {
      reply = variant;
      const { code } = await failure(client().jsapiPrepay(input));
      expect(code).toBe('RESPONSE_UNVERIFIED');
    }
  });

  it('reads transactions and refunds in fen, and refuses unreadable verified answers', async () => {
    reply = signedReply(
      200,
      JSON.stringify({
        appid: 'wx0000000000vector',
        mchid: '1900000001',
        out_trade_no: 'TD 1',
        trade_state: 'NOTPAY',
        amount: { total: 5900, currency: 'CNY' },
        payer: { openid: 'oUser' },
      }),
    );
    const tx = await client().queryByOutTradeNo('TD 1');
    expect(seen[0].url).toBe('/v3/pay/transactions/out-trade-no/TD%201?mchid=1900000001');
    expect(tx).toMatchObject({
      tradeState: 'NOTPAY',
      totalFen: 5900,
      transactionId: null,
      payerTotalFen: null,
    });

    reply = signedReply(
      200,
      JSON.stringify({
        refund_id: '5000',
        out_refund_no: 'R1',
        out_trade_no: 'TD-1',
        status: 'PROCESSING',
        amount: { refund: 100, total: 5900 },
      }),
    );
    await expect(
      client().refund({ outTradeNo: 'TD-1', outRefundNo: 'R1', refundFen: 100, totalFen: 5900 }),
    ).resolves.toMatchObject({ status: 'PROCESSING', refundFen: 100 });
    expect(JSON.parse(seen[1].body)).toEqual({
      out_trade_no: 'TD-1',
      out_refund_no: 'R1',
      amount: { refund: 100, total: 5900, currency: 'CNY' },
    });
    reply = signedReply(200, '{"out_refund_no":"R1"}');
    await expect(failure(client().queryRefund('R1'))).resolves.toEqual({ status: 200, code: 'BAD_RESPONSE' });
    await expect(
      client().refund({ outTradeNo: 'a', outRefundNo: 'b', refundFen: 2, totalFen: 1 }),
    ).rejects.toThrow(RangeError);
    await expect(
      client().jsapiPrepay({ description: 'x', outTradeNo: 'y', notifyUrl: 'z', totalFen: 1.5, openid: 'o' }),
    ).rejects.toThrow(RangeError);
  });

  it('reports an unreachable host as TRANSPORT (status null, transient)', async () => {
    const dead = new WechatPayClient({ ...clientOptions(), baseUrl: 'http://127.0.0.1:9' });
    const error = await dead.close('X').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: null, code: 'TRANSPORT', transient: true });
  });

  function clientOptions() {
    return {
      baseUrl,
      mchid: '1',
      appid: 'wx',
      merchantPrivateKeyPem: VECTOR_PRIVATE_KEY,
      merchantSerial: 'M',
      platformPublicKeyPem: VECTOR_PUBLIC_KEY,
      platformSerial: SERIAL,
      apiV3Key: 'k'.repeat(32),
    };
  }
});
