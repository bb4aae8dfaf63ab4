import { TestApp, bearer } from '@tongdao/testing';
import { Shop } from '../sandbox/taobao-client';

/** Every merchant code the sandbox seller uses (SKU outer ids, or the item's when it has no SKUs). */
export function merchantCodes(shop: Shop): string[] {
  return [
    ...new Set(shop.items.flatMap((i) => (i.skus.length ? i.skus.map((s) => s.outerId) : [i.outerId]))),
  ];
}

/** One Tongdao SKU per merchant code of the sandbox seller, each stocked with `onHand`, so trade lines map. */
export async function stockShopSkus(t: TestApp, token: string, shop: Shop, onHand: number): Promise<void> {
  for (const code of merchantCodes(shop)) {
    const product = await t.http
      .post('/admin/v1/products')
      .set(...bearer(token))
      .send({ title: code })
      .expect(201);
    const sku = await t.http
      .post(`/admin/v1/products/${product.body.id}/skus`)
      .set(...bearer(token))
      .send({ code, priceFen: 9900 })
      .expect(201);
    await t.http
      .post(`/admin/v1/skus/${sku.body.id}/stock/adjustments`)
      .set(...bearer(token))
      .send({ delta: onHand, reason: 'receiving' })
      .expect(201);
  }
}

/** Connects the sandbox seller as a Taobao store of the merchant's shop, through the admin API. */
export async function connectStore(
  t: TestApp,
  token: string,
  shopId: string,
  shop: Shop,
  sandboxPort: number,
  options: { appSecret?: string; tmc?: boolean } = {},
): Promise<string> {
  const base = `http://127.0.0.1:${sandboxPort}`;
  const res = await t.http
    .post('/admin/v1/channel-accounts')
    .set(...bearer(token))
    .send({
      type: 'taobao',
      shopId,
      appKey: shop.appKey,
      appSecret: options.appSecret ?? shop.appSecret,
      sessionKey: shop.sessionKey,
      gatewayUrl: `${base}/router/rest`,
      ...(options.tmc ? { tmcUrl: `${base.replace('http', 'ws')}/tmc` } : {}),
    })
    .expect(201);
  return res.body.id as string;
}
