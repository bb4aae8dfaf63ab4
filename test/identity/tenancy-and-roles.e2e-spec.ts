import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';

describe('tenant isolation and built-in roles (MariaDB + Redis)', () => {
  let t: TestApp;
  let a: SignedUpMerchant;
  let b: SignedUpMerchant;
  let bAgentId: string;
  let bRoleId: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await signupMerchant(t, { merchantName: 'A' });
    b = await signupMerchant(t, { merchantName: 'Bravo Secret' });
    bAgentId = (await createStaffWithRole(t, b.token, 'cs_agent')).staffId;
    bRoleId = (await t.http.get('/admin/v1/roles').set(...bearer(b.token))).body[0].id;
  });
  afterAll(async () => t.close());

  describe('merchant A never sees or touches merchant B', () => {
    it.each([
      ['staff', () => `/admin/v1/staff/${b.staffId}`],
      ['agent', () => `/admin/v1/staff/${bAgentId}`],
      ['shop', () => `/admin/v1/shops/${b.shopId}`],
    ])('GET %s of B → 404', async (_name, path) => {
      const res = await t.http
        .get(path())
        .set(...bearer(a.token))
        .expect(404);
      expect(res.body.code).toBe('not_found');
      expect(JSON.stringify(res.body)).not.toContain('Bravo');
    });

    it('lists contain only A rows', async () => {
      const staff = await t.http
        .get('/admin/v1/staff')
        .set(...bearer(a.token))
        .expect(200);
      expect(staff.body.items.map((s: { id: string }) => s.id)).toEqual([a.staffId]);
      const shops = await t.http
        .get('/admin/v1/shops')
        .set(...bearer(a.token))
        .expect(200);
      expect(shops.body.items.map((s: { id: string }) => s.id)).toEqual([a.shopId]);
      const roles = await t.http
        .get('/admin/v1/roles')
        .set(...bearer(a.token))
        .expect(200);
      expect(roles.body.map((r: { id: string }) => r.id)).not.toContain(bRoleId);
      const audit = await t.http
        .get('/admin/v1/audit-log?limit=100')
        .set(...bearer(a.token))
        .expect(200);
      expect(
        audit.body.items.every(
          (e: { targetId: string }) => e.targetId !== b.merchantId && e.targetId !== bAgentId,
        ),
      ).toBe(true);
      const merchant = await t.http
        .get('/admin/v1/merchant')
        .set(...bearer(a.token))
        .expect(200);
      expect(merchant.body.id).toBe(a.merchantId);
    });

    it('A cannot change B staff or shops, nor grant B roles or shops', async () => {
      await t.http
        .patch(`/admin/v1/staff/${bAgentId}`)
        .set(...bearer(a.token))
        .send({ name: 'hijacked' })
        .expect(404);
      await t.http
        .patch(`/admin/v1/shops/${b.shopId}`)
        .set(...bearer(a.token))
        .send({ name: 'hijacked' })
        .expect(404);
      const grant = await t.http
        .post('/admin/v1/staff')
        .set(...bearer(a.token))
        .send({ name: 'x', login: 'cross.tenant', password: 'password-123', roleIds: [bRoleId] })
        .expect(400);
      expect(grant.body.code).toBe('unknown_role');
      const shop = await t.http
        .post('/admin/v1/staff')
        .set(...bearer(a.token))
        .send({
          name: 'x',
          login: 'cross.tenant2',
          password: 'password-123',
          roleIds: [],
          shopIds: [b.shopId],
        })
        .expect(400);
      expect(shop.body.code).toBe('unknown_shop');
      const agent = await t.http
        .get(`/admin/v1/staff/${bAgentId}`)
        .set(...bearer(b.token))
        .expect(200);
      expect(agent.body.name).toBe('cs_agent person');
    });
  });

  describe('built-in roles: allowed and denied', () => {
    const probes: Array<[string, string, string, () => object | undefined]> = [
      ['staff list', 'get', '/admin/v1/staff', () => undefined],
      [
        'role create',
        'post',
        '/admin/v1/roles',
        () => ({ code: `r${Date.now() % 1e6}`, name: 'r', permissions: ['order.read'] }),
      ],
      ['shop create', 'post', '/admin/v1/shops', () => ({ name: 'Second shop' })],
      ['merchant patch', 'patch', '/admin/v1/merchant', () => ({ refundLimitFen: 20000 })],
      ['audit log', 'get', '/admin/v1/audit-log', () => undefined],
      ['dead letters', 'get', '/admin/v1/dead-letters', () => undefined],
      ['merchant read', 'get', '/admin/v1/merchant', () => undefined],
      ['permissions', 'get', '/admin/v1/permissions', () => undefined],
      ['shops read', 'get', '/admin/v1/shops', () => undefined],
      ['roles read', 'get', '/admin/v1/roles', () => undefined],
      ['orders', 'get', '/admin/v1/orders', () => undefined],
      ['products', 'get', '/admin/v1/products', () => undefined],
      ['warehouses', 'get', '/admin/v1/warehouses', () => undefined],
    ];
    const everyone = ['merchant read', 'permissions', 'shops read'];
    const allowed: Record<string, string[]> = {
      admin: probes.map((p) => p[0]),
      cs_supervisor: [...everyone, 'orders', 'products', 'warehouses'],
      cs_agent: [...everyone, 'orders', 'products', 'warehouses'],
      warehouse: [...everyone, 'orders', 'products', 'warehouses'],
      marketing: [...everyone, 'products'],
      finance: [...everyone, 'audit log', 'orders'],
    };

    it.each(Object.keys(allowed))('%s', async (role) => {
      const staff = await createStaffWithRole(t, a.token, role);
      for (const [name, method, path, body] of probes) {
        const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)
          [method](path)
          .set(...bearer(staff.token));
        const res = await (body() ? req.send(body()) : req);
        if (allowed[role].includes(name)) {
          expect({ role, name, ok: res.status >= 200 && res.status < 300 }).toEqual({ role, name, ok: true });
        } else {
          expect({ role, name, status: res.status, code: res.body.code }).toEqual({
            role,
            name,
            status: 403,
            code: 'missing_permission',
          });
        }
      }
    });

    it('the owner can do everything', async () => {
      for (const [name, method, path, body] of probes) {
        const req = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)
          [method](path)
          .set(...bearer(a.token));
        const res = await (body() ? req.send(body()) : req);
        expect({ name, ok: res.status >= 200 && res.status < 300 }).toEqual({ name, ok: true });
      }
    });

    it('nobody grants more than they hold', async () => {
      const supervisorRole = await t.http.get('/admin/v1/roles').set(...bearer(a.token));
      const customRole = await t.http
        .post('/admin/v1/roles')
        .set(...bearer(a.token))
        .send({ code: 'staff_admin', name: 'Staff admin', permissions: ['staff.manage', 'order.read'] })
        .expect(201);
      const limited = await createStaffWithRole(t, a.token, 'staff_admin');
      const adminRoleId = supervisorRole.body.find((r: { code: string }) => r.code === 'admin').id;
      const res = await t.http
        .post('/admin/v1/staff')
        .set(...bearer(limited.token))
        .send({ name: 'x', login: 'escalate.me', password: 'password-123', roleIds: [adminRoleId] })
        .expect(403);
      expect(res.body.code).toBe('privilege_escalation');
      await t.http
        .post('/admin/v1/staff')
        .set(...bearer(limited.token))
        .send({ name: 'y', login: 'fine.grant', password: 'password-123', roleIds: [customRole.body.id] })
        .expect(201);
      const ownerEdit = await t.http
        .patch(`/admin/v1/staff/${a.staffId}`)
        .set(...bearer(limited.token))
        .send({ name: 'x' })
        .expect(403);
      expect(ownerEdit.body.code).toBe('owner_protected');
      const unknownPermission = await t.http
        .post('/admin/v1/roles')
        .set(...bearer(a.token))
        .send({ code: 'weird', name: 'w', permissions: ['order.fly'] })
        .expect(400);
      expect(unknownPermission.body.details).toEqual([
        { field: 'permissions', problem: 'unknown permission order.fly' },
      ]);
    });

    it('the actor carries the cs tiers: agents assigned-only, supervisors capped at the refund limit', async () => {
      await t.http
        .patch('/admin/v1/merchant')
        .set(...bearer(a.token))
        .send({ refundLimitFen: 30000 })
        .expect(200);
      const { AuthService } = await import('@tongdao/identity');
      const { RequestContext } = await import('@tongdao/kernel');
      const auth = t.app.get(AuthService);
      const agent = await createStaffWithRole(t, a.token, 'cs_agent', { shopIds: [a.shopId] });
      const supervisor = await createStaffWithRole(t, a.token, 'cs_supervisor');
      const agentCtx = await auth.authenticate(agent.token, RequestContext.anonymous('r'));
      expect(agentCtx.actor).toMatchObject({
        orderScope: 'assigned',
        shopScope: [a.shopId],
        refundLimitFen: 30000,
      });
      expect(agentCtx.can('customer.read_pii')).toBe(false);
      const supervisorCtx = await auth.authenticate(supervisor.token, RequestContext.anonymous('r'));
      expect(supervisorCtx.actor).toMatchObject({
        orderScope: 'all',
        shopScope: 'all',
        refundLimitFen: 30000,
      });
      expect(supervisorCtx.can('order.refund')).toBe(true);
      const adminStaff = await createStaffWithRole(t, a.token, 'admin');
      const adminCtx = await auth.authenticate(adminStaff.token, RequestContext.anonymous('r'));
      expect(adminCtx.actor?.refundLimitFen).toBeNull();

      // The same actors through the policies the order desk uses.
      const { OrderAccessPolicy, RefundPolicy } = await import('@tongdao/identity');
      const orders = t.app.get(OrderAccessPolicy);
      const refunds = t.app.get(RefundPolicy);
      expect(orders.visibleScope(agentCtx)).toEqual({ shopIds: [a.shopId], assignedStaffId: agent.staffId });
      expect(orders.visibleScope(supervisorCtx)).toEqual({ shopIds: 'all', assignedStaffId: null });
      expect(() =>
        orders.assertCanActOn(agentCtx, { shopId: a.shopId, assignedStaffId: supervisor.staffId }),
      ).toThrow(expect.objectContaining({ status: 404 }));
      expect(orders.canSeePii(agentCtx)).toBe(false);
      expect(orders.canSeePii(supervisorCtx)).toBe(true);
      expect(() => refunds.assertWithinLimit(supervisorCtx, 30000)).not.toThrow();
      expect(() => refunds.assertWithinLimit(supervisorCtx, 30001)).toThrow(
        expect.objectContaining({ status: 403, code: 'refund_limit_exceeded' }),
      );
      expect(() => refunds.assertWithinLimit(agentCtx, 100)).toThrow(
        expect.objectContaining({ code: 'missing_permission' }),
      );
      expect(() => refunds.assertWithinLimit(adminCtx, 10_000_000)).not.toThrow();
    });
  });
});
