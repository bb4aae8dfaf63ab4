import { Injectable } from '@nestjs/common';
import { StockRow } from '../state/model';
import { ErpStore } from '../state/store';
import { erpErrors } from '../wire/errors';
import { bizObject, inWindow, optionalInt, optionalList, optionalWindow, page, paging } from './biz';
import { Endpoint, EndpointCall, EndpointGroup, EndpointResult } from './endpoint';
import { byModified } from './order-endpoints';
import { inventoryView, shipmentView } from './views';

/** Stock per SKU per warehouse, and the shipments (l_id and company per so_id) for the merchant to poll. */
@Injectable()
export class QueryEndpoints implements EndpointGroup {
  constructor(private readonly store: ErpStore) {}

  endpoints(): Endpoint[] {
    return [
      { path: '/open/inventory/query', kind: 'open', handle: (call) => this.inventory(call) },
      { path: '/open/logistic/query', kind: 'open', handle: (call) => this.logistics(call) },
    ];
  }

  private inventory({ tenant, biz }: EndpointCall): EndpointResult {
    const input = bizObject(biz);
    const window = optionalWindow(input);
    const skuIds = optionalList(input, 'sku_ids', 100);
    const wmsCoId = optionalInt(input, 'wms_co_id', 0, Number.MAX_SAFE_INTEGER);
    const rows = [...tenant.stock.values()]
      .filter(
        (row) =>
          inWindow(row.modified, window) &&
          (!skuIds || skuIds.includes(row.skuId)) &&
          (wmsCoId === undefined || row.wmsCoId === wmsCoId),
      )
      .sort(byStockOrder);
    const { rows: slice, ...meta } = page(rows, paging(input));
    return { data: { ...meta, inventorys: slice.map((row) => inventoryView(tenant, row)) } };
  }

  private logistics({ tenant, biz }: EndpointCall): EndpointResult {
    const input = bizObject(biz);
    const window = optionalWindow(input);
    const soIds = optionalList(input, 'so_ids', 50);
    if (!window && !soIds) throw erpErrors.biz('modified_begin/modified_end或so_ids必填');
    const shopId = optionalInt(input, 'shop_id', 0, Number.MAX_SAFE_INTEGER);
    const shipped = this.store
      .ordersOf(tenant.appKey)
      .filter(
        (order) =>
          order.shipment !== undefined &&
          inWindow(order.modified, window) &&
          (!soIds || soIds.includes(order.soId)) &&
          (shopId === undefined || order.shopId === shopId),
      )
      .sort(byModified);
    const { rows, ...meta } = page(shipped, paging(input));
    return { data: { ...meta, orders: rows.map(shipmentView) } };
  }
}

function byStockOrder(a: StockRow, b: StockRow): number {
  if (a.modified !== b.modified) return a.modified - b.modified;
  if (a.skuId !== b.skuId) return a.skuId < b.skuId ? -1 : 1;
  return a.wmsCoId - b.wmsCoId;
}
