import { Injectable } from '@nestjs/common';
import { OrderBook, OrderResult } from '../orders/book';
import { ERP_STATUSES, ErpOrder, ErpStatus, Tenant } from '../state/model';
import { ErpStore, orderKey } from '../state/store';
import { erpErrors } from '../wire/errors';
import {
  bizObject,
  inWindow,
  optionalInt,
  optionalList,
  optionalString,
  optionalWindow,
  page,
  paging,
} from './biz';
import { Endpoint, EndpointCall, EndpointGroup, EndpointResult } from './endpoint';
import { isRefusal, readUploadedOrder } from './upload-input';
import { orderView } from './views';

const MAX_BATCH = 50;

/** Order upload (upsert by shop_id + so_id), cancel by o_id, and the order query. */
@Injectable()
export class OrderEndpoints implements EndpointGroup {
  constructor(
    private readonly store: ErpStore,
    private readonly book: OrderBook,
  ) {}

  endpoints(): Endpoint[] {
    return [
      { path: '/open/jushuitan/orders/upload', kind: 'open', handle: (call) => this.upload(call) },
      { path: '/open/jushuitan/orderbyoid/cancel', kind: 'open', handle: (call) => this.cancel(call) },
      { path: '/open/orders/single/query', kind: 'open', handle: (call) => this.query(call) },
    ];
  }

  private upload({ tenant, biz }: EndpointCall): EndpointResult {
    if (!Array.isArray(biz) || biz.length === 0) throw erpErrors.biz('biz应为订单数组');
    if (biz.length > MAX_BATCH) throw erpErrors.biz(`单次最多上传${MAX_BATCH}个订单`);
    const faults = this.store.faultsOf(tenant.appKey);
    const datas = biz.map((raw: unknown) => {
      const input = readUploadedOrder(raw, tenant);
      const soId = isRefusal(input) ? soIdOf(raw) : input.soId;
      let result: OrderResult;
      if (isRefusal(input)) result = { issuccess: false, msg: input.msg, rejectCode: input.rejectCode };
      else {
        const reason = faults.rejection(
          input.soId,
          input.lines.map((line) => line.skuId),
        );
        result = reason
          ? { issuccess: false, msg: reason, rejectCode: 'rejected' }
          : this.book.upsert(tenant, input);
      }
      this.recordReceipt(tenant, raw, result);
      return {
        so_id: soId,
        o_id: result.oId ?? null,
        issuccess: result.issuccess,
        msg: result.msg,
        reject_code: result.rejectCode,
      };
    });
    const withhold = faults.timeoutAfterStore(datas.map((entry) => entry.so_id));
    return { data: { datas }, withhold };
  }

  private cancel({ tenant, biz }: EndpointCall): EndpointResult {
    const input = bizObject(biz);
    const oIds = input.o_ids;
    if (!Array.isArray(oIds) || oIds.length === 0 || oIds.length > MAX_BATCH) throw erpErrors.biz('o_ids');
    if (oIds.some((id) => typeof id !== 'number' || !Number.isInteger(id))) throw erpErrors.biz('o_ids');
    if (optionalString(input, 'cancel_type', 100) === undefined) throw erpErrors.biz('cancel_type');
    optionalString(input, 'remark', 500);
    const datas = (oIds as number[]).map((oId) => {
      const order = this.store.ordersByOId.get(oId);
      if (!order || order.appKey !== tenant.appKey)
        return { o_id: oId, issuccess: false, msg: `订单[${oId}]不存在`, reject_code: 'not_found' };
      const result = this.book.cancel(tenant, order);
      return { o_id: oId, issuccess: result.issuccess, msg: result.msg, reject_code: result.rejectCode };
    });
    return { data: { datas } };
  }

  private query({ tenant, biz }: EndpointCall): EndpointResult {
    const input = bizObject(biz);
    const window = optionalWindow(input);
    const soIds = optionalList(input, 'so_ids', MAX_BATCH);
    if (!window && !soIds) throw erpErrors.biz('modified_begin/modified_end或so_ids必填');
    const shopId = optionalInt(input, 'shop_id', 0, Number.MAX_SAFE_INTEGER);
    const status = optionalString(input, 'status', 20);
    if (status !== undefined && !ERP_STATUSES.includes(status as ErpStatus)) throw erpErrors.biz('status');
    const matches = this.store
      .ordersOf(tenant.appKey)
      .filter(
        (order) =>
          inWindow(order.modified, window) &&
          (!soIds || soIds.includes(order.soId)) &&
          (shopId === undefined || order.shopId === shopId) &&
          (status === undefined || order.status === status),
      )
      .sort(byModified);
    const { rows, ...meta } = page(matches, paging(input));
    return { data: { ...meta, orders: rows.map(orderView) } };
  }

  private recordReceipt(tenant: Tenant, raw: unknown, result: OrderResult): void {
    const shopId = (raw as { shop_id?: unknown } | null)?.shop_id;
    const soId = soIdOf(raw);
    if (typeof shopId !== 'number' || !soId) return;
    const key = orderKey(tenant.appKey, shopId, soId);
    const now = this.store.now();
    const receipt = this.store.receipts.get(key) ?? {
      appKey: tenant.appKey,
      shopId,
      soId,
      uploadCalls: 0,
      firstAt: now,
      lastAt: now,
      lastResult: { issuccess: false, msg: '' },
    };
    receipt.uploadCalls += 1;
    receipt.lastAt = now;
    receipt.oId = result.oId ?? receipt.oId;
    receipt.lastResult = { issuccess: result.issuccess, msg: result.msg, rejectCode: result.rejectCode };
    this.store.receipts.set(key, receipt);
  }
}

function soIdOf(raw: unknown): string {
  const soId = (raw as { so_id?: unknown } | null)?.so_id;
  return typeof soId === 'string' ? soId : '';
}

export function byModified(a: ErpOrder, b: ErpOrder): number {
  return a.modified - b.modified || a.oId - b.oId;
}
