import { DomainError } from '@tongdao/kernel';
import { InventoryHarness, createSku, merchantContext, startInventoryApp } from './inventory-support';

/** Concurrent single-line reserves on one level are group-committed; these prove the batches stay exact. */
describe('reservation group commit on MariaDB', () => {
  let h: InventoryHarness;
  beforeAll(async () => (h = await startInventoryApp()));
  afterAll(async () => h?.close());

  it('mixed quantities and repeated references: exact outcomes, one reservation per reference, ledger chained', async () => {
    const ctx = merchantContext();
    const sku = await createSku(h.t, ctx);
    await h.stock.adjust(ctx, { skuId: sku.id, delta: 100, reason: 'receiving' });

    // 150 callers: quantities 1-3, and every tenth reference asked for three times at once.
    const calls = Array.from({ length: 150 }, (_, i) => ({
      ref: i % 10 === 0 ? `dup-${i}` : `ref-${i}`,
      quantity: (i % 3) + 1,
      repeats: i % 10 === 0 ? 3 : 1,
    }));
    const attempts = calls.flatMap((c) =>
      Array.from({ length: c.repeats }, () =>
        h.stock
          .reserve(ctx, { skuId: sku.id, quantity: c.quantity, reference: { type: 'order_line', id: c.ref } })
          .then((r) => ({ ref: c.ref, id: r.id, quantity: r.quantity }))
          .catch((error: unknown) => ({
            ref: c.ref,
            error: error instanceof DomainError ? error.code : String(error),
          })),
      ),
    );
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((o) => 'error' in o && o.error !== 'insufficient_stock')).toEqual([]);
    // Repeats of one reference never hold stock twice: every success for a reference names the same reservation.
    const byRef = new Map<string, Set<string>>();
    for (const o of outcomes) if ('id' in o) byRef.set(o.ref, (byRef.get(o.ref) ?? new Set()).add(o.id));
    for (const ids of byRef.values()) expect(ids.size).toBe(1);

    const reservedUnits = [...byRef.keys()].reduce(
      (sum, ref) => sum + calls.find((c) => c.ref === ref)!.quantity,
      0,
    );
    const stock = await h.queries.skuStock(ctx, sku.id);
    expect(stock.totals.reserved).toBe(reservedUnits);
    expect(stock.totals.reserved).toBeLessThanOrEqual(100);
    // Only units that no remaining caller could use are left over (the smallest request is 1).
    expect(stock.totals.sellable).toBe(100 - reservedUnits);

    const rows = await h.t.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT reserved_before, reserved_after, reserved_delta FROM stock_ledger WHERE merchant_id = ? AND type = 'reserve' ORDER BY reserved_before`,
      [ctx.tenantId],
    );
    // Each ledger row starts where the previous one ended: the batch's rows are chained, not copies.
    let expected = 0;
    for (const row of rows) {
      expect(Number(row.reserved_before)).toBe(expected);
      expected = Number(row.reserved_after);
      expect(expected - Number(row.reserved_before)).toBe(Number(row.reserved_delta));
    }
    expect(expected).toBe(reservedUnits);
    expect(await h.stock.checkConsistency(ctx)).toMatchObject({ ok: true, mismatches: [] });
  });

  it('a batch whose total does not fit still serves the lines that do', async () => {
    const ctx = merchantContext();
    const sku = await createSku(h.t, ctx);
    await h.stock.adjust(ctx, { skuId: sku.id, delta: 5, reason: 'receiving' });
    const outcomes = await Promise.all(
      [4, 4, 1, 1, 1].map((quantity, i) =>
        h.stock
          .reserve(ctx, { skuId: sku.id, quantity, reference: { type: 'order_line', id: `fit-${i}` } })
          .then(() => ({ quantity, ok: true, code: null as string | null }))
          .catch((error: unknown) => ({ quantity, ok: false, code: (error as DomainError).code })),
      ),
    );
    const reserved = outcomes.filter((o) => o.ok).reduce((sum, o) => sum + o.quantity, 0);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused.every((o) => o.code === 'insufficient_stock')).toBe(true);
    const totals = (await h.queries.skuStock(ctx, sku.id)).totals;
    expect(totals).toEqual({ onHand: 5, reserved, sellable: 5 - reserved });
    // Whatever the arrival order, nobody was refused who would have fitted in what is left.
    expect(refused.every((o) => o.quantity > totals.sellable)).toBe(true);
    expect(reserved).toBeGreaterThanOrEqual(3);
    expect(await h.stock.checkConsistency(ctx)).toMatchObject({ ok: true });
  });
});
