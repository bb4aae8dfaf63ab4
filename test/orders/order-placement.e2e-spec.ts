import { DomainError, RequestContext } from '@tongdao/kernel';
import { StockService } from '@tongdao/inventory';
import { OrderFulfilment, OrderPlacement, PlaceOrderInput } from '@tongdao/orders';
import { TestApp, startTestApp } from '@tongdao/testing';
import { Setup, countRows, createChannelAccount, eventTypes, setup, stockOf } from './fixtures';

const HOUR = 60 * 60 * 1000;

describe('orders the shop takes itself: placed unpaid with stock held, paid once, expired, confirmed (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let placement: OrderPlacement;
  let stock: StockService;
  let wechatAccountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    placement = t.app.get(OrderPlacement);
    stock = t.app.get(StockService);
    s = await setup(t, 10);
    wechatAccountId = await createChannelAccount(t, s.m.token, s.m.shopId, 'wechat');
  });
  afterAll(async () => t.close());

  const input = (quantity: number, overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
    shopId: s.m.shopId,
    channelAccountId: wechatAccountId,
    customerId: '01JDCUSTOMER0000000000000A',
    buyerName: '李四',
    receiver: {
      name: '李四',
      phone: '13800138000',
      province: '浙江省',
      city: '杭州市',
      district: null,
      address: '文三路 100 号',
      postcode: null,
    },
    lines: [
      {
        skuId: s.skuId,
        channelItemId: 'P1',
        channelSkuId: s.skuId,
        title: '龙井 250g',
        quantity,
        unitPriceFen: 12800,
      },
    ],
    shippingFen: 0,
    discountFen: 0,
    expiresAt: new Date(Date.now() + 15 * 60 * 1000),
    ...overrides,
  });
  const paying = (paidFen: number, transactionId = `wx-${Math.random()}`) => ({
    method: 'wechatpay' as const,
    transactionId,
    paidFen,
    paidAt: new Date(),
  });
  const sellable = async () => (await stockOf(t, s.m.token, s.skuId)).sellable;

  it('holds the stock of every line until the payment window closes; more than there is changes nothing', async () => {
    const before = await sellable();
    const order = await placement.place(s.ctx, input(2));
    expect(order).toMatchObject({
      status: 'pending_payment',
      itemsFen: 25600,
      channelType: 'wechat',
      paidFen: 0,
    });
    expect(order.externalOrderId).toBe(order.id);
    expect(await sellable()).toBe(before - 2);
    expect(await eventTypes(t, order.id)).toEqual(['order.created']);

    const orders = await countRows(t, 'orders', s.m.merchantId);
    const error = await placement.place(s.ctx, input(before)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('insufficient_stock');
    expect(await countRows(t, 'orders', s.m.merchantId)).toBe(orders);
    expect(await sellable()).toBe(before - 2);
    await placement.cancelUnpaid(s.ctx, order.id, 'buyer_cancelled');
    expect(await sellable()).toBe(before);
  });

  it('refuses lines it could never store, and another shop’s account', async () => {
    for (const bad of [
      input(0),
      input(1, { lines: [] }),
      input(1, { shippingFen: -1 }),
      input(1, { lines: [{ ...input(1).lines[0] }, { ...input(1).lines[0] }] }),
    ]) {
      const error = (await placement.place(s.ctx, bad).catch((e: unknown) => e)) as DomainError;
      expect(error.code).toBe('validation_failed');
    }
    const error = (await placement
      .place(s.ctx, input(1, { shopId: '01JDOTHERSHOP0000000000000' }))
      .catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('validation_failed');
  });

  it('takes one payment once, even sent five times at once; holds no longer expire; a wrong amount changes nothing', async () => {
    const order = await placement.place(s.ctx, input(1));
    const wrong = (await placement
      .markPaid(s.ctx, order.id, paying(100))
      .catch((e: unknown) => e)) as DomainError;
    expect(wrong.code).toBe('amount_mismatch');

    const payment = paying(12800, 'wx-once');
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => placement.markPaid(s.ctx, order.id, payment)),
    );
    expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'already_paid')).toHaveLength(4);
    expect(await placement.markPaid(s.ctx, order.id, paying(12800, 'wx-another'))).toBe('not_payable');
    expect((await eventTypes(t, order.id)).filter((e) => e === 'order.paid')).toHaveLength(1);

    const before = await sellable();
    expect(await stock.expireDue(new Date(Date.now() + 2 * HOUR))).toBe(0);
    expect(await sellable()).toBe(before);
  });

  it('a payment after the holds lapsed takes the stock again when it is there, and says no_stock when it is not', async () => {
    const late = await placement.place(s.ctx, input(1));
    await stock.expireDue(new Date(Date.now() + HOUR));
    const before = await sellable();
    expect(await placement.markPaid(s.ctx, late.id, paying(12800))).toBe('restocked');
    expect(await sellable()).toBe(before - 1);

    const tooLate = await placement.place(s.ctx, input(2));
    await stock.expireDue(new Date(Date.now() + HOUR));
    const rest = await sellable();
    const other = await placement.place(s.ctx, input(rest - 1));
    expect(await placement.markPaid(s.ctx, tooLate.id, paying(25600))).toBe('no_stock');
    expect(await sellable()).toBe(1);
    expect(await eventTypes(t, tooLate.id)).toEqual(['order.created']);
    expect(await placement.cancelUnpaid(s.ctx, tooLate.id, 'payment_expired')).toBe(true);
    expect(await placement.cancelUnpaid(s.ctx, tooLate.id, 'payment_expired')).toBe(false);
    expect(await placement.markPaid(s.ctx, tooLate.id, paying(25600))).toBe('not_payable');
    await placement.cancelUnpaid(s.ctx, other.id, 'seller_cancelled');
  });

  it('the buyer confirms receipt of a shipped order once; an unshipped one cannot be confirmed', async () => {
    const order = await placement.place(s.ctx, input(1));
    const early = (await placement.confirmReceipt(s.ctx, order.id).catch((e: unknown) => e)) as DomainError;
    expect(early.code).toBe('illegal_transition');
    await placement.markPaid(s.ctx, order.id, paying(12800));
    await t.app.get(OrderFulfilment).ship(s.ctx, order.id, { carrierCode: 'SF', trackingNo: 'SF1000001' });
    expect((await placement.confirmReceipt(s.ctx, order.id)).status).toBe('completed');
    expect((await placement.confirmReceipt(s.ctx, order.id)).status).toBe('completed');
    expect((await eventTypes(t, order.id)).filter((e) => e === 'order.completed')).toHaveLength(1);
  });

  it('keeps to its tenant', async () => {
    const order = await placement.place(s.ctx, input(1));
    const stranger = RequestContext.system('01JDSTRANGER00000000000000', 'test');
    const error = (await placement
      .markPaid(stranger, order.id, paying(12800))
      .catch((e: unknown) => e)) as DomainError;
    expect(error.code).toBe('not_found');
    await placement.cancelUnpaid(s.ctx, order.id, 'buyer_cancelled');
  });
});
