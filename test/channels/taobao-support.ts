import { TestApp, bearer, waitFor } from '@tongdao/testing';
import { Sandbox, Shop } from '../sandbox/taobao-client';

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

/** A seller SKU listed on the store, with the Tongdao SKU its merchant code maps to. */
export interface ListedSku {
  numIid: string;
  channelSkuId: string;
  outerId: string;
  /** The Tongdao SKU's id. */
  skuId: string;
}

/**
 * Lists the seller's first item that has SKUs on the store (its first SKU) and gives the store half of that SKU's
 * sellable stock with a percentage allocation rule.
 */
export async function listHalfAllocatedSku(
  t: TestApp,
  token: string,
  shop: Shop,
  accountId: string,
): Promise<ListedSku> {
  const item = shop.items.find((i) => i.skus.length > 0)!;
  const variant = item.skus[0];
  await t.http
    .post(`/admin/v1/channel-accounts/${accountId}/listings`)
    .set(...bearer(token))
    .send({
      items: [
        {
          channelItemId: item.numIid,
          channelSkuId: variant.skuId,
          outerId: variant.outerId,
          title: 'listed',
        },
      ],
    })
    .expect(200);
  const skus = await t.http
    .get(`/admin/v1/skus?codePrefix=${encodeURIComponent(variant.outerId)}`)
    .set(...bearer(token))
    .expect(200);
  const sku = skus.body.items.find((s: { code: string }) => s.code === variant.outerId) as { id: string };
  await t.http
    .post('/admin/v1/allocation-rules')
    .set(...bearer(token))
    .send({ skuId: sku.id, channelAccountId: accountId, mode: 'percentage', percent: 50 })
    .expect(201);
  return { numIid: item.numIid, channelSkuId: variant.skuId, outerId: variant.outerId, skuId: sku.id };
}

/** Waits until the sandbox Taobao shows `quantity` for the listed SKU (pushed by item.quantity.update). */
export async function waitForTaobaoQuantity(
  sandbox: Sandbox,
  listed: ListedSku,
  quantity: number,
): Promise<void> {
  await waitFor(
    async () => {
      const res = await sandbox.http.get(`/_sandbox/taobao/items/${listed.numIid}`).expect(200);
      const skus = res.body.skus as Array<{ skuId: string; quantity: number }>;
      return skus.find((s) => s.skuId === listed.channelSkuId)?.quantity === quantity;
    },
    { what: `quantity ${quantity} on the sandbox Taobao`, timeoutMs: 20_000 },
  );
}
