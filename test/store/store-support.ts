/**
 * Shared helpers for the WeChat-shop suites (test/store/**). Stable exports — other suites build on them:
 *
 * - `openStore(t, sandbox, options?)` → StoreFixture: a merchant (signed up, or `options.merchant`), a sandbox
 *   WeChat official account connected to its shop (the store account), products with SKUs, stock and
 *   (unless `publish: false`) published to the store.
 * - `createStoreProduct(t, ownerToken, spec?)` → StoreProduct: a product with SKUs and stock, not published.
 * - `publishProduct(t, store, productId)`: PUT /admin/v1/shops/:shopId/store/products/:productId.
 * - `createBuyer(sandbox, store, options?)` → Follower: a WeChat user of the store's sandbox account.
 * - `oauthCode(t, store, openid, scope?)`: walks the store's authorize URL on the sandbox as that user → code.
 * - `signInBuyer(t, store, options?)` → SignedInBuyer: a new (or given) WeChat user signed in; `token` is the
 *   buyer bearer token (use with `bearer(token)` from @tongdao/testing).
 * - `storePath(store, path)`: '/store/v1/shops/<shopId><path>'.
 */
import { newId } from '@tongdao/kernel';
import { SignedUpMerchant, TestApp, bearer, signupMerchant } from '@tongdao/testing';
import { connectSandboxAccount } from '../channels/wechat-support';
import { Account, Follower, Sandbox, createAccount, createFollower } from '../sandbox/wechat-client';

export interface StoreSku {
  skuId: string;
  code: string;
  priceFen: number;
  attributes: Record<string, string>;
  onHand: number;
}

export interface StoreProduct {
  productId: string;
  title: string;
  skus: StoreSku[];
}

export interface StoreFixture {
  merchant: SignedUpMerchant;
  shopId: string;
  sandbox: Sandbox;
  /** The sandbox official account (appId, appSecret …). */
  account: Account;
  /** Tongdao's channel account for it: the store account. */
  channelAccountId: string;
  products: StoreProduct[];
}

export interface SkuSpec {
  priceFen?: number;
  onHand?: number;
  attributes?: Record<string, string>;
}

export interface ProductSpec {
  title?: string;
  description?: string;
  /** Default: one SKU at 12800 fen with 10 units. */
  skus?: SkuSpec[];
}

export interface OpenStoreOptions {
  /** An existing merchant; default: a new signup. */
  merchant?: SignedUpMerchant;
  /** Default: the merchant's first shop. */
  shopId?: string;
  /** Default: one product with one SKU. */
  products?: ProductSpec[];
  /** Default true: publish every product to the store. */
  publish?: boolean;
}

export interface SignedInBuyer {
  token: string;
  expiresAt: string;
  customerId: string;
  openid: string;
  unionid: string | null;
  nickname: string | null;
  follower: Follower;
}

export const storePath = (store: Pick<StoreFixture, 'shopId'>, path: string): string =>
  `/store/v1/shops/${store.shopId}${path}`;

export async function createStoreProduct(
  t: TestApp,
  ownerToken: string,
  spec: ProductSpec = {},
): Promise<StoreProduct> {
  const auth = bearer(ownerToken);
  const title = spec.title ?? `Longjing tea ${newId().slice(-5)}`;
  const product = await t.http
    .post('/admin/v1/products')
    .set(...auth)
    .send({ title, ...(spec.description ? { description: spec.description } : {}) })
    .expect(201);
  const skus: StoreSku[] = [];
  for (const sku of spec.skus ?? [{}]) {
    const code = `ST-${newId().slice(-10)}`;
    const priceFen = sku.priceFen ?? 12800;
    const attributes = sku.attributes ?? {};
    const created = await t.http
      .post(`/admin/v1/products/${product.body.id}/skus`)
      .set(...auth)
      .send({ code, priceFen, attributes })
      .expect(201);
    const onHand = sku.onHand ?? 10;
    if (onHand > 0) {
      await t.http
        .post(`/admin/v1/skus/${created.body.id}/stock/adjustments`)
        .set(...auth)
        .send({ delta: onHand, reason: 'receiving' })
        .expect(201);
    }
    skus.push({ skuId: created.body.id as string, code, priceFen, attributes, onHand });
  }
  return { productId: product.body.id as string, title, skus };
}

export async function publishProduct(
  t: TestApp,
  store: Pick<StoreFixture, 'merchant' | 'shopId'>,
  productId: string,
): Promise<void> {
  await t.http
    .put(`/admin/v1/shops/${store.shopId}/store/products/${productId}`)
    .set(...bearer(store.merchant.token))
    .expect(200);
}

export async function openStore(
  t: TestApp,
  sandbox: Sandbox,
  options: OpenStoreOptions = {},
): Promise<StoreFixture> {
  const merchant = options.merchant ?? (await signupMerchant(t));
  const shopId = options.shopId ?? merchant.shopId;
  const account = await createAccount(sandbox.http);
  const channelAccountId = await connectSandboxAccount(t, { ...merchant, shopId }, sandbox, account);
  const store: StoreFixture = { merchant, shopId, sandbox, account, channelAccountId, products: [] };
  for (const spec of options.products ?? [{}]) {
    const product = await createStoreProduct(t, merchant.token, spec);
    if (options.publish ?? true) await publishProduct(t, store, product.productId);
    store.products.push(product);
  }
  return store;
}

/** A WeChat user of the store's account; `unionid` links them to the same person on other accounts. */
export function createBuyer(
  sandbox: Sandbox,
  store: Pick<StoreFixture, 'account'>,
  options: { nickname?: string; unionid?: string; subscribed?: boolean } = {},
): Promise<Follower> {
  return createFollower(sandbox.http, store.account.appId, options);
}

/** What the buyer's browser does: opens the store's authorize URL in WeChat (as `openid`) and reads the code. */
export async function oauthCode(
  t: TestApp,
  store: Pick<StoreFixture, 'shopId' | 'sandbox'>,
  openid: string,
  scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_userinfo',
): Promise<string> {
  const res = await t.http
    .get(storePath(store, '/auth/wechat'))
    .query({ redirectUri: 'https://shop.example.com/wx/back', scope, state: 'st1' })
    .expect(200);
  const url = new URL(res.body.authorizeUrl as string);
  url.hash = '';
  url.searchParams.set('sandbox_openid', openid);
  const redirect = await store.sandbox.http.get(`${url.pathname}${url.search}`).expect(302);
  const code = new URL(redirect.headers.location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${redirect.headers.location}`);
  return code;
}

export async function signInBuyer(
  t: TestApp,
  store: StoreFixture,
  options: {
    follower?: Follower;
    scope?: 'snsapi_base' | 'snsapi_userinfo';
    nickname?: string;
    unionid?: string;
  } = {},
): Promise<SignedInBuyer> {
  const follower =
    options.follower ??
    (await createBuyer(store.sandbox, store, {
      nickname: options.nickname ?? 'Buyer',
      ...(options.unionid ? { unionid: options.unionid } : {}),
    }));
  const code = await oauthCode(t, store, follower.openid, options.scope);
  const res = await t.http.post(storePath(store, '/auth/wechat')).send({ code });
  if (res.status !== 200) throw new Error(`buyer sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.body as Omit<SignedInBuyer, 'follower'>), follower };
}
