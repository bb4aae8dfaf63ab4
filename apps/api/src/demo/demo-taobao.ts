import { Injectable, Logger } from '@nestjs/common';
import { ProductsService, SkusService } from '@tongdao/catalog';
import { ChannelAccountsService, TaobaoAccounts, TaobaoSyncJobs } from '@tongdao/channels';
import { StockService } from '@tongdao/inventory';
import { RequestContext, yuanToFen } from '@tongdao/kernel';
import { sandboxControl } from './sandbox-control';

/** Fixed so the stored connection survives restarts; the sandbox forgets everything, so the session is renewed. */
const DEMO_SELLER = 'demo-tea-house';
const DEMO_APP_KEY = 'tongdao-demo';
const DEMO_APP_SECRET = 'tongdao-demo-app-secret';
const DEMO_TRADES_PER_MINUTE = 6;

interface SandboxShop {
  appKey: string;
  appSecret: string;
  sessionKey: string;
  items: Array<{
    title: string;
    outerId: string;
    price: string;
    skus: Array<{ outerId: string; properties: string; price: string }>;
  }>;
}

/**
 * Connects the demo merchant's Taobao store to the sandbox started beside the embedded api: a seller with
 * items, SKUs in Tongdao whose codes are the items' merchant codes (so lines map), stock, a Taobao account
 * with a fresh session, a day of past trades pulled at once, and a live trade stream the sync keeps bringing
 * in. Everything goes through the same services and wire protocols a real store uses.
 */
@Injectable()
export class DemoTaobao {
  private readonly logger = new Logger(DemoTaobao.name);

  constructor(
    private readonly products: ProductsService,
    private readonly skus: SkusService,
    private readonly stock: StockService,
    private readonly accounts: ChannelAccountsService,
    private readonly taobao: TaobaoAccounts,
    private readonly syncJobs: TaobaoSyncJobs,
  ) {}

  async connect(owner: RequestContext, shopId: string, sandboxUrl: string): Promise<string> {
    const shop = await sandboxControl<SandboxShop>(sandboxUrl, 'POST', '/_sandbox/taobao/apps', {
      sellerNick: DEMO_SELLER,
      appKey: DEMO_APP_KEY,
      appSecret: DEMO_APP_SECRET,
      items: 4,
    });
    await this.ensureSkus(owner, shop);
    const credentials = {
      appKey: shop.appKey,
      appSecret: shop.appSecret,
      sessionKey: shop.sessionKey,
      gatewayUrl: `${sandboxUrl}/router/rest`,
      tmcUrl: `${sandboxUrl.replace(/^http/, 'ws')}/tmc`,
    };
    const existing = (await this.accounts.list(owner, { type: 'taobao', limit: 100 })).items.find(
      (a) => a.settings.appKey === DEMO_APP_KEY,
    );
    const account = existing
      ? await this.taobao.reconnect(owner, existing.id, credentials)
      : await this.taobao.connect(owner, { shopId, name: '淘宝 · Demo Tea House', ...credentials });
    await sandboxControl(sandboxUrl, 'POST', `/_sandbox/taobao/sellers/${DEMO_SELLER}/trades/generate`, {
      count: 25,
      spreadMinutes: 24 * 60,
    });
    await sandboxControl(sandboxUrl, 'POST', '/_sandbox/taobao/generator', {
      ratePerMinute: DEMO_TRADES_PER_MINUTE,
      sellerNick: DEMO_SELLER,
    });
    await this.syncJobs.enqueue(owner.tenantId, account.id, 'demo');
    this.logger.log(
      { channelAccountId: account.id, sandboxUrl },
      'demo Taobao store connected to the sandbox',
    );
    return account.id;
  }

  private async ensureSkus(owner: RequestContext, shop: SandboxShop): Promise<void> {
    for (const item of shop.items) {
      const variants = item.skus.length > 0 ? item.skus : [{ outerId: item.outerId, price: item.price }];
      const missing = [];
      for (const variant of variants) {
        if (!(await this.skus.findByCode(owner, variant.outerId))) missing.push(variant);
      }
      if (missing.length === 0) continue;
      const product = await this.products.create(owner, { title: item.title });
      for (const variant of missing) {
        const sku = await this.skus.create(owner, product.id, {
          code: variant.outerId,
          priceFen: yuanToFen(variant.price),
        });
        await this.stock.adjust(owner, {
          skuId: sku.id,
          delta: 200,
          reason: 'receiving',
          note: 'demo stock',
        });
      }
    }
  }
}
