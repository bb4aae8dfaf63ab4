import { DomainError, RequestContext } from '@tongdao/kernel';
import { InventoryHarness, createSku, merchantContext, startInventoryApp } from './inventory-support';

type Outcome = { ref: string; id?: string; code?: string };

function attempt(
  h: InventoryHarness,
  ctx: RequestContext,
  skuId: string,
  ref: string,
  quantity = 1,
): Promise<Outcome> {
  return h.stock
    .reserve(ctx, { skuId, quantity, reference: { type: 'order_line', id: ref } })
    .then((r) => ({ ref, id: r.id }))
    .catch((error: unknown) => ({ ref, code: error instanceof DomainError ? error.code : String(error) }));
}

/** Each level's reserve ledger rows, in order, must run from 0 to the level's reserved without a gap. */
async function expectChainedLedger(h: InventoryHarness, ctx: RequestContext): Promise<void> {
  const rows = await h.t.dataSource.query<Array<Record<string, unknown>>>(
    `SELECT level_id, reserved_before, reserved_after, reserved_delta FROM stock_ledger
      WHERE merchant_id = ? AND type = 'reserve' ORDER BY id`,
    [ctx.tenantId],
  );
  const last = new Map<string, number>();
  for (const row of rows) {
    const level = String(row.level_id);
    expect(Number(row.reserved_before)).toBe(last.get(level) ?? 0);
    expect(Number(row.reserved_after) - Number(row.reserved_before)).toBe(Number(row.reserved_delta));
    last.set(level, Number(row.reserved_after));
  }
  expect(await h.stock.checkConsistency(ctx)).toMatchObject({ ok: true, mismatches: [] });
}

/** After one reserve the SKU, warehouse and level are known, so concurrent callers reach the queue together. */
async function warmSku(h: InventoryHarness, ctx: RequestContext, onHand: number): Promise<string> {
  const sku = await createSku(h.t, ctx);
  await h.stock.adjust(ctx, { skuId: sku.id, delta: onHand + 1, reason: 'receiving' });
  await h.stock.reserve(ctx, { skuId: sku.id, quantity: 1, reference: { type: 'warm_up', id: sku.id } });
  return sku.id;
}

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

describe.each(['mysql', 'sqlite'] as const)('reservation batches on %s', (database) => {
  let h: InventoryHarness;
  beforeAll(async () => (h = await startInventoryApp({ database })));
  afterAll(async () => h?.close());

  it('300 concurrent reserves of 1 over 250 references (50 asked twice) against 100 sellable', async () => {
    const ctx = merchantContext();
    const skuId = await warmSku(h, ctx, 100);
    const refs = Array.from({ length: 300 }, (_, i) => (i < 250 ? `mix-${i}` : `mix-${(i - 250) * 5}`));
    const outcomes = await Promise.all(refs.map((ref) => attempt(h, ctx, skuId, ref)));

    expect(outcomes.filter((o) => o.code && o.code !== 'insufficient_stock')).toEqual([]);
    const idsByRef = new Map<string, Set<string>>();
    for (const o of outcomes) if (o.id) idsByRef.set(o.ref, (idsByRef.get(o.ref) ?? new Set()).add(o.id));
    expect([...idsByRef.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(idsByRef.size).toBe(100);
    const totals = (await h.queries.skuStock(ctx, skuId)).totals;
    expect(totals).toEqual({ onHand: 101, reserved: 101, sellable: 0 });
    const active: Array<{ n: unknown }> = await h.t.dataSource.query(
      "SELECT COUNT(*) AS n FROM stock_reservations WHERE merchant_id = ? AND status = 'active'",
      [ctx.tenantId],
    );
    expect(Number(active[0].n)).toBe(101);
    await expectChainedLedger(h, ctx);
  });

  it('repeats of one reference in one batch share one reservation; a reference reserved earlier is returned', async () => {
    const ctx = merchantContext();
    const skuId = await warmSku(h, ctx, 50);
    const first = await attempt(h, ctx, skuId, 'earlier', 3);
    const outcomes = await Promise.all([
      ...Array.from({ length: 10 }, () => attempt(h, ctx, skuId, 'same', 2)),
      attempt(h, ctx, skuId, 'earlier', 3),
      attempt(h, ctx, skuId, 'other', 4),
    ]);
    const same = new Set(outcomes.slice(0, 10).map((o) => o.id));
    expect(same.size).toBe(1);
    expect([...same][0]).toEqual(expect.any(String));
    expect(outcomes[10].id).toBe(first.id);
    expect(outcomes[11].id).toEqual(expect.any(String));
    // warm-up 1 + earlier 3 + same 2 (once) + other 4
    expect((await h.queries.skuStock(ctx, skuId)).totals).toEqual({ onHand: 51, reserved: 10, sellable: 41 });
    await expectChainedLedger(h, ctx);
  });

  it('a batch whose total does not fit serves, in arrival order, exactly the lines that still fit', async () => {
    const ctx = merchantContext();
    const skuId = await warmSku(h, ctx, 5);
    const outcomes = await Promise.all(
      [4, 4, 1, 1, 1].map((quantity, i) => attempt(h, ctx, skuId, `fit-${i}`, quantity)),
    );
    // What one-by-one reserving in this order would decide: 4 fits, 4 does not (1 left), 1 fits, then none.
    expect(outcomes.map((o) => o.code ?? 'reserved')).toEqual([
      'reserved',
      'insufficient_stock',
      'reserved',
      'insufficient_stock',
      'insufficient_stock',
    ]);
    expect((await h.queries.skuStock(ctx, skuId)).totals).toEqual({ onHand: 6, reserved: 6, sellable: 0 });
    await expectChainedLedger(h, ctx);
  });

  it('one batch over several SKUs: each level exact, each ledger chained, one stock.changed per level', async () => {
    const ctx = merchantContext();
    const skus = [await warmSku(h, ctx, 10), await warmSku(h, ctx, 10), await warmSku(h, ctx, 10)];
    const events0: Array<{ n: unknown }> = await h.t.dataSource.query(
      "SELECT COUNT(*) AS n FROM outbox_events WHERE merchant_id = ? AND type = 'stock.changed'",
      [ctx.tenantId],
    );
    const outcomes = await Promise.all(
      Array.from({ length: 45 }, (_, i) => attempt(h, ctx, skus[i % 3], `multi-${i}`)),
    );
    expect(outcomes.filter((o) => o.id).length).toBe(30);
    expect(outcomes.filter((o) => o.code).every((o) => o.code === 'insufficient_stock')).toBe(true);
    for (const skuId of skus) {
      expect((await h.queries.skuStock(ctx, skuId)).totals).toEqual({
        onHand: 11,
        reserved: 11,
        sellable: 0,
      });
    }
    await expectChainedLedger(h, ctx);
    const events: Array<{ n: unknown }> = await h.t.dataSource.query(
      "SELECT COUNT(*) AS n FROM outbox_events WHERE merchant_id = ? AND type = 'stock.changed'",
      [ctx.tenantId],
    );
    // At least one event per level that moved, never more than one per reservation.
    const added = Number(events[0].n) - Number(events0[0].n);
    expect(added).toBeGreaterThanOrEqual(3);
    expect(added).toBeLessThanOrEqual(30);
  });
});
