import { RequestContext } from '@tongdao/kernel';
import { OrderPlacement } from '@tongdao/orders';
import { EscrowLedger, payoutAt } from '@tongdao/storefront';
import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';
import { Sandbox, startSandbox, waitFor } from '../sandbox/wechat-client';
import { SignedInBuyer, StoreFixture, openStore, signInBuyer, storePath } from './store-support';

const receiver = {
  name: '韩梅梅',
  phone: '13700137000',
  province: '北京市',
  city: '北京市',
  address: '长安街 1 号',
};
const UNIT_FEN = 10000;

interface LedgerBody {
  heldFen: number;
  releasableFen: number;
  settledFen: number;
  counts: { held: number; releasable: number; settled: number };
  payoutCutoff: string;
  nextPayoutAt: string;
}

describe('Guarantee-transaction ledger (held / releasable / settled on T+1)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;
  let buyer: SignedInBuyer;
  let ctx: RequestContext;
  const orders: Record<'today' | 'yesterday' | 'held' | 'heldToo' | 'unpaid', string> = {
    today: '',
    yesterday: '',
    held: '',
    heldToo: '',
    unpaid: '',
  };

  const ledger = async (
    token = store.merchant.token,
    query: Record<string, string> = { shopId: store.shopId },
  ) =>
    (
      await t.http
        .get('/admin/v1/settlement/ledger')
        .query(query)
        .set(...bearer(token))
        .expect(200)
    ).body as LedgerBody;
  const entries = (query: Record<string, string | number>, token = store.merchant.token) =>
    t.http
      .get('/admin/v1/settlement/entries')
      .query(query)
      .set(...bearer(token));
  const place = async (quantity: number): Promise<string> => {
    const res = await t.http
      .post(storePath(store, '/orders'))
      .set(...bearer(buyer.token))
      .send({ lines: [{ skuId: store.products[0].skus[0].skuId, quantity }], receiver })
      .expect(201);
    return res.body.id as string;
  };
  const pay = async (orderId: string, fen: number) => {
    const outcome = await t.app.get(OrderPlacement).markPaid(ctx, orderId, {
      method: 'wechatpay',
      transactionId: `4200${orderId}`,
      paidFen: fen,
      paidAt: new Date(),
    });
    expect(outcome).toBe('paid');
  };
  const shipAndConfirm = async (orderId: string, trackingNo: string) => {
    await t.http
      .post(`/admin/v1/orders/${orderId}/shipments`)
      .set(...bearer(store.merchant.token))
      .send({ carrierCode: 'SF', trackingNo })
      .expect(201);
    await t.http
      .post(storePath(store, `/orders/${orderId}/confirm-receipt`))
      .set(...bearer(buyer.token))
      .expect(200);
  };
  const waitForLedger = (done: (l: LedgerBody) => boolean) =>
    waitFor(async () => {
      const current = await ledger();
      return done(current) ? current : undefined;
    }, 10_000);

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, { products: [{ skus: [{ priceFen: UNIT_FEN, onHand: 50 }] }] });
    ctx = RequestContext.system(store.merchant.merchantId, 'test');
    await t.http
      .put(`/admin/v1/shops/${store.shopId}/guarantee`)
      .set(...bearer(store.merchant.token))
      .send({ guaranteeEnabled: true, autoConfirmDays: 7 })
      .expect(200);
    buyer = await signInBuyer(t, store);
    orders.today = await place(1);
    orders.yesterday = await place(2);
    orders.held = await place(3);
    orders.heldToo = await place(4);
    orders.unpaid = await place(5);
    await pay(orders.today, UNIT_FEN);
    await pay(orders.yesterday, 2 * UNIT_FEN);
    await pay(orders.held, 3 * UNIT_FEN);
    await pay(orders.heldToo, 4 * UNIT_FEN);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('paid orders are held; unpaid ones are nowhere', async () => {
    const held = await waitForLedger((l) => l.counts.held === 4);
    expect(held).toMatchObject({
      heldFen: 10 * UNIT_FEN,
      releasableFen: 0,
      settledFen: 0,
      counts: { held: 4, releasable: 0, settled: 0 },
    });
  });

  it('buyer confirmation releases funds: released today → releasable, released yesterday → settled', async () => {
    await shipAndConfirm(orders.today, 'SF9000001');
    await shipAndConfirm(orders.yesterday, 'SF9000002');
    await waitForLedger((l) => l.counts.releasable === 2);
    // The second release happened "yesterday": paid out at today's midnight (Beijing).
    await t.dataSource.query('UPDATE orders SET settled_at = ? WHERE id = ?', [
      new Date(Date.now() - 24 * 3600_000),
      orders.yesterday,
    ]);
    const now = await ledger();
    expect(now).toMatchObject({
      heldFen: 7 * UNIT_FEN,
      releasableFen: UNIT_FEN,
      settledFen: 2 * UNIT_FEN,
      counts: { held: 2, releasable: 1, settled: 1 },
    });
    expect(Date.parse(now.nextPayoutAt) - Date.parse(now.payoutCutoff)).toBe(24 * 3600_000);
    expect((Date.parse(now.payoutCutoff) + 8 * 3600_000) % (24 * 3600_000)).toBe(0);

    const releasable = await entries({ shopId: store.shopId, state: 'releasable' }).expect(200);
    expect(releasable.body.items).toHaveLength(1);
    const entry = releasable.body.items[0];
    expect(entry).toMatchObject({
      orderId: orders.today,
      ledgerState: 'releasable',
      status: 'completed',
      settlementState: 'settled',
      paidFen: UNIT_FEN,
      refundedFen: 0,
      amountFen: UNIT_FEN,
    });
    expect(entry.payoutAt).toBe(now.nextPayoutAt);
    const settled = await entries({ shopId: store.shopId, state: 'settled' }).expect(200);
    expect(settled.body.items.map((e: { orderId: string }) => e.orderId)).toEqual([orders.yesterday]);
  });

  it('the T+1 boundary: released funds are paid out exactly at the next Beijing midnight', async () => {
    const service = t.app.get(EscrowLedger);
    const [entry] = (await service.entries(ctx, { shopId: store.shopId, state: 'releasable' }, {})).items;
    const due = payoutAt(new Date(entry.settledAt as string));
    const before = await service.summary(ctx, { shopId: store.shopId }, new Date(due.getTime() - 1));
    expect(before).toMatchObject({ releasableFen: UNIT_FEN, settledFen: 2 * UNIT_FEN });
    const after = await service.summary(ctx, { shopId: store.shopId }, due);
    expect(after).toMatchObject({ releasableFen: 0, settledFen: 3 * UNIT_FEN, heldFen: 7 * UNIT_FEN });
  });

  it('lists held entries newest first, a page at a time', async () => {
    const first = await entries({ shopId: store.shopId, state: 'held', limit: 1 }).expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0]).toMatchObject({
      orderId: orders.heldToo,
      amountFen: 4 * UNIT_FEN,
      payoutAt: null,
    });
    const second = await entries({
      shopId: store.shopId,
      state: 'held',
      limit: 1,
      cursor: first.body.nextCursor as string,
    }).expect(200);
    expect(second.body.items.map((e: { orderId: string }) => e.orderId)).toEqual([orders.held]);
    expect(second.body.nextCursor).toBeNull();
    // Without shopId: every shop the staff member covers (here the one).
    expect((await ledger(store.merchant.token, {})).heldFen).toBe(7 * UNIT_FEN);
  });

  it('refuses garbage', async () => {
    const bad: Array<Record<string, string | number>> = [
      { state: 'pending' },
      {},
      { state: 'held', shopId: 'not-a-shop' },
      { state: 'held', limit: 0 },
      { state: 'held', cursor: 'x' },
      { state: 'held', extra: 1 },
    ];
    for (const query of bad) {
      const res = await entries(query).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await t.http
      .get('/admin/v1/settlement/ledger')
      .query({ shopId: 'bad' })
      .set(...bearer(store.merchant.token))
      .expect(400);
  });

  it('another merchant sees nothing; finance reads it; staff without finance.read cannot', async () => {
    const stranger: SignedUpMerchant = await signupMerchant(t);
    expect(await ledger(stranger.token, {})).toMatchObject({
      heldFen: 0,
      releasableFen: 0,
      settledFen: 0,
      counts: { held: 0, releasable: 0, settled: 0 },
    });
    await t.http
      .get('/admin/v1/settlement/ledger')
      .query({ shopId: store.shopId })
      .set(...bearer(stranger.token))
      .expect(404);
    const foreign = await entries({ state: 'held' }, stranger.token).expect(200);
    expect(foreign.body.items).toEqual([]);
    await entries({ state: 'held', shopId: store.shopId }, stranger.token).expect(404);

    const finance = await createStaffWithRole(t, store.merchant.token, 'finance');
    expect((await ledger(finance.token)).heldFen).toBe(7 * UNIT_FEN);
    const agent = await createStaffWithRole(t, store.merchant.token, 'cs_agent');
    await t.http
      .get('/admin/v1/settlement/ledger')
      .set(...bearer(agent.token))
      .expect(403);
  });
});
