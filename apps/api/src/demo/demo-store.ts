import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ProductsService } from '@tongdao/catalog';
import { RequestContext } from '@tongdao/kernel';
import { Settlement } from '@tongdao/orders';
import { ShelfPublishing, WechatPayMerchants } from '@tongdao/storefront';
import { sandboxControl } from './sandbox-control';

/** One simulated buyer every this long; one in four never pays, so expiry shows too. */
const DEMO_BUYER_EVERY_MS = 40_000;

interface SandboxPayMerchant {
  mchid: string;
  apiV3Key: string;
  merchantSerial: string;
  merchantPrivateKeyPem: string;
  platformSerial: string;
  platformPublicKeyPem: string;
}

/**
 * Opens the demo merchant's WeChat shop on its sandbox official account: every product published, a sandbox
 * WeChat Pay merchant behind it, guarantee transactions on; then a simulated buyer now and then walks the
 * buyer's real path over HTTP — WeChat OAuth on the sandbox, checkout, JSAPI prepay, the sandbox paying — so
 * WeChat-shop orders arrive in the desk beside the Taobao ones.
 */
@Injectable()
export class DemoStore implements OnApplicationShutdown {
  private readonly logger = new Logger(DemoStore.name);
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;
  private buyers = 0;

  constructor(
    private readonly products: ProductsService,
    private readonly publishing: ShelfPublishing,
    private readonly payMerchants: WechatPayMerchants,
    private readonly settlement: Settlement,
  ) {}

  async open(
    owner: RequestContext,
    shopId: string,
    accountId: string,
    appId: string,
    urls: { sandbox: string; api: string },
  ): Promise<void> {
    for (const product of (await this.products.list(owner, { limit: 100 })).items) {
      if (product.status === 'active') await this.publishing.publish(owner, shopId, product.id);
    }
    const pay = await sandboxControl<SandboxPayMerchant>(
      urls.sandbox,
      'POST',
      '/_sandbox/wechatpay/merchants',
      {
        appid: appId,
      },
    );
    await this.payMerchants.configure(owner, accountId, { ...pay, apiBaseUrl: urls.sandbox });
    await this.settlement.setPolicy(owner, shopId, { guaranteeEnabled: true, autoConfirmDays: 7 });
    this.logger.log(
      { shopId, channelAccountId: accountId, mchid: pay.mchid },
      'demo WeChat shop open on the sandbox',
    );
    const buyOnce = () =>
      this.oneBuyer(shopId, appId, pay.mchid, urls).catch((error: unknown) =>
        this.logger.warn({ err: String(error) }, 'demo WeChat-shop buyer gave up'),
      );
    // The first buyer comes a moment after start-up, so the desk shows the shop at once.
    this.first = setTimeout(() => void buyOnce(), 3_000);
    this.timer = setInterval(() => void buyOnce(), DEMO_BUYER_EVERY_MS);
    this.first.unref();
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
  }

  private async oneBuyer(
    shopId: string,
    appId: string,
    mchid: string,
    urls: { sandbox: string; api: string },
  ): Promise<void> {
    this.buyers += 1;
    const store = `${urls.api}/store/v1/shops/${shopId}`;
    const made = await sandboxControl<{ followers: Array<{ openid: string }> }>(
      urls.sandbox,
      'POST',
      `/_sandbox/wechat/accounts/${appId}/followers`,
      { nickname: `买家${this.buyers}` },
    );
    const authorize = await json<{ authorizeUrl: string }>(
      'GET',
      `${store}/auth/wechat?redirectUri=${encodeURIComponent(`${urls.api}/wx/back`)}&scope=snsapi_userinfo&state=demo`,
    );
    const page = new URL(authorize.authorizeUrl);
    page.hash = '';
    page.searchParams.set('sandbox_openid', made.followers[0].openid);
    const redirect = await fetch(page, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
    const { token } = await json<{ token: string }>('POST', `${store}/auth/wechat`, { code });
    const auth = { authorization: `Bearer ${token}` };
    const shelf = await json<{ items: Array<{ skus: Array<{ skuId: string; available: number }> }> }>(
      'GET',
      `${store}/products`,
    );
    const skus = shelf.items.flatMap((p) => p.skus).filter((s) => s.available > 0);
    if (skus.length === 0) return;
    const sku = skus[this.buyers % skus.length];
    const order = await json<{ id: string }>(
      'POST',
      `${store}/orders`,
      {
        lines: [{ skuId: sku.skuId, quantity: 1 + (this.buyers % 2) }],
        receiver: {
          name: `买家${this.buyers}`,
          phone: '13900000000',
          province: '浙江省',
          city: '杭州市',
          address: '西湖区文三路 1 号',
        },
      },
      auth,
    );
    await json('POST', `${store}/orders/${order.id}/payment`, undefined, auth);
    if (this.buyers % 4 === 0) return;
    await sandboxControl(
      urls.sandbox,
      'POST',
      `/_sandbox/wechatpay/merchants/${mchid}/transactions/${order.id}/pay`,
      {},
    );
  }
}

async function json<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
