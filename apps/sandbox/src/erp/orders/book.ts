import { Injectable } from '@nestjs/common';
import { ErpOrder, OrderContent, OrderLine, Shipment, Tenant } from '../state/model';
import { ErpStore, orderKey } from '../state/store';
import { companyName, trackingNumberPrefix } from './companies';

export interface UploadedOrder extends OrderContent {
  shopId: number;
  soId: string;
}

export interface OrderResult {
  issuccess: boolean;
  msg: string;
  oId?: number;
  rejectCode?: string;
}

export class ShipRefused extends Error {}

/** The ERP's order book: upsert by (shop_id, so_id), cancel, ship, and the stock each of them moves. */
@Injectable()
export class OrderBook {
  constructor(private readonly store: ErpStore) {}

  /** Stores or updates one uploaded order (already validated against the tenant) and records the receipt. */
  upsert(tenant: Tenant, input: UploadedOrder): OrderResult {
    const existing = this.store.orders.get(orderKey(tenant.appKey, input.shopId, input.soId));
    if (!existing) return this.create(tenant, input);
    if (existing.status !== 'WaitConfirm') return { issuccess: true, msg: '', oId: existing.oId };
    if (input.shopStatus === 'TRADE_CLOSED') {
      this.cancel(tenant, existing);
      return { issuccess: true, msg: '', oId: existing.oId };
    }
    if (contentDiffers(existing, input)) {
      this.lock(tenant, existing.lines, existing.wmsCoId, -1);
      Object.assign(existing, contentOf(input));
      this.lock(tenant, existing.lines, existing.wmsCoId, 1);
      existing.modified = this.store.now();
    }
    return { issuccess: true, msg: '', oId: existing.oId };
  }

  private create(tenant: Tenant, input: UploadedOrder): OrderResult {
    const order: ErpOrder = {
      ...contentOf(input),
      oId: this.store.issueOId(),
      appKey: tenant.appKey,
      shopId: input.shopId,
      soId: input.soId,
      status: 'WaitConfirm',
      wmsCoId: this.store.defaultWarehouse(tenant),
      modified: this.store.now(),
    };
    this.store.addOrder(order);
    if (input.shopStatus === 'TRADE_CLOSED') this.markCancelled(order);
    else this.lock(tenant, order.lines, order.wmsCoId, 1);
    return { issuccess: true, msg: '', oId: order.oId };
  }

  /** Idempotent: cancelling a cancelled order succeeds; a sent one cannot be cancelled. */
  cancel(tenant: Tenant, order: ErpOrder): OrderResult {
    if (order.status === 'Sent')
      return { issuccess: false, msg: '订单已发货,不能取消', oId: order.oId, rejectCode: 'already_sent' };
    if (order.status === 'WaitConfirm') {
      this.lock(tenant, order.lines, order.wmsCoId, -1);
      this.markCancelled(order);
    }
    return { issuccess: true, msg: '', oId: order.oId };
  }

  ship(tenant: Tenant, order: ErpOrder, spec: { lcId?: string; lId?: string; wmsCoId?: number }): Shipment {
    if (order.status !== 'WaitConfirm') throw new ShipRefused(`order ${order.soId} is ${order.status}`);
    const lcId = spec.lcId ?? 'ZTO';
    const wmsCoId = spec.wmsCoId ?? order.wmsCoId;
    if (!tenant.warehouses.some((w) => w.wmsCoId === wmsCoId))
      throw new ShipRefused(`unknown warehouse ${wmsCoId}`);
    const now = this.store.now();
    this.lock(tenant, order.lines, order.wmsCoId, -1);
    for (const line of order.lines) this.store.adjustStock(tenant, line.skuId, wmsCoId, -line.qty, 0);
    order.shipment = {
      lId: spec.lId ?? `${trackingNumberPrefix(lcId)}${this.store.rng.digits(12)}`,
      lcId,
      logisticsCompany: companyName(lcId),
      wmsCoId,
      sentAt: now,
    };
    order.wmsCoId = wmsCoId;
    order.status = 'Sent';
    order.modified = now;
    return order.shipment;
  }

  private markCancelled(order: ErpOrder): void {
    order.status = 'Cancelled';
    order.cancelledAt = this.store.now();
    order.modified = order.cancelledAt;
  }

  private lock(tenant: Tenant, lines: OrderLine[], wmsCoId: number, sign: 1 | -1): void {
    for (const line of lines) this.store.adjustStock(tenant, line.skuId, wmsCoId, 0, sign * line.qty);
  }
}

function contentOf(input: OrderContent): OrderContent {
  return {
    orderDate: input.orderDate,
    shopStatus: input.shopStatus,
    payAmount: input.payAmount,
    freight: input.freight,
    receiverName: input.receiverName,
    lines: input.lines.map((line) => ({ ...line })),
  };
}

function contentDiffers(order: ErpOrder, input: UploadedOrder): boolean {
  return JSON.stringify(contentOf(order)) !== JSON.stringify(contentOf(input));
}
