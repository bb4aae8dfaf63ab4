import { DomainError, newId } from '@tongdao/kernel';
import { InventoryHarness, createSku, merchantContext, startInventoryApp } from './inventory-support';

/** Many buyers, few units: exactly the sellable quantity is reserved, the rest fail insufficient_stock. */
async function race(h: InventoryHarness, onHand: number, attempts: number): Promise<void> {
  const ctx = merchantContext();
  const sku = await createSku(h.t, ctx);
  await h.stock.adjust(ctx, { skuId: sku.id, delta: onHand, reason: 'receiving' });

  const outcomes = await Promise.all(
    Array.from({ length: attempts }, (_, i) =>
      h.stock
        .reserve(ctx, { skuId: sku.id, quantity: 1, reference: { type: 'order_line', id: `race-${i}` } })
        .then(() => 'reserved')
        .catch((error: unknown) => (error instanceof DomainError ? error.code : String(error))),
    ),
  );
  const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
  expect(tally).toEqual({ reserved: onHand, insufficient_stock: attempts - onHand });

  const stock = await h.queries.skuStock(ctx, sku.id);
  expect(stock.totals).toEqual({ onHand, reserved: onHand, sellable: 0 });
  const active = await h.t.dataSource.query(
    "SELECT COUNT(*) AS n FROM stock_reservations WHERE merchant_id = ? AND status = 'active'",
    [ctx.tenantId],
  );
  expect(Number((active as Array<{ n: unknown }>)[0].n)).toBe(onHand);
  expect(await h.stock.checkConsistency(ctx)).toMatchObject({ ok: true, mismatches: [] });
  // One more, after the storm, still fails.
  await expect(
    h.stock.reserve(ctx, { skuId: sku.id, quantity: 1, reference: { type: 'order_line', id: newId() } }),
  ).rejects.toMatchObject({ code: 'insufficient_stock' });
}

describe('no oversell under concurrency', () => {
  describe('MariaDB', () => {
    let h: InventoryHarness;
    beforeAll(async () => (h = await startInventoryApp()));
    afterAll(async () => h?.close());

    it('500 concurrent reservations of 1 against 100 sellable → exactly 100 succeed', async () => {
      await race(h, 100, 500);
    });
  });

  describe('SQLite', () => {
    let h: InventoryHarness;
    beforeAll(async () => (h = await startInventoryApp({ database: 'sqlite' })));
    afterAll(async () => h?.close());

    it('100 concurrent reservations of 1 against 20 sellable → exactly 20 succeed', async () => {
      await race(h, 20, 100);
    });
  });
});
