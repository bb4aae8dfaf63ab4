import { parsePaymentNotification, parseRefundNotification } from './wechatpay-notifications';
import { encryptResource, notificationBody, platformHeaders } from './testing/forge';
import { RESOURCE_VECTOR, VECTOR_PRIVATE_KEY, VECTOR_PUBLIC_KEY } from './testing/vectors';

const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const apiV3Key = RESOURCE_VECTOR.apiV3Key;
const keys = { platformPublicKeyPem: VECTOR_PUBLIC_KEY, platformSerial: SERIAL, apiV3Key };
const NOW = 1_700_000_000_000;
const TS = NOW / 1000;

const transaction = {
  appid: 'wx0000000000vector',
  mchid: '1900000001',
  out_trade_no: 'TD-0001',
  transaction_id: '4200000000000000000000000001',
  trade_type: 'JSAPI',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  success_time: '2026-11-23T20:00:00+08:00',
  payer: { openid: 'oUser' },
  amount: { total: 5900, payer_total: 5800, currency: 'CNY', payer_currency: 'CNY' },
};

function signed(body: string, timestamp = TS, serial = SERIAL) {
  return platformHeaders(body, VECTOR_PRIVATE_KEY, serial, timestamp);
}

describe('parsePaymentNotification', () => {
  const body = notificationBody('TRANSACTION.SUCCESS', 'transaction', transaction, apiV3Key);

  it('verifies, decrypts and maps a payment notification (amounts in fen)', () => {
    const result = parsePaymentNotification(signed(body), body, keys, NOW);
    expect(result).toEqual({
      ok: true,
      notification: {
        id: expect.stringMatching(/^EV-/),
        createTime: '2026-11-23T20:00:00+08:00',
        eventType: 'TRANSACTION.SUCCESS',
        transaction: expect.objectContaining({
          outTradeNo: 'TD-0001',
          transactionId: '4200000000000000000000000001',
          tradeState: 'SUCCESS',
          totalFen: 5900,
          payerTotalFen: 5800,
          openid: 'oUser',
          successTime: '2026-11-23T20:00:00+08:00',
        }),
      },
    });
  });

  it('takes raw bytes, header names in any case, and a Date for now', () => {
    const headers = Object.fromEntries(
      Object.entries(signed(body)).map(([k, v]) => [k.replace(/(^|-)w/g, (m) => m.toUpperCase()), v]),
    );
    const result = parsePaymentNotification(headers, Buffer.from(body), keys, new Date(NOW + 299_000));
    expect(result.ok).toBe(true);
  });

  it('decrypts the fixed vector resource inside a notification', () => {
    const vectorBody = JSON.stringify({
      id: 'EV-1',
      event_type: 'TRANSACTION.SUCCESS',
      resource: RESOURCE_VECTOR.resource,
    });
    const result = parsePaymentNotification(signed(vectorBody), vectorBody, keys, NOW);
    expect(result.ok && result.notification.transaction).toMatchObject({
      outTradeNo: 'TD-VEC-0001',
      totalFen: 5900,
    });
  });

  const refusals: Array<[string, () => ReturnType<typeof parsePaymentNotification>, string]> = [
    [
      'a body changed after signing',
      () => parsePaymentNotification(signed(body), `${body} `, keys, NOW),
      'bad_signature',
    ],
    [
      'a signature of other bytes',
      () => parsePaymentNotification({ ...signed('{}'), 'wechatpay-serial': SERIAL }, body, keys, NOW),
      'bad_signature',
    ],
    [
      'a timestamp 5 minutes old',
      () => parsePaymentNotification(signed(body, TS - 300), body, keys, NOW),
      'stale_timestamp',
    ],
    [
      'a timestamp from the future',
      () => parsePaymentNotification(signed(body, TS + 301), body, keys, NOW),
      'stale_timestamp',
    ],
    [
      'another serial',
      () => parsePaymentNotification(signed(body, TS, 'ABC'), body, keys, NOW),
      'wrong_serial',
    ],
    [
      'a resource under another APIv3 key',
      () => parsePaymentNotification(signed(body), body, { ...keys, apiV3Key: 'x'.repeat(32) }, NOW),
      'undecryptable',
    ],
    [
      'a missing signature header',
      () => {
        const { 'wechatpay-signature': _, ...rest } = signed(body);
        return parsePaymentNotification(rest, body, keys, NOW);
      },
      'malformed',
    ],
    [
      'a body that is not JSON',
      () => parsePaymentNotification(signed('nope'), 'nope', keys, NOW),
      'malformed',
    ],
  ];
  it.each(refusals)('refuses %s', (_what, parse, reason) => {
    const result = parse();
    expect(result).toEqual({ ok: false, refusal: { reason, message: expect.any(String) } });
  });

  it('refuses a refund notification, a decrypted non-JSON resource and a transaction without an amount', () => {
    const refund = notificationBody('REFUND.SUCCESS', 'refund', {}, apiV3Key);
    const notJson = JSON.stringify({
      id: 'EV-2',
      event_type: 'TRANSACTION.SUCCESS',
      resource: encryptResource('not json', apiV3Key, 'transaction'),
    });
    const { amount: _, ...noAmount } = transaction;
    const unpriced = notificationBody('TRANSACTION.SUCCESS', 'transaction', noAmount, apiV3Key);
    const fractional = notificationBody(
      'TRANSACTION.SUCCESS',
      'transaction',
      { ...transaction, amount: { total: 59.5 } },
      apiV3Key,
    );
    for (const b of [refund, notJson, unpriced, fractional]) {
      const result = parsePaymentNotification(signed(b), b, keys, NOW);
      expect(result.ok ? null : result.refusal.reason).toBe('malformed');
    }
  });
});

describe('parseRefundNotification', () => {
  const refund = {
    mchid: '1900000001',
    out_trade_no: 'TD-0001',
    transaction_id: '4200000000000000000000000001',
    out_refund_no: 'TD-0001-R1',
    refund_id: '50000000000000000000000000001',
    refund_status: 'SUCCESS',
    success_time: '2026-11-23T21:00:00+08:00',
    user_received_account: '支付用户零钱',
    amount: { total: 5900, refund: 1000, payer_total: 5900, payer_refund: 1000 },
  };

  it('verifies, decrypts and maps REFUND.SUCCESS', () => {
    const body = notificationBody('REFUND.SUCCESS', 'refund', refund, apiV3Key);
    const result = parseRefundNotification(signed(body), body, keys, NOW);
    expect(result.ok && result.notification).toMatchObject({
      eventType: 'REFUND.SUCCESS',
      refund: {
        outRefundNo: 'TD-0001-R1',
        status: 'SUCCESS',
        refundFen: 1000,
        totalFen: 5900,
        payerRefundFen: 1000,
      },
    });
  });

  it('refuses a payment notification and a stale one', () => {
    const payment = notificationBody('TRANSACTION.SUCCESS', 'transaction', transaction, apiV3Key);
    const wrongKind = parseRefundNotification(signed(payment), payment, keys, NOW);
    expect(wrongKind.ok ? null : wrongKind.refusal.reason).toBe('malformed');
    const body = notificationBody(
      'REFUND.ABNORMAL',
      'refund',
      { ...refund, refund_status: 'ABNORMAL' },
      apiV3Key,
    );
    const stale = parseRefundNotification(signed(body, TS - 3600), body, keys, NOW);
    expect(stale.ok ? null : stale.refusal.reason).toBe('stale_timestamp');
  });
});
