import { RequestContext } from '@tongdao/kernel';
import { CustomersService } from '@tongdao/crm';
import { TestApp, signupMerchant, startTestApp } from '@tongdao/testing';
import { countRows } from './fixtures';

describe('CRM: one customer per buyer, by channel identity (MariaDB)', () => {
  let t: TestApp;
  let crm: CustomersService;
  beforeAll(async () => {
    t = await startTestApp();
    crm = t.app.get(CustomersService);
  });
  afterAll(async () => t.close());

  const merchant = async () => {
    const m = await signupMerchant(t);
    return { id: m.merchantId, ctx: RequestContext.system(m.merchantId, 'crm-test') };
  };

  it('links on any known identity and attaches the new ones', async () => {
    const m = await merchant();
    expect(await crm.resolveOrCreate(m.ctx, [{ kind: 'phone', value: '  ' }])).toBeNull();
    expect(await countRows(t, 'customers', m.id)).toBe(0);

    const a = await crm.resolveOrCreate(m.ctx, [{ kind: 'wechat_openid', value: 'o-1' }], {
      displayName: '微信用户',
    });
    const b = await crm.resolveOrCreate(m.ctx, [
      { kind: 'wechat_unionid', value: 'u-1' },
      { kind: 'wechat_openid', value: 'o-1' },
    ]);
    const c = await crm.resolveOrCreate(m.ctx, [{ kind: 'wechat_unionid', value: 'u-1' }]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect((await crm.get(m.ctx, a!)).displayName).toBe('微信用户');
    expect((await crm.identitiesOf(m.ctx, a!)).map((i) => `${i.kind}:${i.value}`)).toEqual([
      'wechat_openid:o-1',
      'wechat_unionid:u-1',
    ]);
  });

  it('uses the oldest customer when a buyer’s identities point at two, and keeps merchants apart', async () => {
    const m = await merchant();
    const first = await crm.resolveOrCreate(m.ctx, [{ kind: 'taobao_nick', value: 'tea-lover' }]);
    const second = await crm.resolveOrCreate(m.ctx, [{ kind: 'phone', value: '13800000001' }]);
    expect(second).not.toBe(first);
    const both = await crm.resolveOrCreate(m.ctx, [
      { kind: 'phone', value: '13800000001' },
      { kind: 'taobao_nick', value: 'tea-lover' },
      { kind: 'weibo_uid', value: '5550001' },
    ]);
    expect(both).toBe([first, second].sort()[0]);
    expect(await countRows(t, 'customers', m.id)).toBe(2);
    expect(await countRows(t, 'customer_identities', m.id)).toBe(3);

    const other = await merchant();
    const elsewhere = await crm.resolveOrCreate(other.ctx, [{ kind: 'taobao_nick', value: 'tea-lover' }]);
    expect(elsewhere).not.toBe(first);
    await expect(crm.get(other.ctx, first!)).rejects.toMatchObject({ status: 404 });
  });

  it('resolves a page of buyers at once, joining buyers of the page that share an identity', async () => {
    const m = await merchant();
    const known = await crm.resolveOrCreate(m.ctx, [{ kind: 'weibo_uid', value: 'w-9' }]);
    const ids = await crm.resolveMany(m.ctx, [
      { identities: [{ kind: 'taobao_open_id', value: 'AAE-1' }], profile: { displayName: 'one' } },
      { identities: [{ kind: 'weibo_uid', value: 'w-9' }] },
      {
        identities: [
          { kind: 'taobao_open_id', value: 'AAE-1' },
          { kind: 'phone', value: '13900000009' },
        ],
      },
      { identities: [] },
      { identities: [{ kind: 'phone', value: '13900000009' }] },
    ]);
    expect(ids[1]).toBe(known);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[4]).toBe(ids[0]);
    expect(ids[3]).toBeNull();
    expect(ids[0]).not.toBe(known);
    expect(await countRows(t, 'customers', m.id)).toBe(2);
  });

  it('settles concurrent first sights of one buyer to one customer', async () => {
    const m = await merchant();
    const ids = await Promise.all(
      Array.from({ length: 5 }, () =>
        crm.resolveOrCreate(m.ctx, [{ kind: 'wechat_openid', value: 'o-race' }]),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await countRows(t, 'customers', m.id)).toBe(1);
  });
});
