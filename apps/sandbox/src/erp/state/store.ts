import { Injectable } from '@nestjs/common';
import { SeededRandom } from '../../shared/random';
import { ErpFaults } from './misbehaviour';
import { ErpCallRecord, ErpOrder, ErpSku, Receipt, StockRow, Tenant } from './model';

const CALL_LOG_LIMIT = 20_000;
const FIRST_O_ID = 10_000_001;
const SKU_NAMES = ['纯棉T恤', '帆布袋', '保温杯', '蓝牙耳机', '笔记本', '雨伞', '拖鞋', '围巾'];

export interface CreateTenantInput {
  shops?: number;
  shopIds?: number[];
  warehouses?: number;
  skuCount?: number;
  skus?: Array<{ skuId: string; name?: string; qty?: number }>;
  qty?: number;
}

export function stockKey(skuId: string, wmsCoId: number): string {
  return `${skuId}|${wmsCoId}`;
}

export function orderKey(appKey: string, shopId: number, soId: string): string {
  return `${appKey}|${shopId}|${soId}`;
}

/**
 * Everything the simulated ERP knows, in memory. Ids, keys and tokens come from one seeded PRNG, so the same
 * seed and the same calls give the same state.
 */
@Injectable()
export class ErpStore {
  seed = 1;
  rng = new SeededRandom(1);
  readonly tenants = new Map<string, Tenant>();
  readonly faults = new Map<string, ErpFaults>();
  /** By `orderKey`. */
  readonly orders = new Map<string, ErpOrder>();
  readonly ordersByOId = new Map<number, ErpOrder>();
  readonly receipts = new Map<string, Receipt>();
  calls: ErpCallRecord[] = [];
  private nextOId = FIRST_O_ID;
  private nextShopId = 10_001;
  private nextWmsCoId = 20_001;
  private nextCoId = 9_001;
  private callSeq = 0;

  constructor() {
    this.reset(Number(process.env.SANDBOX_ERP_SEED ?? 1));
  }

  reset(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    for (const map of [this.tenants, this.faults, this.orders, this.ordersByOId, this.receipts]) map.clear();
    this.calls = [];
    this.nextOId = FIRST_O_ID;
    this.nextShopId = 10_001;
    this.nextWmsCoId = 20_001;
    this.nextCoId = 9_001;
    this.callSeq = 0;
  }

  now(): number {
    return Date.now();
  }

  createTenant(input: CreateTenantInput): Tenant {
    const now = this.now();
    const coId = this.nextCoId++;
    const shopIds = input.shopIds ?? Array.from({ length: input.shops ?? 1 }, () => this.nextShopId++);
    const tenant: Tenant = {
      appKey: this.rng.hex(32),
      appSecret: this.rng.hex(32),
      coId,
      accessToken: this.rng.hex(32),
      refreshToken: this.rng.hex(32),
      tokenExpired: false,
      shops: shopIds.map((shopId, i) => ({ shopId, name: `沙箱店铺${i + 1}` })),
      warehouses: Array.from({ length: input.warehouses ?? 1 }, (_, i) => ({
        wmsCoId: this.nextWmsCoId++,
        name: i === 0 ? '主仓' : `分仓${i}`,
      })),
      skus: new Map(),
      stock: new Map(),
      createdAt: now,
    };
    this.tenants.set(tenant.appKey, tenant);
    this.faults.set(tenant.appKey, new ErpFaults());
    const skuSpecs =
      input.skus ??
      Array.from({ length: input.skuCount ?? 3 }, (_, i) => ({
        skuId: `SKU-${coId}-${String(i + 1).padStart(3, '0')}`,
        name: SKU_NAMES[i % SKU_NAMES.length],
        qty: undefined,
      }));
    for (const spec of skuSpecs) {
      for (const warehouse of tenant.warehouses)
        this.setStock(tenant, spec.skuId, warehouse.wmsCoId, spec.qty ?? input.qty ?? 100, spec.name);
    }
    return tenant;
  }

  faultsOf(appKey: string): ErpFaults {
    let faults = this.faults.get(appKey);
    if (!faults) {
      faults = new ErpFaults();
      this.faults.set(appKey, faults);
    }
    return faults;
  }

  defaultWarehouse(tenant: Tenant): number {
    return tenant.warehouses[0].wmsCoId;
  }

  ensureSku(tenant: Tenant, skuId: string, name?: string): ErpSku {
    let sku = tenant.skus.get(skuId);
    if (!sku) {
      sku = { skuId, name: name ?? skuId };
      tenant.skus.set(skuId, sku);
    } else if (name) sku.name = name;
    return sku;
  }

  stockRow(tenant: Tenant, skuId: string, wmsCoId: number): StockRow {
    const key = stockKey(skuId, wmsCoId);
    let row = tenant.stock.get(key);
    if (!row) {
      row = { skuId, wmsCoId, qty: 0, orderLock: 0, modified: this.now() };
      tenant.stock.set(key, row);
    }
    return row;
  }

  setStock(tenant: Tenant, skuId: string, wmsCoId: number, qty: number, name?: string): StockRow {
    this.ensureSku(tenant, skuId, name);
    const row = this.stockRow(tenant, skuId, wmsCoId);
    row.qty = qty;
    row.modified = this.now();
    return row;
  }

  /** Moves a row's on-hand and locked quantities together, as one change. */
  adjustStock(tenant: Tenant, skuId: string, wmsCoId: number, qtyDelta: number, lockDelta: number): void {
    if (qtyDelta === 0 && lockDelta === 0) return;
    const row = this.stockRow(tenant, skuId, wmsCoId);
    row.qty += qtyDelta;
    row.orderLock = Math.max(0, row.orderLock + lockDelta);
    row.modified = this.now();
  }

  issueOId(): number {
    return this.nextOId++;
  }

  addOrder(order: ErpOrder): void {
    this.orders.set(orderKey(order.appKey, order.shopId, order.soId), order);
    this.ordersByOId.set(order.oId, order);
  }

  ordersOf(appKey: string): ErpOrder[] {
    return [...this.orders.values()].filter((order) => order.appKey === appKey);
  }

  logCall(record: Omit<ErpCallRecord, 'seq'>): void {
    this.callSeq += 1;
    this.calls.push({ seq: this.callSeq, ...record });
    if (this.calls.length > CALL_LOG_LIMIT) this.calls.splice(0, this.calls.length - CALL_LOG_LIMIT);
  }
}
