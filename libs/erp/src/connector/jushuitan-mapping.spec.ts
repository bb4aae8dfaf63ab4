import { ErpOrder } from './erp-connector';
import {
  fromJushuitanShipment,
  fromJushuitanStock,
  ourCarrierCode,
  toJushuitanOrder,
  windowParams,
  yuanNumber,
} from './jushuitan-mapping';

const order: ErpOrder = {
  soId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  erpShopId: '10001',
  placedAt: new Date('2026-01-02T03:04:05Z'),
  paidAt: new Date('2026-01-02T03:05:00Z'),
  state: 'paid',
  buyerId: 'buyer-1',
  receiver: {
    name: '张三',
    phone: '13800000000',
    province: '浙江省',
    city: '杭州市',
    district: '西湖区',
    address: '文三路 1 号',
  },
  paidFen: 12_810,
  shippingFen: 1000,
  buyerMessage: null,
  sellerMemo: '',
  payment: { id: 'tx-1', method: 'alipay' },
  lines: [
    {
      lineId: 'L1',
      skuCode: 'SKU-A',
      channelSkuId: null,
      title: 'Tea',
      quantity: 3,
      unitPriceFen: 3937,
      totalFen: 11_810,
    },
  ],
};

describe('Jushuitan mapping', () => {
  it('converts fen to yuan through the decimal text', () => {
    expect(yuanNumber(12_810)).toBe(128.1);
    expect(yuanNumber(1)).toBe(0.01);
    expect(yuanNumber(0)).toBe(0);
    expect(JSON.stringify(yuanNumber(3937))).toBe('39.37');
  });

  it('shapes an order for orders/upload: GMT+8 times, yuan amounts, our ids as so_id and outer_oi_id, no empties', () => {
    const wire = toJushuitanOrder(order);
    expect(wire).toMatchObject({
      shop_id: 10001,
      so_id: order.soId,
      order_date: '2026-01-02 11:04:05',
      shop_status: 'WAIT_SELLER_SEND_GOODS',
      receiver_name: '张三',
      receiver_mobile: '13800000000',
      pay_amount: 128.1,
      freight: 10,
      items: [{ sku_id: 'SKU-A', outer_oi_id: 'L1', qty: 3, base_price: 39.37, amount: 118.1, name: 'Tea' }],
      pay: { outer_pay_id: 'tx-1', pay_date: '2026-01-02 11:05:00', amount: 128.1, payment: 'alipay' },
    });
    expect(wire).not.toHaveProperty('buyer_message');
    expect(wire).not.toHaveProperty('remark');
    expect((wire.items as object[])[0]).not.toHaveProperty('shop_sku_id');
    expect(toJushuitanOrder({ ...order, state: 'closed' }).shop_status).toBe('TRADE_CLOSED');
  });

  it('reads inventory rows and shipments, translating carrier codes to ours', () => {
    expect(
      fromJushuitanStock({
        sku_id: 'SKU-A',
        wms_co_id: 7,
        qty: 37,
        order_lock: 2,
        modified: '2026-01-02 08:00:00',
      }),
    ).toEqual({
      outerSkuCode: 'SKU-A',
      erpWarehouseId: '7',
      quantity: 37,
      modifiedAt: new Date('2026-01-02T00:00:00Z'),
    });
    expect(fromJushuitanStock({ sku_id: '', qty: 1 })).toBeNull();
    expect(fromJushuitanStock({ sku_id: 'X', qty: 'many' })).toBeNull();
    const parcel = fromJushuitanShipment({
      o_id: 10000001,
      so_id: 'S1',
      l_id: 'YZ123',
      lc_id: 'YZPY',
      send_date: '2026-01-02 09:00:00',
      items: [{ sku_id: 'SKU-A', outer_oi_id: 'L1', qty: 3 }],
    });
    expect(parcel).toEqual({
      externalOrderId: 'S1',
      erpOrderId: '10000001',
      carrierCode: 'POST',
      trackingNo: 'YZ123',
      shippedAt: new Date('2026-01-02T01:00:00Z'),
      lines: [{ skuCode: 'SKU-A', lineId: 'L1', quantity: 3 }],
    });
    expect(fromJushuitanShipment({ so_id: 'S1', l_id: null })).toBeNull();
    expect(ourCarrierCode('zto')).toBe('ZTO');
    expect(ourCarrierCode('DBKD')).toBe('DBL');
  });

  it('sends a modified window only when both ends are known', () => {
    expect(windowParams()).toEqual({});
    expect(windowParams(new Date('2026-01-01T16:00:00Z'), new Date('2026-01-02T16:00:00Z'))).toEqual({
      modified_begin: '2026-01-02 00:00:00',
      modified_end: '2026-01-03 00:00:00',
    });
  });
});
