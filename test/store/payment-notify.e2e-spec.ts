import { createSign, randomBytes } from 'node:crypto';
import { PaymentExpirySweep } from '@tongdao/storefront';
import { TestApp } from '@tongdao/testing';
import { Sandbox } from '../sandbox/wechat-client';
import { PayMerchant } from '../sandbox/wechatpay-client';
import {
  checkout,
  connectWechatPay,
  createPayment,
  orderStatus,
  outboxCount,
  payControl,
  paymentState,
  rows,
  startPaymentsApp,
  waitFor,
} from './payment-support';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer } from './store-support';

interface StoredNotification {
  notification_id: string;
  outcome: string;
}

/** POST /channels/wechatpay/:id/notify with sandbox WeChat Pay delivering (and misbehaving). */
describe('WeChat store: payment notifications', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let merchant: PayMerchant;
  let control: ReturnType<typeof payControl>;
  const notifyPath = (id = store.channelAccountId) => `/channels/wechatpay/${id}/notify`;
  const stored = (orderId: string) =>
    rows<StoredNotification>(
      t,
      'SELECT notification_id, outcome FROM store_payment_notifications WHERE out_trade_no = ?',
      [orderId],
    );
  /** Checkout + prepay; the sandbox's buyer then pays it. */
  async function paidInSandbox(quantity = 1): Promise<string> {
    const order = await checkout(t, store, buyer, quantity);
    await createPayment(t, store, buyer, order.id).expect(200);
    await control.pay(order.id).expect(200);
    return order.id;
  }
  /** Every delivery (and duplicate) the sandbox made for the order has had an answer of `status`. */
  const answered = (orderId: string, count: number, status: number) =>
    waitFor(async () => {
      const found = await control.notifications(orderId);
      const done = found.filter((n) => n.attempts.some((a) => a.status === status));
      return done.length >= count ? found : undefined;
    }, 10_000);

  beforeAll(async () => {
    ({ t, sandbox } = await startPaymentsApp());
    store = await openStore(t, sandbox, { products: [{ skus: [{ priceFen: 5900, onHand: 50 }] }] });
    buyer = await signInBuyer(t, store);
    merchant = await connectWechatPay(t, store);
    control = payControl(sandbox, merchant);
  });
  beforeEach(() => control.switches({}));
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('checkout → prepay → sandbox payment → notification → one paid order', async () => {
    const orderId = await paidInSandbox(2);
    await answered(orderId, 1, 200);
    expect(await orderStatus(t, store, orderId)).toBe('paid');
    expect(await paymentState(t, orderId)).toBe('paid');
    const [payment] = await rows<{ transaction_id: string; paid_fen: string | number }>(
      t,
      'SELECT transaction_id, paid_fen FROM store_payments WHERE order_id = ?',
      [orderId],
    );
    const tx = await control.transaction(orderId);
    expect(payment.transaction_id).toBe(tx.transactionId);
    expect(Number(payment.paid_fen)).toBe(11800);
    expect(await stored(orderId)).toEqual([{ notification_id: expect.any(String), outcome: 'paid' }]);
    expect(await outboxCount(t, 'order.paid', orderId)).toBe(1);
  });

  it('the same notification three times pays once', async () => {
    await control.switches({ duplicateNotifications: 2 });
    const orderId = await paidInSandbox();
    const deliveries = await answered(orderId, 3, 200);
    expect(deliveries).toHaveLength(3);
    expect(await orderStatus(t, store, orderId)).toBe('paid');
    expect(await stored(orderId)).toHaveLength(1);
    expect(await outboxCount(t, 'order.paid', orderId)).toBe(1);
  });

  it('a wrong amount is refused (400 FAIL), recorded and alerted; the order is unchanged', async () => {
    await control.switches({ tamperAmountFen: 1 });
    const orderId = await paidInSandbox();
    const [delivery] = await answered(orderId, 1, 400);
    expect(delivery.attempts[0]).toMatchObject({ status: 400 });
    expect(await orderStatus(t, store, orderId)).toBe('pending_payment');
    expect(await stored(orderId)).toEqual([
      { notification_id: expect.any(String), outcome: 'amount_mismatch' },
    ]);
    expect(await outboxCount(t, 'payment.mismatch', orderId)).toBe(1);
    expect(await outboxCount(t, 'order.paid', orderId)).toBe(0);
    // WeChat Pay retries it: refused again, without a second alert.
    await answered(orderId, 1, 400).then(() =>
      waitFor(async () =>
        (await control.notifications(orderId))[0].attempts.length >= 2 ? true : undefined,
      ),
    );
    expect(await outboxCount(t, 'payment.mismatch', orderId)).toBe(1);
    expect(await paymentState(t, orderId)).toBe('prepaid');
  });

  it.each([
    ['a bad signature', { badSignature: true }],
    ['a replayed timestamp (900 s old)', { staleTimestampSeconds: 900 }],
  ])('%s is refused with 401 and changes nothing', async (_, switches) => {
    await control.switches(switches);
    const orderId = await paidInSandbox();
    await answered(orderId, 1, 401);
    expect(await orderStatus(t, store, orderId)).toBe('pending_payment');
    expect(await stored(orderId)).toEqual([]);
    expect(await paymentState(t, orderId)).toBe('prepaid');
  });

  it('a payment whose notification never got through is found when the expiry sweep closes it', async () => {
    await control.switches({ badSignature: true });
    const orderId = await paidInSandbox();
    await answered(orderId, 1, 401);
    const [order] = await rows<{ expires_at: Date }>(t, 'SELECT expires_at FROM store_orders WHERE id = ?', [
      orderId,
    ]);
    const result = await t.app
      .get(PaymentExpirySweep)
      .sweepOnce(new Date(new Date(order.expires_at).getTime() + 61_000));
    expect(result.paidLate).toBeGreaterThanOrEqual(1);
    expect(await orderStatus(t, store, orderId)).toBe('paid');
    expect(await paymentState(t, orderId)).toBe('paid');
    expect((await control.transaction(orderId)).state).toBe('SUCCESS');
    expect(await outboxCount(t, 'order.paid', orderId)).toBe(1);
  });

  it('garbage: unknown account, no headers, broken JSON, a forged signature — each refused in WeChat Pay’s shape', async () => {
    const body = JSON.stringify({ id: 'EV-1', event_type: 'TRANSACTION.SUCCESS', resource: {} });
    const fail = { code: 'FAIL', message: expect.any(String) };
    let res = await t.http
      .post(notifyPath('01HZZZZZZZZZZZZZZZZZZZZZZZ'))
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(404);
    expect(res.body).toEqual(fail);
    await t.http.post(notifyPath('garbage')).set('Content-Type', 'application/json').send(body).expect(404);
    res = await t.http.post(notifyPath()).set('Content-Type', 'application/json').send(body).expect(400);
    expect(res.body).toEqual(fail);
    res = await t.http
      .post(notifyPath())
      .set('Content-Type', 'application/json')
      .send('{not json')
      .expect(400);
    expect(res.body).toEqual(fail);
    // Signed with a key that is not the platform's.
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const signature = createSign('RSA-SHA256')
      .update(`${timestamp}\n${nonce}\n${body}\n`)
      .sign(merchant.merchantPrivateKeyPem, 'base64');
    res = await t.http
      .post(notifyPath())
      .set('Content-Type', 'application/json')
      .set('Wechatpay-Timestamp', timestamp)
      .set('Wechatpay-Nonce', nonce)
      .set('Wechatpay-Signature', signature)
      .set('Wechatpay-Serial', merchant.platformSerial)
      .send(body)
      .expect(401);
    expect(res.body).toEqual(fail);
    expect(
      await rows(t, 'SELECT id FROM store_payment_notifications WHERE notification_id = ?', ['EV-1']),
    ).toEqual([]);
  });
});
