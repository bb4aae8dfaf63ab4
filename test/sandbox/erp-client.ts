import { createHash } from 'node:crypto';
import { Sandbox } from './taobao-client';

export { startSandbox } from './taobao-client';
export type { Sandbox } from './taobao-client';

/**
 * A test-side Jushuitan client written from PROTOCOLS §5.1 and /tmp/briefs/erp-wire.md, not from the sandbox's
 * code, so a signing bug in the sandbox cannot hide behind the same bug here.
 */
export interface ErpTenant {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  coId: number;
  shops: Array<{ shopId: number; name: string }>;
  warehouses: Array<{ wmsCoId: number; name: string }>;
  skus: Array<{ skuId: string; name: string }>;
}

export interface ErpEnvelope<T = Record<string, unknown>> {
  code: number;
  msg: string;
  data: T | null;
}

export async function createTenant(http: Sandbox['http'], body: object = {}): Promise<ErpTenant> {
  const res = await http.post('/_sandbox/erp/tenants').send(body).expect(201);
  return res.body as ErpTenant;
}

/** md5(secret + name1value1name2value2…) over every non-empty param but `sign`, names sorted; lower hex. */
export function jushuitanSign(params: Record<string, string>, appSecret: string): string {
  const text = Object.entries(params)
    .filter(([name, value]) => name !== 'sign' && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => `${name}${value}`)
    .join('');
  return createHash('md5')
    .update(appSecret + text)
    .digest('hex');
}

export interface ErpCallOptions {
  secret?: string;
  accessToken?: string;
  timestamp?: number;
  /** Replace or add common params before signing. */
  extra?: Record<string, string>;
  /** Overwrite the computed sign. */
  sign?: string;
  timeoutMs?: number;
}

export function erpParams(
  tenant: ErpTenant,
  biz: unknown,
  options: ErpCallOptions = {},
): Record<string, string> {
  const params: Record<string, string> = {
    app_key: tenant.appKey,
    access_token: options.accessToken ?? tenant.accessToken,
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
    charset: 'utf-8',
    version: '2',
    biz: JSON.stringify(biz),
    ...options.extra,
  };
  params.sign = options.sign ?? jushuitanSign(params, options.secret ?? tenant.appSecret);
  return params;
}

/** One signed form POST; resolves to the envelope (HTTP 200 expected). */
export async function erpCall<T = Record<string, unknown>>(
  sandbox: Sandbox,
  tenant: ErpTenant,
  path: string,
  biz: unknown,
  options: ErpCallOptions = {},
): Promise<ErpEnvelope<T>> {
  const req = sandbox.http
    .post(path)
    .type('form')
    .send(erpParams(tenant, biz, options));
  if (options.timeoutMs) void req.timeout(options.timeoutMs);
  const res = await req;
  expect(res.status).toBe(200);
  return res.body as ErpEnvelope<T>;
}

export interface UploadResult {
  datas: Array<{ so_id: string; o_id: number | null; issuccess: boolean; msg: string; reject_code?: string }>;
}

export function gmt8(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** A minimal valid upload order for the tenant's first shop. */
export function erpOrder(
  tenant: ErpTenant,
  soId: string,
  lines: Array<{ skuId: string; qty: number }> = [{ skuId: tenant.skus[0].skuId, qty: 1 }],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    shop_id: tenant.shops[0].shopId,
    so_id: soId,
    order_date: gmt8(Date.now()),
    shop_status: 'WAIT_SELLER_SEND_GOODS',
    shop_buyer_id: 'buyer-1',
    receiver_state: '浙江省',
    receiver_city: '杭州市',
    receiver_district: '西湖区',
    receiver_address: '文三路 1 号',
    receiver_name: '张三',
    receiver_mobile: '13800000000',
    pay_amount: 59,
    freight: 0,
    items: lines.map((line, i) => ({
      sku_id: line.skuId,
      shop_sku_id: line.skuId,
      outer_oi_id: `${soId}-${i + 1}`,
      name: '测试商品',
      qty: line.qty,
      base_price: 59,
      amount: 59 * line.qty,
    })),
    ...extra,
  };
}

export const UPLOAD = '/open/jushuitan/orders/upload';
export const CANCEL = '/open/jushuitan/orderbyoid/cancel';
export const ORDERS_QUERY = '/open/orders/single/query';
export const INVENTORY_QUERY = '/open/inventory/query';
export const LOGISTIC_QUERY = '/open/logistic/query';
