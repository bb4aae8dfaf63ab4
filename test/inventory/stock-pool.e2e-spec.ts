import { DomainError, RequestContext, newId } from '@tongdao/kernel';
import {
  InventoryHarness,
  createSku,
  merchantContext,
  staffContext,
  startInventoryApp,
  tableCount,
} from './inventory-support';

async function errorOf(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const ref = (id: string) => ({ type: 'order_line', id });

describe('stock pool semantics (MariaDB)', () => {
  let h: InventoryHarness;
  let ctx: RequestContext;

  beforeAll(async () => {
    h = await startInventoryApp();
    ctx = merchantContext();
  });
  afterAll(async () => h?.close());

  async function skuWith(onHand: number): Promise<string> {
    const sku = await createSku(h.t, ctx);
    if (onHand > 0) await h.stock.adjust(ctx, { skuId: sku.id, delta: onHand, reason: 'receiving' });
    return sku.id;
  }

  async function level(skuId: string) {
    const view = await h.queries.skuStock(ctx, skuId);
    return view.totals;
  }

  it('creates the default warehouse lazily, once', async () => {
    const fresh = merchantContext();
    const [a, b] = await Promise.all([
      h.warehouses.defaultWarehouseId(fresh),
      h.warehouses.defaultWarehouseId(fresh),
    ]);
    expect(a).toBe(b);
    const list = await h.warehouses.list(fresh);
    expect(list).toEqual([expect.objectContaining({ id: a, code: 'DEFAULT', isDefault: true })]);
  });

  it('reserves, commits partially, commits the rest', async () => {
    const skuId = await skuWith(10);
    const r = await h.stock.reserve(ctx, { skuId, quantity: 3, reference: ref(newId()) });
    expect(r).toMatchObject({ status: 'active', quantity: 3, openQuantity: 3 });
    expect(await level(skuId)).toEqual({ onHand: 10, reserved: 3, sellable: 7 });

    const partly = await h.stock.commit(ctx, r.id, 1);
    expect(partly).toMatchObject({ status: 'active', committedQuantity: 1, openQuantity: 2 });
    expect(await level(skuId)).toEqual({ onHand: 9, reserved: 2, sellable: 7 });

    const done = await h.stock.commit(ctx, r.id);
    expect(done).toMatchObject({ status: 'committed', committedQuantity: 3, openQuantity: 0 });
    expect(await level(skuId)).toEqual({ onHand: 7, reserved: 0, sellable: 7 });

    expect((await errorOf(h.stock.commit(ctx, r.id, 1))).code).toBe('reservation_not_active');
    expect((await errorOf(h.stock.release(ctx, r.id, 'cancelled'))).code).toBe('reservation_not_active');

    const ledger = await h.queries.ledger(ctx, { skuId, limit: 10 });
    expect(
      ledger.items.map((e) => [e.type, e.onHandBefore, e.onHandAfter, e.reservedBefore, e.reservedAfter]),
    ).toEqual([
      ['commit', 9, 7, 2, 0],
      ['commit', 10, 9, 3, 2],
      ['reserve', 10, 10, 0, 3],
      ['adjust', 0, 10, 0, 0],
    ]);
    expect(ledger.items[0].reference).toEqual(r.reference);
  });

  it('refuses to commit more than is reserved', async () => {
    const skuId = await skuWith(5);
    const r = await h.stock.reserve(ctx, { skuId, quantity: 2, reference: ref(newId()) });
    const error = await errorOf(h.stock.commit(ctx, r.id, 3));
    expect([error.status, error.code]).toEqual([409, 'exceeds_reservation']);
    expect(await level(skuId)).toEqual({ onHand: 5, reserved: 2, sellable: 3 });
  });

  it('releases what is open, once', async () => {
    const skuId = await skuWith(5);
    const r = await h.stock.reserve(ctx, { skuId, quantity: 4, reference: ref(newId()) });
    await h.stock.commit(ctx, r.id, 1);
    const released = await h.stock.release(ctx, r.id, 'cancelled');
    expect(released).toMatchObject({
      status: 'released',
      committedQuantity: 1,
      releasedQuantity: 3,
      releaseReason: 'cancelled',
    });
    expect(await level(skuId)).toEqual({ onHand: 4, reserved: 0, sellable: 4 });
    const again = await h.stock.release(ctx, r.id, 'cancelled');
    expect(again.status).toBe('released');
    expect(await level(skuId)).toEqual({ onHand: 4, reserved: 0, sellable: 4 });
    const releases = await h.queries.ledger(ctx, { skuId, type: 'release' });
    expect(releases.items).toHaveLength(1);
    expect(releases.items[0]).toMatchObject({ quantity: 3, reservedDelta: -3, reason: 'cancelled' });
  });

  it('is idempotent per (reference, SKU), also under concurrency', async () => {
    const skuId = await skuWith(10);
    const reference = ref(newId());
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.stock.reserve(ctx, { skuId, quantity: 2, reference })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await level(skuId)).toEqual({ onHand: 10, reserved: 2, sellable: 8 });
    const again = await h.stock.reserve(ctx, { skuId, quantity: 2, reference });
    expect(again.id).toBe(results[0].id);
    expect(await level(skuId)).toEqual({ onHand: 10, reserved: 2, sellable: 8 });
  });

  it('fails insufficient_stock without changing anything, and honours safety stock', async () => {
    const skuId = await skuWith(8);
    await h.stock.setSafetyStock(ctx, { skuId, safetyStock: 5 });
    expect(await level(skuId)).toEqual({ onHand: 8, reserved: 0, sellable: 3 });
    const ledgerBefore = await tableCount(h.t, 'stock_ledger', ctx.tenantId);
    const error = await errorOf(h.stock.reserve(ctx, { skuId, quantity: 4, reference: ref(newId()) }));
    expect([error.status, error.code]).toEqual([409, 'insufficient_stock']);
    expect(await tableCount(h.t, 'stock_ledger', ctx.tenantId)).toBe(ledgerBefore);
    await h.stock.reserve(ctx, { skuId, quantity: 3, reference: ref(newId()) });
    expect(await level(skuId)).toEqual({ onHand: 8, reserved: 3, sellable: 0 });
  });

  it('reserves an order’s lines all or nothing', async () => {
    const a = await skuWith(5);
    const b = await skuWith(1);
    const order = newId();
    const before = await tableCount(h.t, 'stock_reservations', ctx.tenantId);
    const error = await errorOf(
      h.stock.reserveMany(ctx, [
        { skuId: a, quantity: 2, reference: ref(`${order}-1`) },
        { skuId: b, quantity: 2, reference: ref(`${order}-2`) },
      ]),
    );
    expect(error.code).toBe('insufficient_stock');
    expect(await tableCount(h.t, 'stock_reservations', ctx.tenantId)).toBe(before);
    expect(await level(a)).toEqual({ onHand: 5, reserved: 0, sellable: 5 });

    const lines = await h.stock.reserveMany(ctx, [
      { skuId: b, quantity: 1, reference: ref(`${order}-2`) },
      { skuId: a, quantity: 2, reference: ref(`${order}-1`) },
    ]);
    expect(lines.map((l) => l.skuId)).toEqual([b, a]);
    expect(await level(a)).toEqual({ onHand: 5, reserved: 2, sellable: 3 });
    expect(await level(b)).toEqual({ onHand: 1, reserved: 1, sellable: 0 });
  });

  it('adjusts by delta and by count, never below zero on hand, and audits staff', async () => {
    const skuId = await skuWith(0);
    const staff = staffContext(ctx.tenantId);
    await h.stock.adjust(staff, { skuId, delta: 7, reason: 'receiving', note: 'PO-1' });
    await h.stock.adjust(staff, { skuId, setOnHand: 4, reason: 'count' });
    expect(await level(skuId)).toEqual({ onHand: 4, reserved: 0, sellable: 4 });
    const error = await errorOf(h.stock.adjust(staff, { skuId, delta: -5, reason: 'damage' }));
    expect([error.status, error.code]).toEqual([409, 'negative_on_hand']);
    const entries = await h.queries.ledger(ctx, { skuId, type: 'adjust' });
    expect(entries.items.map((e) => [e.onHandDelta, e.reason, e.actorStaffId])).toEqual([
      [-3, 'count', staff.staffId],
      [7, 'receiving', staff.staffId],
    ]);
    const audits: Array<{ action: string }> = await h.t.dataSource.query(
      "SELECT action FROM audit_log WHERE merchant_id = ? AND target_id = ? AND action LIKE 'stock.%' ORDER BY id",
      [ctx.tenantId, skuId],
    );
    expect(audits.map((a) => a.action)).toEqual(['stock.adjust', 'stock.adjust']);
    const events: Array<{ payload: string }> = await h.t.dataSource.query(
      "SELECT payload FROM outbox_events WHERE merchant_id = ? AND type = 'stock.changed' AND aggregate_id = ? ORDER BY id",
      [ctx.tenantId, skuId],
    );
    expect(JSON.parse(events[events.length - 1].payload)).toMatchObject({
      skuId,
      onHand: 4,
      reserved: 0,
      sellable: 4,
      reason: 'count',
    });
  });

  it('expires reservations once, even with two sweepers', async () => {
    const skuId = await skuWith(6);
    const past = new Date(Date.now() - 1000);
    const r1 = await h.stock.reserve(ctx, { skuId, quantity: 2, reference: ref(newId()), expiresAt: past });
    const r2 = await h.stock.reserve(ctx, { skuId, quantity: 1, reference: ref(newId()), expiresAt: past });
    const later = await h.stock.reserve(ctx, {
      skuId,
      quantity: 1,
      reference: ref(newId()),
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const counts = await Promise.all([h.stock.expireDue(), h.stock.expireDue()]);
    expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(2);
    for (const id of [r1.id, r2.id]) {
      expect(await h.queries.getReservation(ctx, id)).toMatchObject({
        status: 'released',
        releaseReason: 'expired',
      });
    }
    expect((await h.queries.getReservation(ctx, later.id)).status).toBe('active');
    expect(await level(skuId)).toEqual({ onHand: 6, reserved: 1, sellable: 5 });
    const expired = await h.queries.ledger(ctx, { skuId, type: 'release' });
    expect(expired.items.map((e) => e.reason)).toEqual(['expired', 'expired']);
  });

  it('proves the ledger, and catches a level edited behind its back', async () => {
    const own = merchantContext();
    const sku = await createSku(h.t, own);
    await h.stock.adjust(own, { skuId: sku.id, delta: 9, reason: 'receiving' });
    const r = await h.stock.reserve(own, { skuId: sku.id, quantity: 4, reference: ref(newId()) });
    await h.stock.commit(own, r.id, 1);
    expect(await h.stock.checkConsistency(own)).toEqual({
      ok: true,
      checkedSkus: 1,
      checkedLevels: 1,
      mismatches: [],
    });

    await h.t.dataSource.query('UPDATE stock_levels SET on_hand = on_hand + 5 WHERE merchant_id = ?', [
      own.tenantId,
    ]);
    const report = await h.stock.checkConsistency(own);
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual([
      expect.objectContaining({ skuId: sku.id, field: 'onHand', level: 13, ledger: 8 }),
    ]);
  });

  describe('bad input changes nothing', () => {
    let skuId: string;
    let counts: () => Promise<number[]>;

    beforeAll(async () => {
      skuId = await skuWith(10);
      counts = () =>
        Promise.all(
          ['stock_ledger', 'stock_reservations', 'stock_levels', 'outbox_events'].map((t) =>
            tableCount(h.t, t, ctx.tenantId),
          ),
        );
    });

    it.each<[string, unknown]>([
      ['zero', 0],
      ['negative', -1],
      ['fraction', 1.5],
      ['absurd', 1_000_000_001],
      ['a string', '5'],
      ['NaN', Number.NaN],
    ])('reserve with a %s quantity → 400', async (_name, quantity) => {
      const before = await counts();
      const error = await errorOf(
        h.stock.reserve(ctx, { skuId, quantity: quantity as number, reference: ref(newId()) }),
      );
      expect([error.status, error.code]).toEqual([400, 'invalid_quantity']);
      expect(await counts()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>]>([
      ['zero delta', { delta: 0 }],
      ['fractional delta', { delta: 0.5 }],
      ['absurd delta', { delta: 2e9 }],
      ['negative count', { setOnHand: -1 }],
      ['both delta and count', { delta: 1, setOnHand: 1 }],
      ['neither delta nor count', {}],
      ['unknown reason', { delta: 1, reason: 'theft' }],
    ])('adjust with %s → 400', async (_name, fields) => {
      const before = await counts();
      const error = await errorOf(h.stock.adjust(ctx, { skuId, reason: 'correction', ...fields }));
      expect(error.status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it('an unknown SKU → 404', async () => {
      const before = await counts();
      const error = await errorOf(
        h.stock.reserve(ctx, { skuId: newId(), quantity: 1, reference: ref(newId()) }),
      );
      expect([error.status, error.code]).toEqual([404, 'not_found']);
      expect(
        (await errorOf(h.stock.adjust(ctx, { skuId: newId(), delta: 1, reason: 'receiving' }))).status,
      ).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('another merchant’s SKU or warehouse → 404 and nothing changes on either side', async () => {
      const other = merchantContext();
      const theirs = await createSku(h.t, other);
      await h.stock.adjust(other, { skuId: theirs.id, delta: 3, reason: 'receiving' });
      const theirWarehouse = await h.warehouses.defaultWarehouseId(other);
      const before = [...(await counts()), await tableCount(h.t, 'stock_ledger', other.tenantId)];
      for (const attempt of [
        () => h.stock.reserve(ctx, { skuId: theirs.id, quantity: 1, reference: ref(newId()) }),
        () => h.stock.adjust(ctx, { skuId: theirs.id, delta: 5, reason: 'receiving' }),
        () => h.stock.adjust(ctx, { skuId, warehouseId: theirWarehouse, delta: 5, reason: 'receiving' }),
        () => h.queries.skuStock(ctx, theirs.id),
      ]) {
        expect((await errorOf(attempt())).status).toBe(404);
      }
      expect([...(await counts()), await tableCount(h.t, 'stock_ledger', other.tenantId)]).toEqual(before);
      expect((await h.queries.skuStock(other, theirs.id)).totals).toEqual({
        onHand: 3,
        reserved: 0,
        sellable: 3,
      });
    });
  });
});
