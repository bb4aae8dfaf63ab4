import { OrderIngestion } from '@tongdao/orders';
import { TestApp, bearer, createStaffWithRole, startTestApp } from '@tongdao/testing';
import { Setup, channelOrder, createChannelAccount, createSku, line, setup } from './fixtures';

interface Listed {
  items: Array<{ id: string; shopId: string; receiver: { phone: string | null } }>;
  nextCursor: string | null;
}

describe('the order desk: filters, pages and tiers (MariaDB + Redis)', () => {
  let t: TestApp;
  let s: Setup;
  let shopB: string;
  let wechatAccount: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const ingestion = t.app.get(OrderIngestion);
    s = await setup(t, 100);
    const other = await createSku(t, s.m.token, 100, 'Oolong');
    shopB = (
      await t.http
        .post('/admin/v1/shops')
        .set(...bearer(s.m.token))
        .send({ name: 'Weixin shop' })
        .expect(201)
    ).body.id;
    wechatAccount = await createChannelAccount(t, s.m.token, shopB, 'wechat');
    const receiver = (phone: string) => ({ ...channelOrder(s).receiver, phone });
    const [a, b, c] = await ingestion.ingest(s.ctx, s.accountId, [
      channelOrder(s, { externalOrderId: 'TB-A', placedAt: new Date('2026-11-01T00:00:00Z') }),
      channelOrder(s, {
        externalOrderId: 'TB-B',
        placedAt: new Date('2026-11-10T00:00:00Z'),
        status: 'pending_payment',
        receiver: receiver('13900000002'),
        buyer: { name: '王五', identities: [{ kind: 'taobao_nick', value: 'wangwu' }] },
      }),
      channelOrder(s, {
        externalOrderId: 'TB-C',
        placedAt: new Date('2026-11-15T00:00:00Z'),
        lines: [line(other.code, 1, 1)],
      }),
    ]);
    const [d] = await ingestion.ingest(s.ctx, wechatAccount, [
      channelOrder(s, {
        externalOrderId: 'WX-D',
        placedAt: new Date('2026-11-20T00:00:00Z'),
        receiver: { ...receiver('13900000004'), name: '钱七' },
        buyer: { name: '赵六', identities: [{ kind: 'wechat_openid', value: 'o-zhao' }] },
      }),
    ]);
    Object.assign(ids, { a: a.orderId, b: b.orderId, c: c.orderId, d: d.orderId, other: other.id });
  });
  afterAll(async () => t.close());

  const list = async (query: string, token = s.m.token): Promise<string[]> => {
    const res = await t.http
      .get(`/admin/v1/orders${query}`)
      .set(...bearer(token))
      .expect(200);
    return (res.body as Listed).items.map((o) => o.id);
  };

  it('filters by status, channel, account, shop, dates, buyer, phone, SKU, tag, assignee and search; newest first', async () => {
    expect(await list('')).toEqual([ids.d, ids.c, ids.b, ids.a]);
    expect(await list('?status=pending_payment')).toEqual([ids.b]);
    expect(await list('?channelType=wechat')).toEqual([ids.d]);
    expect(await list(`?channelAccountId=${s.accountId}`)).toEqual([ids.c, ids.b, ids.a]);
    expect(await list(`?shopId=${shopB}`)).toEqual([ids.d]);
    expect(await list('?createdFrom=2026-11-05T00:00:00Z&createdTo=2026-11-16T00:00:00Z')).toEqual([
      ids.c,
      ids.b,
    ]);
    expect(await list(`?buyer=${encodeURIComponent('王五')}`)).toEqual([ids.b]);
    expect(await list('?receiverPhone=13900000004')).toEqual([ids.d]);
    expect(await list(`?skuId=${ids.other}`)).toEqual([ids.c]);
    expect(await list('?q=TB-A')).toEqual([ids.a]);
    expect(await list(`?q=${ids.c}`)).toEqual([ids.c]);
    expect(await list('?q=13900000002')).toEqual([ids.b]);

    const agent = await createStaffWithRole(t, s.m.token, 'cs_agent');
    await t.http
      .post(`/admin/v1/orders/${ids.c}/assign`)
      .set(...bearer(s.m.token))
      .send({ staffId: agent.staffId })
      .expect(200);
    await t.http
      .post(`/admin/v1/orders/${ids.a}/tags`)
      .set(...bearer(s.m.token))
      .send({ add: ['vip', 'fragile'] })
      .expect(200);
    expect(await list(`?assigneeId=${agent.staffId}`)).toEqual([ids.c]);
    expect(await list('?tag=vip')).toEqual([ids.a]);
    expect(await list('?tag=vi')).toEqual([]);

    for (const bad of ['?status=lost', '?createdFrom=yesterday', '?shopId=x', '?limit=0', '?colour=red']) {
      const res = await t.http
        .get(`/admin/v1/orders${bad}`)
        .set(...bearer(s.m.token))
        .expect(400);
      expect(res.body.code).toBeTruthy();
    }
  });

  it('finds orders by receiver name and by whether they have an after-sale', async () => {
    expect(await list(`?receiverName=${encodeURIComponent('钱七')}`)).toEqual([ids.d]);
    expect(await list(`?q=${encodeURIComponent('钱七')}`)).toEqual([ids.d]);
    expect(await list('?hasAfterSale=true')).toEqual([]);
    const detail = await t.http
      .get(`/admin/v1/orders/${ids.c}`)
      .set(...bearer(s.m.token))
      .expect(200);
    await t.http
      .post(`/admin/v1/orders/${ids.c}/after-sales`)
      .set(...bearer(s.m.token))
      .send({
        lineId: detail.body.lines[0].id,
        kind: 'refund_only',
        quantity: 1,
        amountFen: 100,
        reason: 'late',
      })
      .expect(201);
    expect(await list('?hasAfterSale=true')).toEqual([ids.c]);
    expect(await list('?afterSaleState=open')).toEqual([ids.c]);
    expect(await list('?hasAfterSale=false')).toEqual([ids.d, ids.b, ids.a]);
    await t.http
      .get('/admin/v1/orders?hasAfterSale=maybe')
      .set(...bearer(s.m.token))
      .expect(400);
  });

  it('pages with a keyset cursor, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http
        .get(`/admin/v1/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(...bearer(s.m.token))
        .expect(200);
      const page = res.body as Listed;
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(await list('?limit=100'));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('a supervisor limited to one shop sees and acts only there; the owner sees every shop', async () => {
    const supervisor = await createStaffWithRole(t, s.m.token, 'cs_supervisor', { shopIds: [s.m.shopId] });
    const visible = await list('', supervisor.token);
    expect(visible).toEqual(expect.arrayContaining([ids.a, ids.b, ids.c]));
    expect(visible).not.toContain(ids.d);
    expect(await list(`?shopId=${shopB}`, supervisor.token)).toEqual([]);
    await t.http
      .get(`/admin/v1/orders/${ids.d}`)
      .set(...bearer(supervisor.token))
      .expect(404);
    await t.http
      .post(`/admin/v1/orders/${ids.d}/assign`)
      .set(...bearer(supervisor.token))
      .send({ staffId: supervisor.staffId })
      .expect(404);
    const detail = await t.http
      .get(`/admin/v1/orders/${ids.b}`)
      .set(...bearer(supervisor.token))
      .expect(200);
    expect(detail.body).toMatchObject({ piiMasked: false, receiver: { phone: '13900000002' } });
    expect(await list('', s.m.token)).toContain(ids.d);
  });

  it('an agent sees only what is assigned to them, masked, and loses it on reassignment; assignees are checked', async () => {
    const first = await createStaffWithRole(t, s.m.token, 'cs_agent');
    const second = await createStaffWithRole(t, s.m.token, 'cs_agent');
    const shopAOnly = await createStaffWithRole(t, s.m.token, 'cs_agent', { shopIds: [s.m.shopId] });
    await t.http
      .post(`/admin/v1/orders/${ids.b}/assign`)
      .set(...bearer(s.m.token))
      .send({ staffId: first.staffId })
      .expect(200);
    const detail = await t.http
      .get(`/admin/v1/orders/${ids.b}`)
      .set(...bearer(first.token))
      .expect(200);
    expect(detail.body).toMatchObject({
      piiMasked: true,
      buyerName: expect.not.stringMatching('王五'),
      receiver: { phone: '139****0002', address: expect.not.stringMatching('文一西路969号') },
    });
    expect(await list('', first.token)).toEqual([ids.b]);
    expect(await list('?status=pending_payment', second.token)).toEqual([]);

    await t.http
      .post(`/admin/v1/orders/${ids.b}/assign`)
      .set(...bearer(s.m.token))
      .send({ staffId: second.staffId })
      .expect(200);
    await t.http
      .get(`/admin/v1/orders/${ids.b}`)
      .set(...bearer(first.token))
      .expect(404);
    expect(await list('', second.token)).toEqual([ids.b]);

    // Not a staff member of this merchant, or not working in the order's shop: refused, nothing changes.
    for (const staffId of ['01ARZ3NDEKTSV4RRFFQ69G5FAV', shopAOnly.staffId]) {
      const res = await t.http
        .post(`/admin/v1/orders/${ids.d}/assign`)
        .set(...bearer(s.m.token))
        .send({ staffId })
        .expect(400);
      expect(res.body.code).toBe('invalid_assignee');
    }
    const audit = await t.http
      .get(`/admin/v1/audit-log?targetId=${ids.b}`)
      .set(...bearer(s.m.token))
      .expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'order.assign')).toHaveLength(2);
    expect(
      (
        await t.http
          .get(`/admin/v1/audit-log?targetId=${ids.d}`)
          .set(...bearer(s.m.token))
          .expect(200)
      ).body.items,
    ).toEqual([]);
  });
});
