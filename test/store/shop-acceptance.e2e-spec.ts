import { TestApp, bearer } from '@tongdao/testing';
import { stockOf } from '../orders/fixtures';
import { Sandbox } from '../sandbox/wechat-client';
import { PayMerchant } from '../sandbox/wechatpay-client';
import {
  RECEIVER,
  connectWechatPay,
  createPayment,
  orderStatus,
  outboxCount,
  payControl,
  startPaymentsApp,
  waitFor,
} from './payment-support';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

/**
 * Issue #7's acceptance, end to end through HTTP, sandbox WeChat (OAuth) and sandbox WeChat Pay (signed,
 * encrypted notifications delivered to the listening api), on MariaDB + Redis.
 */
describe('WeChat shop, end to end: pay once, ship, confirm, escrow released; a sell-out race takes no money without stock', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let merchant: PayMerchant;
  let control: ReturnType<typeof payControl>;
  const owner = () => bearer(store.merchant.token);

  beforeAll(async () => {
    ({ t, sandbox } = await startPaymentsApp());
    store = await openStore(t, sandbox, {
      products: [
        {
          skus: [
            { priceFen: 6800, onHand: 10 },
            { priceFen: 990, onHand: 100 },
          ],
        },
      ],
    });
    merchant = await connectWechatPay(t, store);
    control = payControl(sandbox, merchant);
    await t.http
      .put(`/admin/v1/shops/${store.shopId}/guarantee`)
      .set(...owner())
      .send({ guaranteeEnabled: true, autoConfirmDays: 7 })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('checkout → prepay → payment notified three times → one paid order; stock held, committed on shipment; escrow held, released on confirmation', async () => {
    const skuId = store.products[0].skus[0].skuId;
    const buyer = await signInBuyer(t, store);
    const placed = await t.http
      .post(storePath(store, '/orders'))
      .set(...bearer(buyer.token))
      .send({ lines: [{ skuId, quantity: 2 }], receiver: RECEIVER })
      .expect(201);
    const orderId = placed.body.id as string;
    expect(await stockOf(t, store.merchant.token, skuId)).toEqual({ onHand: 10, reserved: 2, sellable: 8 });

    const pay = await createPayment(t, store, buyer, orderId).expect(200);
    expect(pay.body).toMatchObject({
      appId: store.account.appId,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=/),
    });
    await control.switches({ duplicateNotifications: 2 });
    await control.pay(orderId).expect(200);
    await waitFor(async () => {
      const sent = await control.notifications(orderId);
      const answered = sent.filter((n) => n.attempts.some((a) => a.status === 200));
      return answered.length >= 3 ? sent : undefined;
    }, 15_000);
    expect(await orderStatus(t, store, orderId)).toBe('paid');
    expect(await outboxCount(t, 'order.paid', orderId)).toBe(1);
    expect(await stockOf(t, store.merchant.token, skuId)).toEqual({ onHand: 10, reserved: 2, sellable: 8 });

    await t.http
      .post(`/admin/v1/orders/${orderId}/shipments`)
      .set(...owner())
      .send({ carrierCode: 'SF', trackingNo: 'SF7000000001' })
      .expect(201);
    expect(await stockOf(t, store.merchant.token, skuId)).toEqual({ onHand: 8, reserved: 0, sellable: 8 });
    const settlement = async () =>
      (
        await t.http
          .get(`/admin/v1/orders/${orderId}`)
          .set(...owner())
          .expect(200)
      ).body.settlement.state as string;
    await waitFor(async () => ((await settlement()) === 'held' ? true : undefined), 10_000);
    const ledger = async () =>
      (
        await t.http
          .get('/admin/v1/settlement/ledger')
          .query({ shopId: store.shopId })
          .set(...owner())
          .expect(200)
      ).body as { heldFen: number; releasableFen: number };
    expect(await ledger()).toMatchObject({ heldFen: 13600, releasableFen: 0 });

    const confirmed = await t.http
      .post(storePath(store, `/orders/${orderId}/confirm-receipt`))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(confirmed.body.status).toBe('completed');
    await waitFor(async () => ((await settlement()) === 'settled' ? true : undefined), 10_000);
    expect(await ledger()).toMatchObject({ heldFen: 0, releasableFen: 13600 });
  });

  it('300 buyers racing for 100 units, each paying at once: 100 paid orders, the rest refused before paying, no money taken without stock', async () => {
    await control.switches({});
    const skuId = store.products[0].skus[1].skuId;
    const buyers: SignedInBuyer[] = [];
    for (let i = 0; i < 300; i += 50)
      buyers.push(...(await Promise.all(Array.from({ length: 50 }, () => signInBuyer(t, store)))));
    const outcomes = await Promise.all(
      buyers.map(async (buyer) => {
        const placed = await t.http
          .post(storePath(store, '/orders'))
          .set(...bearer(buyer.token))
          .send({ lines: [{ skuId, quantity: 1 }], receiver: RECEIVER });
        if (placed.status === 409) return { refused: placed.body.code as string };
        expect(placed.status).toBe(201);
        await createPayment(t, store, buyer, placed.body.id as string).expect(200);
        await control.pay(placed.body.id as string).expect(200);
        return { orderId: placed.body.id as string };
      }),
    );
    const placed = outcomes.flatMap((o) => ('orderId' in o ? [o.orderId] : []));
    expect(placed).toHaveLength(100);
    expect(outcomes.filter((o) => 'refused' in o && o.refused === 'insufficient_stock')).toHaveLength(200);
    await waitFor(async () => {
      const paid = await t.dataSource.query<Array<{ n: string | number }>>(
        `SELECT COUNT(*) AS n FROM orders WHERE merchant_id = ? AND status = 'paid' AND id IN (${placed.map(() => '?').join(',')})`,
        [store.merchant.merchantId, ...placed],
      );
      return Number(paid[0].n) === 100 ? true : undefined;
    }, 30_000);
    expect(await stockOf(t, store.merchant.token, skuId)).toEqual({
      onHand: 100,
      reserved: 100,
      sellable: 0,
    });
    const taken = await sandbox.http
      .get(`/_sandbox/wechatpay/merchants/${merchant.mchid}/transactions`)
      .query({ state: 'SUCCESS' })
      .expect(200);
    const paidAtWechat = (
      taken.body.transactions as Array<{ outTradeNo?: string; out_trade_no?: string }>
    ).map((tx) => tx.outTradeNo ?? tx.out_trade_no);
    expect(paidAtWechat.filter((id) => id && placed.includes(id))).toHaveLength(100);
    expect(await control.refunds()).toEqual([]);
  });
});
