import { ReservationSweep } from '@tongdao/inventory';
import { TestApp, bearer } from '@tongdao/testing';
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
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

/** Late payments (kept when stock allows, else given back) and refunds of approved after-sales. */
describe('WeChat store: late payments and refunds through WeChat Pay', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let merchant: PayMerchant;
  let control: ReturnType<typeof payControl>;
  const sku = (i: number) => store.products[i].skus[0].skuId;
  const outcome = async (orderId: string) =>
    (
      await rows<{ outcome: string }>(
        t,
        'SELECT outcome FROM store_payment_notifications WHERE out_trade_no = ? AND event_type = ?',
        [orderId, 'TRANSACTION.SUCCESS'],
      )
    )[0]?.outcome;
  /** The reservations of every order placed so far lapse (their deadline passes), the orders stay unpaid. */
  const lapseReservations = () => t.app.get(ReservationSweep).sweepOnce(new Date(Date.now() + 24 * 3600_000));
  async function prepaid(skuId: string, who = buyer): Promise<string> {
    const order = await checkout(t, store, who, 1, skuId);
    await createPayment(t, store, who, order.id).expect(200);
    return order.id;
  }
  const refundOf = async (outRefundNo: string) =>
    (await control.refunds()).find((r) => r.outRefundNo === outRefundNo);
  const afterSale = async (id: string) =>
    (
      await t.http
        .get(`/admin/v1/after-sales/${id}`)
        .set(...bearer(store.merchant.token))
        .expect(200)
    ).body as {
      status: string;
    };

  beforeAll(async () => {
    ({ t, sandbox } = await startPaymentsApp());
    store = await openStore(t, sandbox, {
      products: [
        { skus: [{ priceFen: 3000, onHand: 5 }] },
        { skus: [{ priceFen: 4200, onHand: 1 }] },
        { skus: [{ priceFen: 2500, onHand: 5 }] },
      ],
    });
    buyer = await signInBuyer(t, store);
    merchant = await connectWechatPay(t, store);
    control = payControl(sandbox, merchant);
  });
  beforeEach(() => control.switches({}));
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('paid after its reservation lapsed, stock still there: paid (restocked)', async () => {
    const orderId = await prepaid(sku(0));
    await lapseReservations();
    await control.pay(orderId).expect(200);
    await waitFor(async () => ((await orderStatus(t, store, orderId)) === 'paid' ? true : undefined));
    expect(await outcome(orderId)).toBe('restocked');
    expect(await paymentState(t, orderId)).toBe('paid');
  });

  it('paid after its reservation lapsed and the stock sold to another: cancelled and refunded in full', async () => {
    const late = await prepaid(sku(1));
    await lapseReservations();
    const rival = await signInBuyer(t, store);
    await checkout(t, store, rival, 1, sku(1)); // takes the only unit
    await control.pay(late).expect(200);
    await waitFor(async () => ((await paymentState(t, late)) === 'refunded' ? true : undefined), 15_000);
    expect(await orderStatus(t, store, late)).toBe('cancelled');
    expect(await outcome(late)).toBe('refund_requested');
    expect(await refundOf(`${late}-R`)).toMatchObject({
      outTradeNo: late,
      refund: 4200,
      total: 4200,
      status: 'SUCCESS',
    });
    expect(await outboxCount(t, 'order.paid', late)).toBe(0);
    expect(await outboxCount(t, 'payment.refunded', late)).toBe(1);
  });

  it('a buyer’s cancel closes the WeChat Pay transaction at once: the buyer can no longer pay it', async () => {
    const orderId = await prepaid(sku(2));
    await t.http
      .post(storePath(store, `/orders/${orderId}/cancel`))
      .set(...bearer(buyer.token))
      .expect(200);
    await waitFor(
      async () => ((await control.transaction(orderId)).state === 'CLOSED' ? true : undefined),
      15_000,
    );
    await control.pay(orderId).expect(409);
    await waitFor(async () => ((await paymentState(t, orderId)) === 'closed' ? true : undefined));
    expect(await orderStatus(t, store, orderId)).toBe('cancelled');
  });

  it('a payment that beat the buyer’s cancel is found when closing and refunded in full; the order stays cancelled', async () => {
    const orderId = await prepaid(sku(2));
    // The buyer pays, but its notification never gets through.
    await control.switches({ badSignature: true });
    await control.pay(orderId).expect(200);
    await t.http
      .post(storePath(store, `/orders/${orderId}/cancel`))
      .set(...bearer(buyer.token))
      .expect(200);
    // Closing found it paid: the money goes back at once.
    const refundOf = async () => (await control.refunds()).filter((r) => r.outTradeNo === orderId);
    await waitFor(async () => ((await refundOf()).length === 1 ? true : undefined), 15_000);
    // Once WeChat's notifications get through again (the payment's retries too), the refund is recorded, once.
    await control.switches({});
    await waitFor(async () => ((await paymentState(t, orderId)) === 'refunded' ? true : undefined), 15_000);
    expect(await orderStatus(t, store, orderId)).toBe('cancelled');
    expect(await refundOf()).toHaveLength(1);
  });

  async function paidOrderWithApprovedClaim(): Promise<{ orderId: string; afterSaleId: string }> {
    const order = await checkout(t, store, buyer, 2, sku(2));
    await createPayment(t, store, buyer, order.id).expect(200);
    await control.pay(order.id).expect(200);
    await waitFor(async () => ((await orderStatus(t, store, order.id)) === 'paid' ? true : undefined));
    const claim = await t.http
      .post(storePath(store, `/orders/${order.id}/refund-requests`))
      .set(...bearer(buyer.token))
      .send({
        lineId: order.lines[0].id,
        kind: 'refund_only',
        quantity: 1,
        amountFen: 2500,
        reason: '少发一件',
      })
      .expect(201);
    const afterSaleId = claim.body.id as string;
    await t.http
      .post(`/admin/v1/after-sales/${afterSaleId}/approve`)
      .set(...bearer(store.merchant.token))
      .expect(200);
    return { orderId: order.id, afterSaleId };
  }

  it('an approved after-sale is refunded through WeChat Pay and recorded on the order', async () => {
    const { orderId, afterSaleId } = await paidOrderWithApprovedClaim();
    await waitFor(
      async () => ((await afterSale(afterSaleId)).status === 'refunded' ? true : undefined),
      15_000,
    );
    expect(await refundOf(afterSaleId)).toMatchObject({
      outTradeNo: orderId,
      refund: 2500,
      total: 5000,
      status: 'SUCCESS',
    });
    const order = await t.http
      .get(`/admin/v1/orders/${orderId}`)
      .set(...bearer(store.merchant.token))
      .expect(200);
    expect(order.body).toMatchObject({ status: 'paid', refundedFen: 2500 });
    expect(await outboxCount(t, 'after_sale.refunded', afterSaleId)).toBe(1);
  });

  it('a refund WeChat Pay closes leaves the after-sale approved and raises payment.refund_failed', async () => {
    await control.switches({ refundOutcome: 'CLOSED' });
    const { orderId, afterSaleId } = await paidOrderWithApprovedClaim();
    await waitFor(
      async () => ((await outboxCount(t, 'payment.refund_failed', orderId)) > 0 ? true : undefined),
      15_000,
    );
    expect((await afterSale(afterSaleId)).status).toBe('approved');
    expect(await refundOf(afterSaleId)).toMatchObject({ status: 'CLOSED' });
    const [refund] = await rows<{ state: string }>(
      t,
      'SELECT state FROM store_payment_refunds WHERE out_refund_no = ?',
      [afterSaleId],
    );
    expect(refund.state).toBe('closed');
  });
});
