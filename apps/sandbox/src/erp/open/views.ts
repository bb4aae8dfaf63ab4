import { ErpOrder, StockRow, Tenant } from '../state/model';
import { formatErpTime } from '../wire/gmt8';

/** How the open API renders the sandbox's records (snake_case, GMT+8 times, as Jushuitan). */

export function orderView(order: ErpOrder): Record<string, unknown> {
  const shipment = order.shipment;
  return {
    o_id: order.oId,
    so_id: order.soId,
    shop_id: order.shopId,
    status: order.status,
    shop_status: order.shopStatus,
    order_date: order.orderDate,
    modified: formatErpTime(order.modified),
    pay_amount: order.payAmount,
    freight: order.freight,
    receiver_name: order.receiverName,
    wms_co_id: order.wmsCoId,
    l_id: shipment?.lId ?? null,
    lc_id: shipment?.lcId ?? null,
    logistics_company: shipment?.logisticsCompany ?? null,
    send_date: shipment ? formatErpTime(shipment.sentAt) : null,
    items: order.lines.map((line) => ({
      sku_id: line.skuId,
      outer_oi_id: line.outerOiId,
      name: line.name,
      qty: line.qty,
      price: line.price,
      amount: line.amount,
    })),
  };
}

export function shipmentView(order: ErpOrder): Record<string, unknown> {
  const shipment = order.shipment!;
  return {
    o_id: order.oId,
    so_id: order.soId,
    shop_id: order.shopId,
    status: order.status,
    wms_co_id: shipment.wmsCoId,
    l_id: shipment.lId,
    lc_id: shipment.lcId,
    logistics_company: shipment.logisticsCompany,
    send_date: formatErpTime(shipment.sentAt),
    modified: formatErpTime(order.modified),
    items: order.lines.map((line) => ({
      sku_id: line.skuId,
      outer_oi_id: line.outerOiId,
      name: line.name,
      qty: line.qty,
    })),
  };
}

export function inventoryView(tenant: Tenant, row: StockRow): Record<string, unknown> {
  return {
    sku_id: row.skuId,
    name: tenant.skus.get(row.skuId)?.name ?? row.skuId,
    wms_co_id: row.wmsCoId,
    qty: row.qty,
    order_lock: row.orderLock,
    virtual_qty: 0,
    modified: formatErpTime(row.modified),
  };
}
