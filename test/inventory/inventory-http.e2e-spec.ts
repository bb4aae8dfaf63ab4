import { newId } from '@tongdao/kernel';
import { InventoryHarness, startInventoryApp } from './inventory-support';

/**
 * The HTTP surface: every inventory route is behind a token and documented. Staff-level flows (stock.read /
 * stock.adjust, audit) need identity's signup helpers (test/support/identity.ts); until those land, the
 * services behind these routes are exercised directly by the other inventory suites.
 */
describe('inventory HTTP routes', () => {
  let h: InventoryHarness;
  beforeAll(async () => (h = await startInventoryApp({ database: 'sqlite' })));
  afterAll(async () => h?.close());

  const sku = newId();
  const routes: Array<['get' | 'post' | 'delete', string]> = [
    ['get', `/admin/v1/skus/${sku}/stock`],
    ['post', `/admin/v1/skus/${sku}/stock/adjustments`],
    ['post', `/admin/v1/skus/${sku}/stock/safety-stock`],
    ['get', '/admin/v1/stock/ledger'],
    ['get', '/admin/v1/stock/consistency'],
    ['get', '/admin/v1/reservations'],
    ['get', `/admin/v1/reservations/${newId()}`],
    ['get', '/admin/v1/warehouses'],
    ['post', '/admin/v1/warehouses'],
    ['get', '/admin/v1/allocation-rules'],
    ['post', '/admin/v1/allocation-rules'],
    ['delete', `/admin/v1/allocation-rules/${newId()}`],
  ];

  it.each(routes)('%s %s needs a token', async (method, path) => {
    const res = await h.t.http[method](path).send({});
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('documents the routes and their bodies in OpenAPI', async () => {
    const res = await h.t.http.get('/docs-json');
    const doc = res.body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of [
      '/admin/v1/skus/{id}/stock',
      '/admin/v1/skus/{id}/stock/adjustments',
      '/admin/v1/stock/ledger',
      '/admin/v1/stock/consistency',
      '/admin/v1/reservations',
      '/admin/v1/warehouses',
      '/admin/v1/allocation-rules',
      '/admin/v1/allocation-rules/{id}',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.components.schemas.StockAdjustmentDto).toBeDefined();
    expect(doc.components.schemas.AllocationRuleDto).toBeDefined();
  });
});
