import { ErpOrder, Receipt, Shipment, Tenant } from '../state/model';
import { formatErpTime } from '../wire/gmt8';

/** Control API views: camelCase, GMT+8 times, nothing the open API would not also reveal plus the counters. */

export function tenantView(tenant: Tenant, withStock = false): Record<string, unknown> {
  return {
    appKey: tenant.appKey,
    appSecret: tenant.appSecret,
    accessToken: tenant.accessToken,
    refreshToken: tenant.refreshToken,
    tokenExpired: tenant.tokenExpired,
    coId: tenant.coId,
    shops: tenant.shops,
    warehouses: tenant.warehouses,
    skus: [...tenant.skus.values()],
    ...(withStock
      ? {
          stock: [...tenant.stock.values()].map((row) => ({
            ...row,
            sellable: row.qty - row.orderLock,
            modified: formatErpTime(row.modified),
          })),
        }
      : {}),
  };
}

export function shipmentControlView(order: ErpOrder, shipment: Shipment): Record<string, unknown> {
  return {
    oId: order.oId,
    shopId: order.shopId,
    soId: order.soId,
    lId: shipment.lId,
    lcId: shipment.lcId,
    logisticsCompany: shipment.logisticsCompany,
    wmsCoId: shipment.wmsCoId,
    sendDate: formatErpTime(shipment.sentAt),
  };
}

export function receivedView(receipt: Receipt, order: ErpOrder | undefined): Record<string, unknown> {
  return {
    shopId: receipt.shopId,
    soId: receipt.soId,
    oId: order?.oId ?? null,
    status: order?.status ?? null,
    shopStatus: order?.shopStatus ?? null,
    uploadCalls: receipt.uploadCalls,
    lastResult: receipt.lastResult,
    firstAt: formatErpTime(receipt.firstAt),
    lastAt: formatErpTime(receipt.lastAt),
    modified: order ? formatErpTime(order.modified) : null,
    lines: order?.lines ?? [],
    shipment: order?.shipment ? { ...order.shipment, sentAt: formatErpTime(order.shipment.sentAt) } : null,
  };
}
