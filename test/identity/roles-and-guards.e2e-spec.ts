import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';
import { DemoSeeder } from '../../apps/api/src/demo/demo.seeder';

interface Role {
  id: string;
  code: string;
  permissions: string[];
}

describe('custom roles, escalation guards and the demo merchant (MariaDB + Redis)', () => {
  let t: TestApp;
  let a: SignedUpMerchant;
  let b: SignedUpMerchant;
  let bCustomRole: Role;
  const roles = async (token: string): Promise<Role[]> =>
    (
      await t.http
        .get('/admin/v1/roles')
        .set(...bearer(token))
        .expect(200)
    ).body;
  const roleId = async (token: string, code: string): Promise<string> =>
    (await roles(token)).find((r) => r.code === code)!.id;

  beforeAll(async () => {
    t = await startTestApp();
    a = await signupMerchant(t);
    b = await signupMerchant(t);
    bCustomRole = (
      await t.http
        .post('/admin/v1/roles')
        .set(...bearer(b.token))
        .send({ code: 'b_only', name: 'B only', permissions: ['order.read'] })
        .expect(201)
    ).body;
  });
  afterAll(async () => t.close());

  it('built-in roles cannot be edited or deleted', async () => {
    for (const code of ['owner', 'admin', 'cs_agent']) {
      const id = await roleId(a.token, code);
      const patch = await t.http
        .patch(`/admin/v1/roles/${id}`)
        .set(...bearer(a.token))
        .send({ permissions: ['order.read'] })
        .expect(409);
      expect(patch.body.code).toBe('built_in_role');
      const del = await t.http
        .delete(`/admin/v1/roles/${id}`)
        .set(...bearer(a.token))
        .expect(409);
      expect(del.body.code).toBe('built_in_role');
    }
    const agent = (await roles(a.token)).find((r) => r.code === 'cs_agent')!;
    expect(agent.permissions).toContain('order.ship');
  });

  it("another merchant's role is not found: read, edit or delete", async () => {
    for (const req of [
      t.http.get(`/admin/v1/roles/${bCustomRole.id}`),
      t.http.patch(`/admin/v1/roles/${bCustomRole.id}`).send({ name: 'hijacked' }),
      t.http.delete(`/admin/v1/roles/${bCustomRole.id}`),
    ]) {
      const res = await req.set(...bearer(a.token));
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const still = await t.http
      .get(`/admin/v1/roles/${bCustomRole.id}`)
      .set(...bearer(b.token))
      .expect(200);
    expect(still.body).toMatchObject({ code: 'b_only', name: 'B only', permissions: ['order.read'] });
  });

  it('a role held by staff cannot be deleted; an edit reaches its holders on their next request', async () => {
    const role = await t.http
      .post('/admin/v1/roles')
      .set(...bearer(a.token))
      .send({ code: 'auditor', name: 'Auditor', permissions: ['order.read'] })
      .expect(201);
    const holder = await createStaffWithRole(t, a.token, 'auditor');
    await t.http
      .get('/admin/v1/audit-log')
      .set(...bearer(holder.token))
      .expect(403);
    await t.http
      .patch(`/admin/v1/roles/${role.body.id}`)
      .set(...bearer(a.token))
      .send({ permissions: ['order.read', 'audit.read'] })
      .expect(200);
    await t.http
      .get('/admin/v1/audit-log')
      .set(...bearer(holder.token))
      .expect(200);
    const inUse = await t.http
      .delete(`/admin/v1/roles/${role.body.id}`)
      .set(...bearer(a.token))
      .expect(409);
    expect(inUse.body.code).toBe('role_in_use');
    await t.http
      .patch(`/admin/v1/staff/${holder.staffId}`)
      .set(...bearer(a.token))
      .send({ roleIds: [] })
      .expect(200);
    await t.http
      .delete(`/admin/v1/roles/${role.body.id}`)
      .set(...bearer(a.token))
      .expect(204);
    expect((await roles(a.token)).map((r) => r.code)).not.toContain('auditor');
    const unknown = await t.http
      .patch(`/admin/v1/roles/${bCustomRole.id}`)
      .set(...bearer(b.token))
      .send({ permissions: ['order.fly'] })
      .expect(400);
    expect(unknown.body.code).toBe('unknown_permission');
  });

  it('a staff.manage holder cannot widen a role, nor edit a stronger role or account', async () => {
    await t.http
      .post('/admin/v1/roles')
      .set(...bearer(a.token))
      .send({ code: 'staff_desk', name: 'Staff desk', permissions: ['staff.manage', 'order.read'] })
      .expect(201);
    const strong = await t.http
      .post('/admin/v1/roles')
      .set(...bearer(a.token))
      .send({ code: 'stocker', name: 'Stocker', permissions: ['stock.adjust'] })
      .expect(201);
    const weak = await t.http
      .post('/admin/v1/roles')
      .set(...bearer(a.token))
      .send({ code: 'reader', name: 'Reader', permissions: ['order.read'] })
      .expect(201);
    const desk = await createStaffWithRole(t, a.token, 'staff_desk');

    const widen = await t.http
      .patch(`/admin/v1/roles/${weak.body.id}`)
      .set(...bearer(desk.token))
      .send({ permissions: ['order.read', 'finance.read'] })
      .expect(403);
    expect(widen.body).toMatchObject({
      code: 'privilege_escalation',
      details: [{ field: 'permissions', problem: 'you do not hold finance.read' }],
    });
    const narrowStrong = await t.http
      .patch(`/admin/v1/roles/${strong.body.id}`)
      .set(...bearer(desk.token))
      .send({ permissions: [] })
      .expect(403);
    expect(narrowStrong.body.code).toBe('privilege_escalation');
    await t.http
      .patch(`/admin/v1/roles/${weak.body.id}`)
      .set(...bearer(desk.token))
      .send({ name: 'Order reader' })
      .expect(200);

    // An admin's password is not the desk's to reset, nor is the admin its to disable.
    const admin = await createStaffWithRole(t, a.token, 'admin');
    for (const body of [{ password: 'taken-over-pw' }, { status: 'disabled' }, { name: 'renamed' }]) {
      const res = await t.http
        .patch(`/admin/v1/staff/${admin.staffId}`)
        .set(...bearer(desk.token))
        .send(body)
        .expect(403);
      expect(res.body.code).toBe('privilege_escalation');
    }
    await t.http
      .post('/admin/v1/auth/login')
      .send({ login: admin.login, password: 'taken-over-pw' })
      .expect(401);
    await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(admin.token))
      .expect(200);

    // A desk limited to one shop cannot touch an all-shops account either.
    const second = await t.http
      .post('/admin/v1/shops')
      .set(...bearer(a.token))
      .send({ name: 'Second' })
      .expect(201);
    const shopDesk = await createStaffWithRole(t, a.token, 'staff_desk', { shopIds: [a.shopId] });
    const reader = await createStaffWithRole(t, a.token, 'reader');
    const outside = await t.http
      .patch(`/admin/v1/staff/${reader.staffId}`)
      .set(...bearer(shopDesk.token))
      .send({ name: 'x' })
      .expect(403);
    expect(outside.body.details).toEqual([{ field: 'id', problem: 'outside your shops: (all shops)' }]);
    const inside = await createStaffWithRole(t, a.token, 'reader', { shopIds: [a.shopId] });
    await t.http
      .patch(`/admin/v1/staff/${inside.staffId}`)
      .set(...bearer(shopDesk.token))
      .send({ name: 'Reader in shop one' })
      .expect(200);
    await t.http
      .patch(`/admin/v1/staff/${inside.staffId}`)
      .set(...bearer(shopDesk.token))
      .send({ shopIds: [second.body.id] })
      .expect(403);
  });

  it('a password change ends the old sessions', async () => {
    const agent = await createStaffWithRole(t, a.token, 'cs_agent');
    await t.http
      .patch(`/admin/v1/staff/${agent.staffId}`)
      .set(...bearer(a.token))
      .send({ password: 'a-brand-new-pw' })
      .expect(200);
    await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(agent.token))
      .expect(401);
    await t.http
      .post('/admin/v1/auth/login')
      .send({ login: agent.login, password: 'a-brand-new-pw' })
      .expect(200);
  });

  it('the demo seeder creates the demo merchant once, with its agent and supervisor', async () => {
    const seeder = t.app.get(DemoSeeder);
    const credentials = { login: '13800000000', password: 'tongdao-demo' };
    expect(await seeder.ensure(undefined)).toEqual(credentials);
    expect(await seeder.ensure(undefined)).toEqual(credentials);
    const merchants: Array<{ n: number }> = await t.dataSource.query(
      "SELECT COUNT(*) AS n FROM merchants WHERE name = 'Demo Tea House'",
    );
    expect(Number(merchants[0].n)).toBe(1);

    const owner = await t.http.post('/admin/v1/auth/login').send(credentials).expect(200);
    const demoRoles = await roles(owner.body.accessToken);
    const staff = await t.http
      .get('/admin/v1/staff')
      .set(...bearer(owner.body.accessToken))
      .expect(200);
    const byLogin = new Map(
      (staff.body.items as Array<{ login: string; roleIds: string[] }>).map((s) => [s.login, s]),
    );
    expect([...byLogin.keys()].sort()).toEqual(['13800000000', 'agent1', 'super1']);
    const codeOf = (login: string): string[] =>
      byLogin.get(login)!.roleIds.map((id) => demoRoles.find((r) => r.id === id)!.code);
    expect(codeOf('agent1')).toEqual(['cs_agent']);
    expect(codeOf('super1')).toEqual(['cs_supervisor']);
    for (const login of ['agent1', 'super1']) {
      await t.http.post('/admin/v1/auth/login').send({ login, password: 'tongdao-demo' }).expect(200);
    }
  });
});
