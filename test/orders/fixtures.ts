import { RequestContext, newId } from '@tongdao/kernel';
import { ChannelOrder, ChannelOrderLine } from '@tongdao/orders';
import { SignedUpMerchant, TestApp, bearer, signupMerchant } from '@tongdao/testing';

export interface Setup {
  m: SignedUpMerchant;
  ctx: RequestContext;
  accountId: string;
  skuId: string;
  skuCode: string;
}

/** A SKU with stock, created through the catalog and inventory endpoints. */
export async function createSku(
  t: TestApp,
  token: string,
  onHand: number,
  title = 'Longjing tea',
): Promise<{ id: string; code: string }> {
  const auth = bearer(token);
  const product = await t.http
    .post('/admin/v1/products')
    .set(...auth)
    .send({ title })
    .expect(201);
  const code = `SKU-${newId().slice(-8)}`;
  const sku = await t.http
    .post(`/admin/v1/products/${product.body.id}/skus`)
    .set(...auth)
    .send({ code, priceFen: 12800 })
    .expect(201);
  if (onHand > 0) {
    await t.http
      .post(`/admin/v1/skus/${sku.body.id}/stock/adjustments`)
      .set(...auth)
      .send({ delta: onHand, reason: 'receiving' })
      .expect(201);
  }
  return { id: sku.body.id, code };
}

export async function createChannelAccount(
  t: TestApp,
  token: string,
  shopId: string,
  type: 'taobao' | 'wechat' | 'weibo' = 'taobao',
): Promise<string> {
  const account = await t.http
    .post('/admin/v1/channel-accounts')
    .set(...bearer(token))
    .send({ type, shopId, name: `${type} account ${newId().slice(-4)}` })
    .expect(201);
  return account.body.id;
}

/** A merchant with one SKU holding `onHand` units and one Taobao channel account. */
export async function setup(t: TestApp, onHand: number): Promise<Setup> {
  const m = await signupMerchant(t);
  const sku = await createSku(t, m.token, onHand);
  return {
    m,
    ctx: RequestContext.system(m.merchantId, 'test'),
    accountId: await createChannelAccount(t, m.token, m.shopId),
    skuId: sku.id,
    skuCode: sku.code,
  };
}

let counter = 0;
export function externalId(): string {
  counter += 1;
  return `T${Date.now()}${counter}${Math.floor(Math.random() * 1e4)}`;
}

export function line(outerId: string, n = 1, quantity = 2): ChannelOrderLine {
  return {
    externalLineId: `L${n}`,
    channelItemId: `item-${n}`,
    channelSkuId: `sku-${n}`,
    outerId,
    title: `Line ${n}`,
    quantity,
    unitPriceFen: 12800,
    totalFen: 12800 * quantity,
  };
}

export function channelOrder(
  s: Pick<Setup, 'skuCode'>,
  overrides: Partial<ChannelOrder> & { qty?: number; outerId?: string } = {},
): ChannelOrder {
  const { qty: _qty, outerId: _outerId, ...rest } = overrides;
  const qty = overrides.qty ?? 2;
  const lines = overrides.lines ?? [line(overrides.outerId ?? s.skuCode, 1, qty)];
  const total = lines.reduce((sum, l) => sum + l.totalFen, 0);
  return {
    externalOrderId: externalId(),
    version: new Date('2026-11-20T02:00:00Z'),
    status: 'paid',
    channelStatus: 'WAIT_SELLER_SEND_GOODS',
    placedAt: new Date('2026-11-20T01:59:00Z'),
    buyer: { name: '张三', identities: [{ kind: 'taobao_open_id', value: 'AAE-buyer-1' }] },
    receiver: {
      name: '张三',
      phone: '13812345678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '文一西路969号',
      postcode: '310000',
    },
    lines,
    amounts: { itemsFen: total, shippingFen: 0, discountFen: 0, paidFen: total },
    payment: { method: 'alipay', paidAt: new Date('2026-11-20T02:00:00Z'), transactionId: 'pay-1' },
    buyerMessage: 'please pack well',
    ...rest,
  };
}

export async function stockOf(
  t: TestApp,
  token: string,
  skuId: string,
): Promise<{ onHand: number; reserved: number; sellable: number }> {
  return (
    await t.http
      .get(`/admin/v1/skus/${skuId}/stock`)
      .set(...bearer(token))
      .expect(200)
  ).body.totals;
}

export async function countRows(t: TestApp, table: string, merchantId: string): Promise<number> {
  const rows: Array<{ n: string | number }> = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM ${table} WHERE merchant_id = ?`,
    [merchantId],
  );
  return Number(rows[0].n);
}

export async function eventTypes(t: TestApp, aggregateId: string): Promise<string[]> {
  const rows: Array<{ type: string }> = await t.dataSource.query(
    `SELECT type FROM outbox_events WHERE aggregate_id = ? ORDER BY id`,
    [aggregateId],
  );
  return rows.map((r) => r.type);
}
