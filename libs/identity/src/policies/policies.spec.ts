import { Actor, RequestContext, newId } from '@tongdao/kernel';
import { maskAddress, maskName, maskPhone } from './masking';
import { OrderAccessPolicy } from './order-access.policy';
import { RefundPolicy } from './refund.policy';

function ctxFor(actor: Partial<Omit<Actor, 'permissions'>> & { permissions?: string[] }): RequestContext {
  const full: Actor = {
    kind: 'staff',
    staffId: newId(),
    name: 'someone',
    isOwner: false,
    shopScope: 'all',
    orderScope: 'all',
    refundLimitFen: null,
    ...actor,
    permissions: new Set(actor.permissions ?? []),
  };
  return new RequestContext('r', newId(), full);
}

describe('masking', () => {
  it('masks a mainland mobile as 138****5678', () => expect(maskPhone('13812345678')).toBe('138****5678'));
  it('keeps null', () => expect(maskPhone(null)).toBeNull());
  it('masks short numbers entirely', () => expect(maskPhone('12345')).toBe('*****'));
  it('keeps the first two characters of an address', () =>
    expect(maskAddress('文一西路969号')).toBe('文一******'));
  it('keeps the family name', () => expect(maskName('张三丰')).toBe('张**'));
});

describe('OrderAccessPolicy', () => {
  const policy = new OrderAccessPolicy();
  const shopA = newId();
  const shopB = newId();

  it('cs_agent sees only orders assigned to them, in their shops', () => {
    const agent = ctxFor({ permissions: ['order.read'], orderScope: 'assigned', shopScope: [shopA] });
    const me = agent.staffId!;
    expect(policy.visibleScope(agent)).toEqual({ shopIds: [shopA], assignedStaffId: me });
    expect(policy.canSee(agent, { shopId: shopA, assignedStaffId: me })).toBe(true);
    expect(policy.canSee(agent, { shopId: shopA, assignedStaffId: newId() })).toBe(false);
    expect(policy.canSee(agent, { shopId: shopA, assignedStaffId: null })).toBe(false);
    expect(policy.canSee(agent, { shopId: shopB, assignedStaffId: me })).toBe(false);
    expect(() => policy.assertCanActOn(agent, { id: newId(), shopId: shopB, assignedStaffId: me })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('cs_supervisor sees every order of their shops', () => {
    const supervisor = ctxFor({ permissions: ['order.read'], shopScope: [shopA] });
    expect(policy.canSee(supervisor, { shopId: shopA, assignedStaffId: newId() })).toBe(true);
    expect(policy.canSee(supervisor, { shopId: shopB, assignedStaffId: null })).toBe(false);
  });

  it('owner and system see everything and see PII', () => {
    const owner = ctxFor({ isOwner: true });
    expect(policy.canSee(owner, { shopId: shopB, assignedStaffId: null })).toBe(true);
    expect(policy.canSeePii(owner)).toBe(true);
    expect(policy.canSeePii(RequestContext.system(newId(), 'r'))).toBe(true);
  });

  it('PII is masked unless customer.read_pii is held', () => {
    expect(policy.canSeePii(ctxFor({ permissions: ['order.read'] }))).toBe(false);
    expect(policy.canSeePii(ctxFor({ permissions: ['order.read', 'customer.read_pii'] }))).toBe(true);
  });

  it('refuses actors without order.read', () => {
    expect(() => policy.visibleScope(ctxFor({ permissions: ['stock.read'] }))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});

describe('RefundPolicy', () => {
  const policy = new RefundPolicy();
  it('caps a supervisor at the merchant limit', () => {
    const supervisor = ctxFor({ permissions: ['order.refund'], refundLimitFen: 50000 });
    expect(() => policy.assertWithinLimit(supervisor, 50000)).not.toThrow();
    expect(() => policy.assertWithinLimit(supervisor, 50001)).toThrow(
      expect.objectContaining({ code: 'refund_limit_exceeded' }),
    );
  });
  it('lets owner and admin refund without limit', () => {
    expect(() => policy.assertWithinLimit(ctxFor({ isOwner: true }), 10_000_000)).not.toThrow();
    expect(() =>
      policy.assertWithinLimit(ctxFor({ permissions: ['order.refund'], refundLimitFen: null }), 10_000_000),
    ).not.toThrow();
  });
  it('refuses without order.refund and refuses non-integer amounts', () => {
    expect(() => policy.assertWithinLimit(ctxFor({ permissions: [] }), 1)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => policy.assertWithinLimit(ctxFor({ isOwner: true }), 1.5)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
