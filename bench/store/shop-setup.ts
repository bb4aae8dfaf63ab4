/** Opens a WeChat shop through the real admin API against the sandbox: the merchant side of the benchmark. */

export interface Json {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function call(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Json> {
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export async function must(
  method: string,
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const res = await call(method, url, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface OpenShop {
  token: string;
  shopId: string;
  accountId: string;
  appId: string;
  mchid: string;
  productId: string;
  skuIds: string[];
}

/** A merchant, a product with one SKU per `stocks` entry, a sandbox official account with WeChat Pay, published. */
export async function openShop(api: string, sandbox: string, stocks: number[]): Promise<OpenShop> {
  const phone = `1${3 + Math.floor(Math.random() * 6)}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  const signup = await must('POST', `${api}/admin/v1/signup`, {
    merchantName: 'Bench Tea Co.',
    shopName: 'Bench WeChat Shop',
    phone,
    password: 'correct-horse-battery',
  });
  const auth = { authorization: `Bearer ${String(signup.accessToken)}` };
  const shopId = String(signup.shopId);
  const product = await must('POST', `${api}/admin/v1/products`, { title: '明前龙井 250g' }, auth);
  const skuIds: string[] = [];
  for (const [i, stock] of stocks.entries()) {
    const sku = await must(
      'POST',
      `${api}/admin/v1/products/${String(product.id)}/skus`,
      { code: `LJ-${i}-${Date.now()}`, priceFen: 100 },
      auth,
    );
    await must(
      'POST',
      `${api}/admin/v1/skus/${String(sku.id)}/stock/adjustments`,
      { delta: stock, reason: 'receiving' },
      auth,
    );
    skuIds.push(String(sku.id));
  }
  const oa = await must('POST', `${sandbox}/_sandbox/wechat/accounts`, {});
  const appId = String(oa.appId);
  const account = await must(
    'POST',
    `${api}/admin/v1/channel-accounts`,
    {
      type: 'wechat',
      shopId,
      appId,
      appSecret: oa.appSecret,
      token: oa.token,
      encodingAESKey: oa.encodingAESKey,
      apiBaseUrl: sandbox,
    },
    auth,
  );
  const accountId = String(account.id);
  const pay = await must('POST', `${sandbox}/_sandbox/wechatpay/merchants`, {
    appid: appId,
    retryScale: 0.001,
  });
  await must(
    'PUT',
    `${api}/admin/v1/channel-accounts/${accountId}/wechatpay`,
    {
      mchid: pay.mchid,
      merchantSerial: pay.merchantSerial,
      merchantPrivateKeyPem: pay.merchantPrivateKeyPem,
      apiV3Key: pay.apiV3Key,
      platformSerial: pay.platformSerial,
      platformPublicKeyPem: pay.platformPublicKeyPem,
      apiBaseUrl: sandbox,
    },
    auth,
  );
  await must('PUT', `${api}/admin/v1/shops/${shopId}/store/products/${String(product.id)}`, undefined, auth);
  return {
    token: String(signup.accessToken),
    shopId,
    accountId,
    appId,
    mchid: String(pay.mchid),
    productId: String(product.id),
    skuIds,
  };
}

/** `count` sandbox followers signed in to the shop through WeChat OAuth; their buyer tokens. */
export async function signInBuyers(
  api: string,
  sandbox: string,
  shop: OpenShop,
  count: number,
): Promise<string[]> {
  const tokens: string[] = [];
  for (let left = count; left > 0; left -= 200) {
    const made = await must('POST', `${sandbox}/_sandbox/wechat/accounts/${shop.appId}/followers`, {
      count: Math.min(200, left),
    });
    for (const follower of made.followers as Array<{ openid: string }>) {
      const query = new URLSearchParams({
        appid: shop.appId,
        redirect_uri: 'http://127.0.0.1/store/callback',
        response_type: 'code',
        scope: 'snsapi_base',
        state: 'bench',
        sandbox_openid: follower.openid,
      });
      const page = await call('GET', `${sandbox}/connect/oauth2/authorize?${query.toString()}`);
      const location = page.headers.get('location');
      if (!location) throw new Error(`OAuth page did not redirect: ${JSON.stringify(page.body)}`);
      const code = new URL(location).searchParams.get('code');
      const session = await must('POST', `${api}/store/v1/shops/${shop.shopId}/auth/wechat`, { code });
      tokens.push(String(session.token));
    }
  }
  return tokens;
}

export const RECEIVER = {
  name: '王小明',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  address: '文三路 100 号',
};
