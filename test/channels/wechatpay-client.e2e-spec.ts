import { createVerify } from 'node:crypto';
import {
  parsePaymentNotification,
  parseRefundNotification,
  WechatPayClient,
  WechatPayError,
} from '@tongdao/channels';
import {
  createMerchant,
  PayMerchant,
  Receiver,
  Sandbox,
  startSandbox,
  waitFor,
} from '../sandbox/wechatpay-client';

/** Our WeChat Pay v3 library against the sandbox: real HTTP both ways, notifications on a node:http receiver. */
describe('WechatPayClient ↔ sandbox WeChat Pay (PROTOCOLS §2)', () => {
  let sandbox: Sandbox;
  let merchant: PayMerchant & { merchantPublicKeyPem: string };
  let client: WechatPayClient;
  const receiver = new Receiver();
  let seq = 0;
  const baseUrl = () => `http://127.0.0.1:${sandbox.port}`;
  const keys = () => ({
    platformPublicKeyPem: merchant.platformPublicKeyPem,
    platformSerial: merchant.platformSerial,
    apiV3Key: merchant.apiV3Key,
  });
  const control = (path: string) => `/_sandbox/wechatpay/merchants/${merchant.mchid}${path}`;
  const switches = (body: object) => sandbox.http.put(control('/misbehaviour')).send(body).expect(200);
  const pay = (otn: string) =>
    sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);

  async function prepay(totalFen = 5900): Promise<string> {
    seq += 1;
    const outTradeNo = `TD-LIB-${String(seq).padStart(4, '0')}`;
    await client.jsapiPrepay({
      description: '通道小店-测试T恤',
      outTradeNo,
      notifyUrl: receiver.url,
      totalFen,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });
    return outTradeNo;
  }
  const nextNotification = async (index: number) => {
    await waitFor(() => receiver.received.length > index);
    return receiver.received[index];
  };
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a WechatPayError');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(WechatPayError);
        const { status, code } = error as WechatPayError;
        return { status, code };
      },
    );

  beforeAll(async () => {
    sandbox = await startSandbox();
    await receiver.start();
    merchant = (await createMerchant(sandbox.http, { retryScale: 0.001 })) as typeof merchant;
    client = new WechatPayClient({ baseUrl: baseUrl(), ...merchant });
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    await switches({});
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('prepay → page parameters → pay → the notification parses to SUCCESS with the amount; query agrees', async () => {
    seq += 1;
    const outTradeNo = `TD-LIB-${String(seq).padStart(4, '0')}`;
    const { prepayId, payParams } = await client.jsapiPrepay({
      description: '通道小店-测试T恤',
      outTradeNo,
      notifyUrl: receiver.url,
      totalFen: 5900,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    });
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    expect(payParams).toMatchObject({
      appId: merchant.appid,
      package: `prepay_id=${prepayId}`,
      signType: 'RSA',
    });
    const page = `${payParams.appId}\n${payParams.timeStamp}\n${payParams.nonceStr}\n${payParams.package}\n`;
    expect(
      createVerify('RSA-SHA256')
        .update(page)
        .verify(merchant.merchantPublicKeyPem, payParams.paySign, 'base64'),
    ).toBe(true);
    expect(await client.queryByOutTradeNo(outTradeNo)).toMatchObject({
      tradeState: 'NOTPAY',
      totalFen: 5900,
    });

    await pay(outTradeNo);
    const { headers, body } = await nextNotification(0);
    const result = parsePaymentNotification(headers, body, keys(), Date.now());
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.notification).toMatchObject({
      eventType: 'TRANSACTION.SUCCESS',
      transaction: {
        outTradeNo,
        tradeState: 'SUCCESS',
        totalFen: 5900,
        payerTotalFen: 5900,
        openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
        transactionId: expect.stringMatching(/^\d{28}$/),
        successTime: expect.stringMatching(/\+08:00$/),
      },
    });
    const queried = await client.queryByOutTradeNo(outTradeNo);
    expect(queried).toMatchObject({
      tradeState: 'SUCCESS',
      transactionId: result.notification.transaction.transactionId,
    });
    // The same bytes checked ten minutes later are a replay.
    const late = parsePaymentNotification(headers, body, keys(), Date.now() + 600_000);
    expect(late.ok ? null : late.refusal.reason).toBe('stale_timestamp');
  });

  it('tampered amount: still verifies (correctly signed) but the parsed amount is not what we charged', async () => {
    await switches({ tamperAmountFen: 1 });
    const outTradeNo = await prepay(5900);
    await pay(outTradeNo);
    const { headers, body } = await nextNotification(0);
    const result = parsePaymentNotification(headers, body, keys(), Date.now());
    expect(result.ok && result.notification.transaction).toMatchObject({ outTradeNo, totalFen: 5901 });
  });

  it('refuses a bad signature, an old timestamp, and a notification under another serial or APIv3 key', async () => {
    await switches({ badSignature: true });
    await pay(await prepay());
    const bad = await nextNotification(0);
    const badResult = parsePaymentNotification(bad.headers, bad.body, keys(), Date.now());
    expect(badResult).toEqual({
      ok: false,
      refusal: { reason: 'bad_signature', message: expect.any(String) },
    });

    await switches({ staleTimestampSeconds: 3600 });
    await pay(await prepay());
    const old = await nextNotification(1);
    const oldResult = parsePaymentNotification(old.headers, old.body, keys(), Date.now());
    expect(oldResult.ok ? null : oldResult.refusal.reason).toBe('stale_timestamp');

    await switches({});
    await pay(await prepay());
    const good = await nextNotification(2);
    const otherSerial = { ...keys(), platformSerial: '0'.repeat(40) };
    const otherKey = { ...keys(), apiV3Key: 'A'.repeat(32) };
    const serialResult = parsePaymentNotification(good.headers, good.body, otherSerial, Date.now());
    const keyResult = parsePaymentNotification(good.headers, good.body, otherKey, Date.now());
    expect([serialResult, keyResult].map((r) => (r.ok ? null : r.refusal.reason))).toEqual([
      'wrong_serial',
      'undecryptable',
    ]);
  });

  it('closes an unpaid order; a paid one answers ORDERPAID, an unknown one ORDER_NOT_EXIST', async () => {
    const open = await prepay();
    await client.close(open);
    await client.close(open);
    expect((await client.queryByOutTradeNo(open)).tradeState).toBe('CLOSED');
    const paid = await prepay();
    await pay(paid);
    await expect(failure(client.close(paid))).resolves.toEqual({ status: 403, code: 'ORDERPAID' });
    await expect(failure(client.queryByOutTradeNo('TD-LIB-NONE'))).resolves.toEqual({
      status: 404,
      code: 'ORDER_NOT_EXIST',
    });
  });

  it('refunds up to what was paid, notifies REFUND.SUCCESS, and the refund query agrees', async () => {
    const outTradeNo = await prepay(1000);
    await pay(outTradeNo);
    await nextNotification(0);
    const refund = (no: string, refundFen: number) =>
      client.refund({
        outTradeNo,
        outRefundNo: `${outTradeNo}-${no}`,
        refundFen,
        totalFen: 1000,
        notifyUrl: receiver.url,
      });
    expect(await refund('R1', 600)).toMatchObject({ status: 'PROCESSING', refundFen: 600, totalFen: 1000 });
    await expect(failure(refund('R2', 401))).resolves.toEqual({ status: 403, code: 'NOT_ENOUGH' });
    const { headers, body } = await nextNotification(1);
    const result = parseRefundNotification(headers, body, keys(), Date.now());
    expect(result.ok && result.notification).toMatchObject({
      eventType: 'REFUND.SUCCESS',
      refund: { outTradeNo, outRefundNo: `${outTradeNo}-R1`, status: 'SUCCESS', refundFen: 600 },
    });
    const payment = parsePaymentNotification(headers, body, keys(), Date.now());
    expect(payment.ok ? null : payment.refusal.reason).toBe('malformed');
    expect(await client.queryRefund(`${outTradeNo}-R1`)).toMatchObject({ status: 'SUCCESS', refundFen: 600 });
    expect((await client.queryByOutTradeNo(outTradeNo)).tradeState).toBe('REFUND');
    await expect(failure(client.queryRefund('none-1'))).resolves.toEqual({
      status: 404,
      code: 'RESOURCE_NOT_EXISTS',
    });
  });
});
