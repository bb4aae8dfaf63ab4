import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { DomainError, RequestContext, newId } from '@tongdao/kernel';
import { TransactionRunner } from '@tongdao/persistence';
import { InventoryHarness, createSku, merchantContext, startInventoryApp } from './inventory-support';

const ref = (id: string) => ({ type: 'order_line', id });

async function totals(h: InventoryHarness, ctx: RequestContext, skuId: string) {
  return (await h.queries.skuStock(ctx, skuId)).totals;
}

describe.each(['mysql', 'sqlite'] as const)('batched reserves of many lines (%s)', (database) => {
  let h: InventoryHarness;
  let ctx: RequestContext;
  beforeAll(async () => {
    h = await startInventoryApp({ database, env: { RUN_JOBS: 'off' } });
    ctx = merchantContext();
  });
  afterAll(async () => h?.close());

  async function skuWith(onHand: number): Promise<string> {
    const sku = await createSku(h.t, ctx);
    await h.stock.adjust(ctx, { skuId: sku.id, delta: onHand, reason: 'receiving' });
    return sku.id;
  }

  it('reserveEach decides lines in the order given, holds nothing for those that do not fit, and repeats idempotently', async () => {
    const a = await skuWith(5);
    const b = await skuWith(2);
    const lines = [
      { skuId: a, quantity: 3, reference: ref(newId()) },
      { skuId: a, quantity: 3, reference: ref(newId()) }, // 2 left: short
      { skuId: a, quantity: 2, reference: ref(newId()) }, // still fits
      { skuId: b, quantity: 2, reference: ref(newId()) },
    ];
    const first = await h.stock.reserveEach(ctx, lines);
    expect(first.map((r) => r?.quantity ?? null)).toEqual([3, null, 2, 2]);
    expect(await totals(h, ctx, a)).toEqual({ onHand: 5, reserved: 5, sellable: 0 });
    expect(await totals(h, ctx, b)).toEqual({ onHand: 2, reserved: 2, sellable: 0 });

    const again = await h.stock.reserveEach(ctx, lines);
    expect(again.map((r) => r?.id ?? null)).toEqual(first.map((r) => r?.id ?? null));
    expect(await totals(h, ctx, a)).toEqual({ onHand: 5, reserved: 5, sellable: 0 });

    const ledger = await h.queries.ledger(ctx, { skuId: a, type: 'reserve' });
    expect(ledger.items.map((l) => l.quantity).sort()).toEqual([2, 3]);
    expect((await h.stock.checkConsistency(ctx)).ok).toBe(true);
  });

  it('reserveMany stays all or nothing, also inside a caller’s transaction that goes on', async () => {
    const a = await skuWith(4);
    const b = await skuWith(1);
    const tx = h.t.app.get(TransactionRunner);
    const outcome = await tx.run(async () => {
      const error = await h.stock
        .reserveMany(ctx, [
          { skuId: a, quantity: 2, reference: ref(newId()) },
          { skuId: b, quantity: 2, reference: ref(newId()) },
        ])
        .catch((e: unknown) => e);
      const ok = await h.stock.reserveMany(ctx, [{ skuId: a, quantity: 4, reference: ref(newId()) }]);
      return { error, ok };
    });
    expect(outcome.error).toBeInstanceOf(DomainError);
    expect((outcome.error as DomainError).code).toBe('insufficient_stock');
    expect(outcome.ok[0].quantity).toBe(4);
    expect(await totals(h, ctx, a)).toEqual({ onHand: 4, reserved: 4, sellable: 0 });
    expect(await totals(h, ctx, b)).toEqual({ onHand: 1, reserved: 0, sellable: 1 });
  });

  it('a line for a SKU never stocked comes back short; an unknown SKU is refused whole', async () => {
    const stocked = await skuWith(3);
    const never = (await createSku(h.t, ctx)).id;
    const result = await h.stock.reserveEach(ctx, [
      { skuId: never, quantity: 1, reference: ref(newId()) },
      { skuId: stocked, quantity: 1, reference: ref(newId()) },
    ]);
    expect(result.map((r) => r?.quantity ?? null)).toEqual([null, 1]);
    const error = await h.stock
      .reserveEach(ctx, [{ skuId: newId(), quantity: 1, reference: ref(newId()) }])
      .catch((e: unknown) => e);
    expect((error as DomainError).status).toBe(404);
  });

  it('concurrent batches over the same SKUs never oversell and never deadlock', async () => {
    const skus = await Promise.all(Array.from({ length: 6 }, () => skuWith(40)));
    const batches = Array.from({ length: 8 }, () =>
      Array.from({ length: 30 }, (_, i) => ({
        skuId: skus[(i * 5 + Math.floor(Math.random() * 6)) % skus.length],
        quantity: 1 + (i % 3),
        reference: ref(newId()),
      })),
    );
    const results = await Promise.all(batches.map((lines) => h.stock.reserveEach(ctx, lines)));
    const granted = results.flat().reduce((sum, r) => sum + (r?.quantity ?? 0), 0);
    let reserved = 0;
    for (const skuId of skus) {
      const level = await totals(h, ctx, skuId);
      expect(level.reserved).toBeLessThanOrEqual(level.onHand);
      reserved += level.reserved;
    }
    expect(reserved).toBe(granted);
    expect(granted).toBe(6 * 40); // 8 × 30 lines ask for far more: every unit is handed out, none twice
    expect((await h.stock.checkConsistency(ctx)).ok).toBe(true);
  });

  if (database === 'mysql') {
    it('a batch of 300 lines over 100 SKUs is a fixed handful of statements', async () => {
      const skus = await Promise.all(Array.from({ length: 100 }, () => skuWith(10)));
      await h.stock.reserveEach(ctx, [{ skuId: skus[0], quantity: 1, reference: ref(newId()) }]); // warm caches
      const spy = jest.spyOn(MysqlQueryRunner.prototype, 'query');
      const result = await h.stock.reserveEach(
        ctx,
        Array.from({ length: 300 }, (_, i) => ({
          skuId: skus[i % 100],
          quantity: 1,
          reference: ref(newId()),
        })),
      );
      // Background work of the same process (outbox relay, stock push bookkeeping) is not the batch's doing.
      const background =
        /stock_push|processed_events|dead_letters|^\s*(SELECT|UPDATE)\b[^;]*\boutbox_events\b/i;
      const statements = spy.mock.calls
        .map((c) => String(c[0]))
        .filter((sql) => !background.test(sql))
        .map((sql) => sql.trim().split(/\s+/).slice(0, 3).join(' '));
      spy.mockRestore();
      expect(result.every((r) => r !== null)).toBe(true);
      // SKUs checked, level ids read (both cached afterwards), START, lock levels, reservations, one UPDATE of
      // the levels, ledger, events, COMMIT — whatever the number of lines.
      expect(statements.length).toBeLessThanOrEqual(9);
      expect(statements.filter((s) => s.startsWith('UPDATE stock_levels'))).toHaveLength(1);
    });
  }
});
