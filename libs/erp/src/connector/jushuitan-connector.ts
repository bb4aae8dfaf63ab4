import {
  ErpCancel,
  ErpCancelOutcome,
  ErpConnector,
  ErpOrder,
  ErpPage,
  ErpShipment,
  ErpStockQuery,
  ErpStockRow,
  ErpUploadOutcome,
  ErpWindowQuery,
  MAX_UPLOAD_BATCH,
} from './erp-connector';
import { ErpError } from './erp-errors';
import {
  JushuitanCallOptions,
  JushuitanClient,
  JushuitanCredentials,
  isRecord,
  scalarText,
} from './jushuitan-client';
import {
  fromJushuitanShipment,
  fromJushuitanStock,
  toJushuitanOrder,
  windowParams,
} from './jushuitan-mapping';

export const JUSHUITAN_PATHS = {
  upload: '/open/jushuitan/orders/upload',
  cancel: '/open/jushuitan/orderbyoid/cancel',
  inventory: '/open/inventory/query',
  logistics: '/open/logistic/query',
} as const;

const PAGE_SIZE = 100;

/** The reference connector: a Jushuitan-style ERP (PROTOCOLS §5.1), one instance per merchant connection. */
export class JushuitanConnector implements ErpConnector {
  constructor(
    private readonly client: JushuitanClient,
    private readonly credentials: JushuitanCredentials,
    private readonly options: JushuitanCallOptions,
  ) {}

  /** One call per group of orders that fits the ERP's form-body limit (usually the whole batch). */
  async uploadOrders(batch: readonly ErpOrder[]): Promise<ErpUploadOutcome[]> {
    if (batch.length > MAX_UPLOAD_BATCH) throw new Error(`at most ${MAX_UPLOAD_BATCH} orders a call`);
    const outcomes: ErpUploadOutcome[] = [];
    for (const group of bySize(batch.map((order) => ({ order, wire: toJushuitanOrder(order) })))) {
      const data = await this.call(
        JUSHUITAN_PATHS.upload,
        group.map((g) => g.wire),
      );
      const results = Array.isArray(data.datas) ? data.datas.filter(isRecord) : [];
      group.forEach(({ order }, i) => {
        const result = results.find((r) => r.so_id === order.soId) ?? results[i];
        if (!result || result.so_id !== order.soId)
          throw new ErpError('retry', 'answer.incomplete', `no result for so_id ${order.soId}`);
        outcomes.push(
          result.issuccess === true && scalarText(result.o_id) !== ''
            ? { soId: order.soId, kind: 'stored', erpOrderId: scalarText(result.o_id) }
            : { soId: order.soId, kind: 'rejected', reason: reasonOf(result) },
        );
      });
    }
    return outcomes;
  }

  async cancelOrders(orders: readonly ErpCancel[]): Promise<ErpCancelOutcome[]> {
    if (orders.length === 0) return [];
    const data = await this.call(JUSHUITAN_PATHS.cancel, {
      o_ids: orders.map((o) => Number(o.erpOrderId)),
      cancel_type: 'seller_cancel',
      remark: orders[0].reason.slice(0, 200),
    });
    const results = Array.isArray(data.datas) ? data.datas.filter(isRecord) : [];
    return orders.map((order): ErpCancelOutcome => {
      const result = results.find((r) => scalarText(r.o_id) === order.erpOrderId);
      if (!result) throw new ErpError('retry', 'answer.incomplete', `no result for o_id ${order.erpOrderId}`);
      return result.issuccess === true
        ? { erpOrderId: order.erpOrderId, kind: 'cancelled' }
        : { erpOrderId: order.erpOrderId, kind: 'refused', reason: reasonOf(result) };
    });
  }

  async pullStock(query: ErpStockQuery): Promise<ErpPage<ErpStockRow>> {
    const data = await this.call(JUSHUITAN_PATHS.inventory, {
      page_index: query.page,
      page_size: query.pageSize ?? PAGE_SIZE,
      ...(query.erpWarehouseId ? { wms_co_id: Number(query.erpWarehouseId) } : {}),
      ...(query.skuCodes?.length ? { sku_ids: query.skuCodes.join(',') } : {}),
      ...windowParams(query.modifiedFrom, query.modifiedTo),
    });
    const rows = Array.isArray(data.inventorys) ? data.inventorys : [];
    return {
      items: rows.map(fromJushuitanStock).filter((r): r is ErpStockRow => r !== null),
      hasNext: data.has_next === true,
    };
  }

  async pullShipments(query: ErpWindowQuery & { erpShopId?: string | null }): Promise<ErpPage<ErpShipment>> {
    const data = await this.call(JUSHUITAN_PATHS.logistics, {
      page_index: query.page,
      page_size: query.pageSize ?? PAGE_SIZE,
      ...(query.erpShopId ? { shop_id: Number(query.erpShopId) } : {}),
      ...windowParams(query.modifiedFrom, query.modifiedTo),
    });
    const rows = Array.isArray(data.orders) ? data.orders : [];
    return {
      items: rows.map(fromJushuitanShipment).filter((r): r is ErpShipment => r !== null),
      hasNext: data.has_next === true,
    };
  }

  async ping(): Promise<void> {
    await this.call(JUSHUITAN_PATHS.inventory, { page_index: 1, page_size: 1 });
  }

  private call(path: string, biz: unknown): Promise<Record<string, unknown>> {
    return this.client.call(this.credentials, path, biz, this.options);
  }
}

/** Form bodies are capped (the sandbox: 100 kB, as Jushuitan's gateway); stay well under, url-encoded. */
const MAX_BIZ_BYTES = 60_000;

function bySize<T extends { wire: unknown }>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = encodeURIComponent(JSON.stringify(item.wire)).length + 3;
    if (current.length > 0 && size + bytes > MAX_BIZ_BYTES) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function reasonOf(result: Record<string, unknown>): string {
  const msg = typeof result.msg === 'string' && result.msg ? result.msg : 'refused by the ERP';
  return typeof result.reject_code === 'string' ? `${msg} (${result.reject_code})` : msg;
}
