import { ValidationFailedError } from '@tongdao/kernel';
import { tradeToChannelOrder } from './trade-mapping';

const trade = {
  tid: 3912345678901234,
  status: 'SELLER_CONSIGNED_PART',
  created: '2026-11-20 10:00:00',
  modified: '2026-11-20 12:30:05',
  pay_time: '2026-11-20 10:01:00',
  alipay_no: '2026112022001',
  buyer_nick: 't**1',
  buyer_open_uid: 'AAHk5d-buyer',
  total_fee: '300.10',
  post_fee: '10.00',
  discount_fee: '20.05',
  payment: '290.05',
  receiver_name: '李四',
  receiver_mobile: '13800001111',
  receiver_state: '浙江省',
  receiver_city: '杭州市',
  receiver_district: '余杭区',
  receiver_address: '文一西路1号',
  receiver_zip: '311100',
  buyer_message: '周末送',
  orders: {
    order: [
      {
        oid: 1,
        num_iid: 600001,
        sku_id: '5001',
        outer_sku_id: 'TEA-1',
        title: '龙井',
        num: 2,
        price: '100.05',
        total_fee: '200.10',
        status: 'WAIT_BUYER_CONFIRM_GOODS',
      },
      {
        oid: 2,
        num_iid: 600002,
        outer_iid: 'CUP',
        title: '杯子',
        num: 1,
        price: '100.00',
        total_fee: '100.00',
        status: 'WAIT_SELLER_SEND_GOODS',
      },
    ],
  },
};

describe('tradeToChannelOrder', () => {
  it('converts a TOP trade: fen exactly, GMT+8 → UTC, identities, lines and what shipped', () => {
    const o = tradeToChannelOrder(trade);
    expect(o).toMatchObject({
      externalOrderId: '3912345678901234',
      status: 'partially_shipped',
      channelStatus: 'SELLER_CONSIGNED_PART',
      amounts: { itemsFen: 30010, shippingFen: 1000, discountFen: 2005, paidFen: 29005 },
      buyer: { name: 't**1', identities: [{ kind: 'taobao_open_id', value: 'AAHk5d-buyer' }] },
      receiver: { name: '李四', phone: '13800001111', province: '浙江省', postcode: '311100' },
      buyerMessage: '周末送',
    });
    expect(o.version.toISOString()).toBe('2026-11-20T04:30:05.000Z');
    expect(o.placedAt.toISOString()).toBe('2026-11-20T02:00:00.000Z');
    expect(o.payment?.paidAt?.toISOString()).toBe('2026-11-20T02:01:00.000Z');
    expect(o.lines).toEqual([
      expect.objectContaining({
        externalLineId: '1',
        channelItemId: '600001',
        channelSkuId: '5001',
        outerId: 'TEA-1',
        quantity: 2,
        unitPriceFen: 10005,
        totalFen: 20010,
        shippedQuantity: 2,
      }),
      expect.objectContaining({ externalLineId: '2', outerId: 'CUP', quantity: 1, shippedQuantity: 0 }),
    ]);
  });

  it('maps every Taobao status, closed before payment as cancelled and after payment as closed', () => {
    const status = (s: string) => tradeToChannelOrder({ ...trade, status: s }).status;
    expect(status('WAIT_BUYER_PAY')).toBe('pending_payment');
    expect(status('WAIT_SELLER_SEND_GOODS')).toBe('paid');
    expect(status('WAIT_BUYER_CONFIRM_GOODS')).toBe('shipped');
    expect(status('TRADE_FINISHED')).toBe('completed');
    expect(status('TRADE_CLOSED')).toBe('closed');
    expect(status('TRADE_CLOSED_BY_TAOBAO')).toBe('cancelled');
  });

  it('accepts simplified (flat) order lists and falls back to the nick without an open uid', () => {
    const o = tradeToChannelOrder({ ...trade, buyer_open_uid: undefined, orders: trade.orders.order });
    expect(o.lines).toHaveLength(2);
    expect(o.buyer.identities).toEqual([{ kind: 'taobao_nick', value: 't**1' }]);
  });

  it('names the field it cannot read', () => {
    const fieldOf = (t: Record<string, unknown>) => {
      try {
        tradeToChannelOrder(t);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationFailedError);
        return (error as ValidationFailedError).details[0].field;
      }
    };
    expect(fieldOf({ ...trade, payment: '12.345' })).toBe('payment');
    expect(fieldOf({ ...trade, modified: '2026/11/20' })).toBe('modified');
    expect(fieldOf({ ...trade, status: 'SOMETHING_NEW' })).toBe('status');
    expect(fieldOf({ ...trade, orders: { order: [{ ...trade.orders.order[0], num: 0 }] } })).toBe(
      'orders[0].num',
    );
  });
});
