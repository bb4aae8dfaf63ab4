import { ListingsService, ProductsService, SkusService } from '@tongdao/catalog';
import { ChannelAccountsService } from '@tongdao/channels';
import { ShopsService } from '@tongdao/identity';
import {
  StockPublisher,
  StockPushItem,
  StockPushOutcome,
  StockQueries,
  StockService,
  WarehouseService,
} from '@tongdao/inventory';
import { RequestContext, newId } from '@tongdao/kernel';
import { TestApp, TestAppOptions, startTestApp } from '@tongdao/testing';

export interface InventoryHarness {
  t: TestApp;
  stock: StockService;
  queries: StockQueries;
  warehouses: WarehouseService;
  close(): Promise<void>;
}

export async function startInventoryApp(options: TestAppOptions = {}): Promise<InventoryHarness> {
  const t = await startTestApp(options);
  return {
    t,
    stock: t.app.get(StockService),
    queries: t.app.get(StockQueries),
    warehouses: t.app.get(WarehouseService),
    close: () => t.close(),
  };
}

export function merchantContext(): RequestContext {
  return RequestContext.system(newId(), 'test');
}

/** A staff member of the merchant holding the stock permissions (for audit assertions). */
export function staffContext(merchantId: string): RequestContext {
  return new RequestContext('test', merchantId, {
    kind: 'staff',
    staffId: newId(),
    name: 'warehouse clerk',
    isOwner: false,
    permissions: new Set(['stock.read', 'stock.adjust']),
    shopScope: 'all',
    orderScope: 'all',
    refundLimitFen: null,
  });
}

let codeCounter = 0;

/** A real SKU through the catalog's public services; returns its id and code. */
export async function createSku(t: TestApp, ctx: RequestContext): Promise<{ id: string; code: string }> {
  const product = await t.app.get(ProductsService).create(ctx, { title: 'Green tea 250g' });
  codeCounter += 1;
  const code = `TEA-${Date.now().toString(36)}-${codeCounter}`;
  const sku = await t.app.get(SkusService).create(ctx, product.id, { code, priceFen: 12800 });
  return { id: sku.id, code };
}

/** A real channel account of the tenant, through the channels lib. */
export async function createChannelAccount(
  t: TestApp,
  ctx: RequestContext,
  type: 'taobao' | 'wechat' | 'weibo' = 'taobao',
): Promise<string> {
  // A shop of the tenant (the service checks it), made directly since service-level tests have no signup.
  const shop = await t.app.get(ShopsService).create(ctx, { name: `${type} shop` });
  const account = await t.app
    .get(ChannelAccountsService)
    .create(ctx, { type, shopId: shop.id, name: `${type} shop` });
  return account.id;
}

/** A channel listing mapped to the SKU (matched by outer id = SKU code). */
export async function listSku(
  t: TestApp,
  ctx: RequestContext,
  sku: { id: string; code: string },
  channelAccountId: string,
): Promise<{ listingId: string; channelAccountId: string }> {
  const [listing] = await t.app
    .get(ListingsService)
    .upsertListings(ctx, channelAccountId, [
      { channelItemId: `item-${sku.code}`, channelSkuId: `sku-${sku.code}`, outerId: sku.code },
    ]);
  if (listing.skuId !== sku.id) throw new Error('the listing did not map to the SKU');
  return { listingId: listing.id, channelAccountId };
}

/** Records every publish; optionally holds the first call until released (a push "in flight"). */
export class RecordingPublisher extends StockPublisher {
  readonly calls: StockPushItem[][] = [];
  /** Publishes in the order they finished: what the channel ends up showing is the last one. */
  readonly completed: StockPushItem[][] = [];
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;
  private entered: (() => void) | null = null;
  readonly firstEntered: Promise<void>;

  constructor(holdFirst = false) {
    super();
    this.firstEntered = new Promise((resolve) => (this.entered = resolve));
    if (holdFirst) this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  async publish(_ctx: RequestContext, items: StockPushItem[]): Promise<StockPushOutcome[]> {
    this.calls.push(items);
    const gate = this.gate;
    this.gate = null;
    this.entered?.();
    if (gate) await gate;
    this.completed.push(items);
    return items.map((i) => ({ listingId: i.listingId, status: 'pushed' as const }));
  }

  release(): void {
    this.openGate?.();
  }

  pushesTo(listingId: string, which: 'started' | 'completed' = 'started'): number[] {
    return (which === 'started' ? this.calls : this.completed).flatMap((items) =>
      items.filter((i) => i.listingId === listingId).map((i) => i.quantity),
    );
  }
}

export async function tableCount(t: TestApp, table: string, merchantId: string): Promise<number> {
  const rows: Array<{ n: number | string }> = await t.dataSource.query(
    `SELECT COUNT(*) AS n FROM ${table} WHERE merchant_id = ?`,
    [merchantId],
  );
  return Number(rows[0].n);
}
