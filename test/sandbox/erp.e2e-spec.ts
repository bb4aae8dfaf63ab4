import { createHash } from 'node:crypto';
import {
  CANCEL,
  createTenant,
  erpCall,
  erpOrder,
  erpParams,
  ErpTenant,
  gmt8,
  INVENTORY_QUERY,
  jushuitanSign,
  LOGISTIC_QUERY,
  ORDERS_QUERY,
  Sandbox,
  startSandbox,
  UPLOAD,
  UploadResult,
} from './erp-client';

interface Page {
  page_index: number;
  page_count: number;
  data_count: number;
  has_next: boolean;
}
type Rows<K extends string, T> = Page & Record<K, T[]>;
type OrderRow = { o_id: number; so_id: string; status: string; l_id: string | null };
type StockRow = { sku_id: string; wms_co_id: number; qty: number; order_lock: number };

describe('sandbox ERP (Jushuitan-style §5.1): signing, orders, stock, shipments, switches', () => {
  let sandbox: Sandbox;
  let tenant: ErpTenant;
  let seq = 0;
  const soId = () => `TD-E-${String(++seq).padStart(4, '0')}`;
  const control = (path: string) => `/_sandbox/erp/tenants/${tenant.appKey}${path}`;
  const switches = (body: object) => sandbox.http.put(control('/misbehaviour')).send(body).expect(200);
  const upload = (orders: object[], timeoutMs?: number) =>
    erpCall<UploadResult>(sandbox, tenant, UPLOAD, orders, { timeoutMs });
  const stockOf = async (skuId: string) => {
    const res = await erpCall<Rows<'inventorys', StockRow>>(sandbox, tenant, INVENTORY_QUERY, {
      sku_ids: skuId,
    });
    return res.data!.inventorys[0];
  };

  beforeAll(async () => {
    sandbox = await startSandbox();
    tenant = await createTenant(sandbox.http, { skuCount: 4, qty: 50 });
  });
  beforeEach(async () => {
    await switches({});
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('signs md5(secret + sorted name+value) in lower hex, as the wire contract vector says', () => {
    const params = {
      app_key: 'ak',
      access_token: 'tk',
      timestamp: '1700000000',
      charset: 'utf-8',
      version: '2',
      biz: '{}',
    };
    // Spelled out by hand from §5.1 so that a sorting slip in the helper shows.
    const base = 's3cretaccess_tokentkapp_keyakbiz{}charsetutf-8timestamp1700000000version2';
    const expected = createHash('md5').update(base).digest('hex');
    expect(jushuitanSign(params, 's3cret')).toBe(expected);
  });

  it('refuses bad signatures, unknown apps, stale timestamps, missing params and wrong tokens', async () => {
    const ok = await erpCall(sandbox, tenant, INVENTORY_QUERY, {});
    expect(ok.code).toBe(0);
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {}, { secret: 'wrong-secret' })).code).toBe(100);
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {}, { sign: 'ABC' })).code).toBe(100);
    const stranger = { ...tenant, appKey: 'f'.repeat(32) };
    expect((await erpCall(sandbox, stranger, INVENTORY_QUERY, {})).code).toBe(101);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {}, { timestamp: stale })).code).toBe(103);
    const noVersion = await erpCall(sandbox, tenant, INVENTORY_QUERY, {}, { extra: { version: '' } });
    expect(noVersion).toMatchObject({ code: 104, msg: '公共参数错误: version' });
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {}, { accessToken: 'nope' })).code).toBe(102);
    // The signature covers biz: changing it after signing is caught.
    const params = erpParams(tenant, { page_size: 1 });
    params.biz = JSON.stringify({ page_size: 2 });
    const tampered = await sandbox.http.post(INVENTORY_QUERY).type('form').send(params).expect(200);
    expect(tampered.body.code).toBe(100);
    const unknown = await sandbox.http.post('/open/no/such/api').type('form').send(erpParams(tenant, {}));
    expect(unknown.status).toBe(404);
    const calls = await sandbox.http.get(`/_sandbox/erp/calls?appKey=${tenant.appKey}&outcome=bad-sign`);
    expect(calls.body.total).toBeGreaterThanOrEqual(3);
  });

  it('an expired token answers 102 until refreshed; refresh rotates the pair', async () => {
    const other = await createTenant(sandbox.http);
    await sandbox.http.post(`/_sandbox/erp/tenants/${other.appKey}/expire-token`).expect(200);
    expect((await erpCall(sandbox, other, INVENTORY_QUERY, {})).code).toBe(102);
    const authParams = (extra: Record<string, string>) => {
      const params: Record<string, string> = {
        app_key: other.appKey,
        timestamp: String(Math.floor(Date.now() / 1000)),
        charset: 'utf-8',
        ...extra,
      };
      params.sign = jushuitanSign(params, other.appSecret);
      return params;
    };
    const wrong = await sandbox.http
      .post('/openWeb/auth/refreshToken')
      .type('form')
      .send(authParams({ grant_type: 'refresh_token', refresh_token: 'x', scope: 'all' }));
    expect(wrong.body.code).toBe(105);
    const res = await sandbox.http
      .post('/openWeb/auth/refreshToken')
      .type('form')
      .send(authParams({ grant_type: 'refresh_token', refresh_token: other.refreshToken, scope: 'all' }))
      .expect(200);
    expect(res.body.code).toBe(0);
    const fresh = res.body.data as { access_token: string; refresh_token: string; expires_in: number };
    expect(fresh.access_token).not.toBe(other.accessToken);
    expect((await erpCall(sandbox, other, INVENTORY_QUERY, {})).code).toBe(102);
    expect(
      (await erpCall(sandbox, { ...other, accessToken: fresh.access_token }, INVENTORY_QUERY, {})).code,
    ).toBe(0);
    const init = await sandbox.http
      .post('/openWeb/auth/getInitToken')
      .type('form')
      .send(authParams({ grant_type: 'authorization_code', code: 'aB3dE9' }));
    expect(init.body.data.access_token).toBe(fresh.access_token);
  });

  it('uploads orders with per-order results: o_id, unknown SKU/shop, invalid, control reject rule', async () => {
    const [good, badSku, badShop, invalid, ruled] = [soId(), soId(), soId(), soId(), soId()];
    await switches({ rejectOrders: [{ soId: ruled, reason: '黑名单买家' }] });
    const res = await upload([
      erpOrder(tenant, good),
      erpOrder(tenant, badSku, [{ skuId: 'NOPE-1', qty: 1 }]),
      erpOrder(tenant, badShop, undefined, { shop_id: 1 }),
      erpOrder(tenant, invalid, undefined, { order_date: '2024/01/01' }),
      erpOrder(tenant, ruled),
    ]);
    expect(res.code).toBe(0);
    const [a, b, c, d, e] = res.data!.datas;
    expect(a).toMatchObject({ so_id: good, issuccess: true });
    expect(a.o_id).toBeGreaterThan(10_000_000);
    expect(b).toMatchObject({ so_id: badSku, issuccess: false, o_id: null, reject_code: 'unknown_sku' });
    expect(b.msg).toContain('NOPE-1');
    expect(c).toMatchObject({ issuccess: false, reject_code: 'unknown_shop' });
    expect(d).toMatchObject({
      issuccess: false,
      reject_code: 'invalid_order',
      msg: '订单数据错误: order_date',
    });
    expect(e).toMatchObject({ issuccess: false, reject_code: 'rejected', msg: '黑名单买家' });
    expect((await upload([])).code).toBe(160);
    expect((await upload(Array.from({ length: 51 }, () => erpOrder(tenant, soId())))).code).toBe(160);
  });

  it('is idempotent by (shop_id, so_id): a re-upload returns the same o_id; stock locks and unlocks', async () => {
    const sku = tenant.skus[1].skuId;
    const before = await stockOf(sku);
    const id = soId();
    const first = await upload([erpOrder(tenant, id, [{ skuId: sku, qty: 2 }])]);
    const again = await upload([erpOrder(tenant, id, [{ skuId: sku, qty: 3 }])]);
    expect(again.data!.datas[0].o_id).toBe(first.data!.datas[0].o_id);
    expect(await stockOf(sku)).toMatchObject({ qty: before.qty, order_lock: before.order_lock + 3 });
    const oId = first.data!.datas[0].o_id!;
    const cancel = await erpCall<UploadResult>(sandbox, tenant, CANCEL, {
      o_ids: [oId, 1],
      cancel_type: '用户取消',
    });
    expect(cancel.data!.datas).toMatchObject([
      { o_id: oId, issuccess: true },
      { o_id: 1, issuccess: false, reject_code: 'not_found' },
    ]);
    expect(
      (await erpCall<UploadResult>(sandbox, tenant, CANCEL, { o_ids: [oId], cancel_type: 'x' })).data!
        .datas[0],
    ).toMatchObject({ issuccess: true });
    expect(await stockOf(sku)).toMatchObject({ order_lock: before.order_lock });
    const received = await sandbox.http.get(control('/orders')).expect(200);
    const entry = (received.body.orders as Array<{ soId: string; uploadCalls: number; status: string }>).find(
      (o) => o.soId === id,
    );
    expect(entry).toMatchObject({ uploadCalls: 2, status: 'Cancelled' });
  });

  it('timeout-after-store (hold): the order is stored, the client times out, the retry gets the same o_id', async () => {
    const id = soId();
    await switches({ timeoutAfterStore: { soIds: [id], holdMs: 1500, mode: 'hold' } });
    await expect(upload([erpOrder(tenant, id)], 300)).rejects.toThrow(/timeout/i);
    const stored = await erpCall<Rows<'orders', OrderRow>>(sandbox, tenant, ORDERS_QUERY, { so_ids: [id] });
    expect(stored.data!.orders).toHaveLength(1);
    const retry = await upload([erpOrder(tenant, id)]);
    expect(retry.data!.datas[0]).toMatchObject({ issuccess: true, o_id: stored.data!.orders[0].o_id });
    const received = await sandbox.http.get(control('/orders')).expect(200);
    expect((received.body.orders as Array<{ soId: string }>).find((o) => o.soId === id)).toMatchObject({
      uploadCalls: 2,
    });
  });

  it('timeout-after-store (drop): the connection is cut after the store', async () => {
    const id = soId();
    await switches({ timeoutAfterStore: { soIds: [id], mode: 'drop' } });
    await expect(upload([erpOrder(tenant, id)])).rejects.toThrow(/socket hang up|ECONNRESET/);
    const retry = await upload([erpOrder(tenant, id)]);
    const stored = await erpCall<Rows<'orders', OrderRow>>(sandbox, tenant, ORDERS_QUERY, { so_ids: [id] });
    expect(retry.data!.datas[0].o_id).toBe(stored.data!.orders[0].o_id);
  });

  it('throttles per second with 199 (or 200), counting only accepted calls, and sustains 50/s', async () => {
    await switches({ throttle: { perSecond: 5 } });
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => erpCall(sandbox, tenant, INVENTORY_QUERY, {})),
    );
    expect(burst.filter((r) => r.code === 0)).toHaveLength(5);
    expect(burst.filter((r) => r.code === 199)).toHaveLength(3);
    expect(burst.find((r) => r.code === 199)?.msg).toBe('接口调用太频繁,请稍后再试');
    await new Promise((resolve) => setTimeout(resolve, 1050));
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {})).code).toBe(0);
    await switches({ throttle: { perSecond: 1, code: 200 } });
    await erpCall(sandbox, tenant, INVENTORY_QUERY, {});
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {})).code).toBe(200);

    await switches({ throttle: { perSecond: 50 } });
    const fifty = await Promise.all(Array.from({ length: 60 }, () => upload([erpOrder(tenant, soId())])));
    expect(fifty.filter((r) => r.code === 0)).toHaveLength(50);
    expect(fifty.filter((r) => r.code === 199)).toHaveLength(10);
  });

  it('pages orders by modified window with has_next; refuses windows over 7 days', async () => {
    const other = await createTenant(sandbox.http);
    const ids = Array.from({ length: 7 }, () => soId());
    await erpCall(
      sandbox,
      other,
      UPLOAD,
      ids.map((id) => erpOrder(other, id)),
    );
    const window = { modified_begin: gmt8(Date.now() - 60_000), modified_end: gmt8(Date.now() + 60_000) };
    const seen: string[] = [];
    const flags: boolean[] = [];
    for (let page = 1; page <= 3; page += 1) {
      const res = await erpCall<Rows<'orders', OrderRow>>(sandbox, other, ORDERS_QUERY, {
        ...window,
        page_index: page,
        page_size: 3,
      });
      expect(res.data).toMatchObject({ data_count: 7, page_count: 3, page_index: page });
      seen.push(...res.data!.orders.map((o) => o.so_id));
      flags.push(res.data!.has_next);
    }
    expect(flags).toEqual([true, true, false]);
    expect(seen.sort()).toEqual([...ids].sort());
    const wide = await erpCall(sandbox, other, ORDERS_QUERY, {
      modified_begin: gmt8(Date.now() - 8 * 86_400_000),
      modified_end: gmt8(Date.now()),
    });
    expect(wide.code).toBe(160);
    expect((await erpCall(sandbox, other, ORDERS_QUERY, {})).code).toBe(160);
    const stock = await erpCall<Rows<'inventorys', StockRow>>(sandbox, other, INVENTORY_QUERY, {
      page_size: 2,
    });
    expect(stock.data).toMatchObject({ data_count: 3, has_next: true });
  });

  it('ships from the control API; the logistic query reports l_id, company and items; stock is deducted', async () => {
    const sku = tenant.skus[2].skuId;
    const before = await stockOf(sku);
    const id = soId();
    const uploaded = await upload([erpOrder(tenant, id, [{ skuId: sku, qty: 4 }])]);
    const shipped = await sandbox.http
      .post(control('/shipments'))
      .send({ shopId: tenant.shops[0].shopId, soId: id, lcId: 'SF' })
      .expect(201);
    expect(shipped.body).toMatchObject({ soId: id, lcId: 'SF', logisticsCompany: '顺丰速运' });
    expect(shipped.body.lId).toMatch(/^SF\d{12}$/);
    await sandbox.http
      .post(control('/shipments'))
      .send({ shopId: tenant.shops[0].shopId, soId: id })
      .expect(409);
    const res = await erpCall<Rows<'orders', Record<string, unknown>>>(sandbox, tenant, LOGISTIC_QUERY, {
      so_ids: [id],
    });
    expect(res.data!.orders).toEqual([
      expect.objectContaining({
        o_id: uploaded.data!.datas[0].o_id,
        so_id: id,
        l_id: shipped.body.lId,
        lc_id: 'SF',
        logistics_company: '顺丰速运',
        items: [expect.objectContaining({ sku_id: sku, qty: 4 })],
      }),
    ]);
    const byWindow = await erpCall<Rows<'orders', { so_id: string }>>(sandbox, tenant, LOGISTIC_QUERY, {
      modified_begin: gmt8(Date.now() - 5000),
      modified_end: gmt8(Date.now() + 1000),
    });
    expect(byWindow.data!.orders.map((o) => o.so_id)).toContain(id);
    expect(await stockOf(sku)).toMatchObject({ qty: before.qty - 4, order_lock: before.order_lock });
    const cancel = await erpCall<UploadResult>(sandbox, tenant, CANCEL, {
      o_ids: [uploaded.data!.datas[0].o_id],
      cancel_type: '买家取消',
    });
    expect(cancel.data!.datas[0]).toMatchObject({ issuccess: false, reject_code: 'already_sent' });
    await sandbox.http
      .put(control('/stock'))
      .send({ items: [{ skuId: sku, qty: 7 }] })
      .expect(200);
    expect(await stockOf(sku)).toMatchObject({ qty: 7 });
  });

  it('server errors (HTML 5xx) and unknown errors (code 500) hit n of every m calls', async () => {
    await switches({ serverError: { n: 1, m: 2, status: 503 } });
    const first = await sandbox.http.post(INVENTORY_QUERY).type('form').send(erpParams(tenant, {}));
    const second = await sandbox.http.post(INVENTORY_QUERY).type('form').send(erpParams(tenant, {}));
    expect([first.status, second.status]).toEqual([200, 503]);
    expect(second.text).toContain('503');
    await switches({ unknownError: { n: 1, m: 1 } });
    expect((await erpCall(sandbox, tenant, INVENTORY_QUERY, {})).code).toBe(500);
  });
});
