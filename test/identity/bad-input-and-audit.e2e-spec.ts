import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp } from '@tongdao/testing';

async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['merchants', 'shops', 'staff', 'roles', 'sessions', 'audit_log']) {
    const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
    out[table] = Number(row.n);
  }
  return out;
}

describe('bad input changes nothing; every mutation is audited (MariaDB + Redis)', () => {
  let t: TestApp;
  let m: SignedUpMerchant;
  beforeAll(async () => {
    t = await startTestApp();
    m = await signupMerchant(t);
  });
  afterAll(async () => t.close());

  const good = { merchantName: 'Shop', shopName: 'Main', phone: '13900001111', password: 'long-enough-pw' };
  it.each([
    ['unknown field', { ...good, isAdmin: true }, 'isAdmin', 'unknown field'],
    ['wrong type', { ...good, phone: 13900001111 }, 'phone', undefined],
    ['bad phone', { ...good, phone: '12345' }, 'phone', undefined],
    ['short password', { ...good, password: 'short' }, 'password', undefined],
    ['a blank shop name', { ...good, shopName: '   ' }, 'shopName', 'shopName must not be blank'],
    ['an over-long password', { ...good, password: 'p'.repeat(73) }, 'password', undefined],
    [
      'missing field',
      { merchantName: 'x', phone: '13900001111', password: 'long-enough-pw' },
      'shopName',
      undefined,
    ],
  ])('signup with %s → 400 validation_failed naming the field', async (_name, body, field, problem) => {
    const before = await counts(t);
    const res = await t.http.post('/admin/v1/signup').send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    if (problem) expect(res.body.details).toContainEqual({ field, problem });
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['a JSON array', 'invalid_body', 400, '[1,2]'],
    ['a bare JSON string', 'malformed_json', 400, '"hello"'],
    ['broken JSON', 'malformed_json', 400, '{"merchantName": '],
    [
      'an oversized body',
      'payload_too_large',
      413,
      JSON.stringify({ ...good, merchantName: 'x'.repeat(400_000) }),
    ],
  ])('signup with %s → %s', async (_name, code, status, raw) => {
    const before = await counts(t);
    const res = await t.http
      .post('/admin/v1/signup')
      .set('Content-Type', 'application/json')
      .send(raw)
      .expect(status);
    expect(res.body).toMatchObject({ code, message: expect.any(String), details: expect.any(Array) });
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['an unknown field', { login: '13900001111', password: 'long-enough-pw', remember: true }, 'remember'],
    ['a wrong type', { login: 13900001111, password: 'long-enough-pw' }, 'login'],
    ['an empty password', { login: '13900001111', password: '' }, 'password'],
    ['a missing login', { password: 'long-enough-pw' }, 'login'],
  ])('login with %s → 400 validation_failed naming the field', async (_name, body, field) => {
    const before = await counts(t);
    const res = await t.http.post('/admin/v1/auth/login').send(body).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['broken JSON', 'malformed_json', 400, '{"login": "x", '],
    ['a JSON array', 'invalid_body', 400, '["13900001111", "pw"]'],
    [
      'an oversized body',
      'payload_too_large',
      413,
      JSON.stringify({ login: 'x', password: 'y'.repeat(400_000) }),
    ],
  ])('login with %s → %s', async (_name, code, status, raw) => {
    const before = await counts(t);
    const res = await t.http
      .post('/admin/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(raw)
      .expect(status);
    expect(res.body).toMatchObject({ code, details: expect.any(Array) });
    expect(await counts(t)).toEqual(before);
  });

  it('null where a value is required is refused, not stored or crashed on', async () => {
    const staff = await t.http
      .post('/admin/v1/staff')
      .set(...bearer(m.token))
      .send({ name: 'Null Target', login: `null.${Date.now()}`, password: 'password-123', roleIds: [] })
      .expect(201);
    const before = await counts(t);
    const patches: Array<[string, object, string]> = [
      [`/admin/v1/staff/${staff.body.id}`, { name: null }, 'name'],
      [`/admin/v1/staff/${staff.body.id}`, { status: null }, 'status'],
      [`/admin/v1/staff/${staff.body.id}`, { password: null }, 'password'],
      [`/admin/v1/staff/${staff.body.id}`, { roleIds: null }, 'roleIds'],
      [`/admin/v1/shops/${m.shopId}`, { name: null }, 'name'],
      ['/admin/v1/merchant', { refundLimitFen: null }, 'refundLimitFen'],
    ];
    for (const [path, body, field] of patches) {
      const res = await t.http
        .patch(path)
        .set(...bearer(m.token))
        .send(body);
      expect({ path, body, status: res.status, code: res.body.code }).toEqual({
        path,
        body,
        status: 400,
        code: 'validation_failed',
      });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const after = await t.http
      .get(`/admin/v1/staff/${staff.body.id}`)
      .set(...bearer(m.token))
      .expect(200);
    expect(after.body).toMatchObject({ name: 'Null Target', status: 'active', roleIds: [] });
    expect(await counts(t)).toEqual(before);
    // shopIds is the one field where null means something: every shop.
    const all = await t.http
      .patch(`/admin/v1/staff/${staff.body.id}`)
      .set(...bearer(m.token))
      .send({ shopIds: [m.shopId] })
      .expect(200);
    expect(all.body.shopIds).toEqual([m.shopId]);
    const reset = await t.http
      .patch(`/admin/v1/staff/${staff.body.id}`)
      .set(...bearer(m.token))
      .send({ shopIds: null })
      .expect(200);
    expect(reset.body.shopIds).toBeNull();
  });

  it('staff creation with garbage changes nothing', async () => {
    const before = await counts(t);
    const bodies = [
      { name: 'x', login: 'Bad Login!', password: 'password-123', roleIds: [] },
      { name: 'x', login: 'ok.login', password: 'password-123', roleIds: 'all' },
      { name: 'x', login: 'ok.login', password: 'password-123', roleIds: ['not-an-id'] },
      {
        name: 'x',
        login: 'ok.login',
        password: 'password-123',
        roleIds: [],
        shopIds: ['01ARZ3NDEKTSV4RRFFQ69G5FAV'],
      },
      { name: 'x', login: 'ok.login', password: 'password-123', roleIds: [], superuser: true },
    ];
    for (const body of bodies) {
      const res = await t.http
        .post('/admin/v1/staff')
        .set(...bearer(m.token))
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    const patch = await t.http
      .patch('/admin/v1/merchant')
      .set(...bearer(m.token))
      .send({ refundLimitFen: 12.5 })
      .expect(400);
    expect(patch.body.details[0].field).toBe('refundLimitFen');
    await t.http
      .patch('/admin/v1/merchant')
      .set(...bearer(m.token))
      .send({ refundLimitFen: -1 })
      .expect(400);
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone }).expect(400);
    expect(await counts(t)).toEqual(before);
  });

  it('writes an audit row for every mutating action', async () => {
    const auth = bearer(m.token);
    const shop = await t.http
      .post('/admin/v1/shops')
      .set(...auth)
      .send({ name: 'Second' })
      .expect(201);
    await t.http
      .patch(`/admin/v1/shops/${shop.body.id}`)
      .set(...auth)
      .send({ name: 'Second (renamed)' })
      .expect(200);
    const role = await t.http
      .post('/admin/v1/roles')
      .set(...auth)
      .send({ code: 'packer', name: 'Packer', permissions: ['order.ship'] })
      .expect(201);
    await t.http
      .patch(`/admin/v1/roles/${role.body.id}`)
      .set(...auth)
      .send({ permissions: ['order.ship', 'order.read'] })
      .expect(200);
    const spare = await t.http
      .post('/admin/v1/roles')
      .set(...auth)
      .send({ code: 'spare', name: 'Spare', permissions: [] })
      .expect(201);
    await t.http
      .delete(`/admin/v1/roles/${spare.body.id}`)
      .set(...auth)
      .expect(204);
    const staff = await t.http
      .post('/admin/v1/staff')
      .set(...auth)
      .send({
        name: 'Packer Zhou',
        login: `packer.${Date.now()}`,
        password: 'password-123',
        roleIds: [role.body.id],
      })
      .expect(201);
    await t.http
      .patch(`/admin/v1/staff/${staff.body.id}`)
      .set(...auth)
      .send({ name: 'Packer Zhou II' })
      .expect(200);
    await t.http
      .patch('/admin/v1/merchant')
      .set(...auth)
      .send({ refundLimitFen: 50000 })
      .expect(200);
    const session = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: m.phone, password: m.password })
      .expect(200);
    await t.http
      .post('/admin/v1/auth/logout')
      .set(...bearer(session.body.accessToken))
      .expect(204);

    const log = await t.http
      .get('/admin/v1/audit-log?limit=100')
      .set(...auth)
      .expect(200);
    const actions = log.body.items.map((e: { action: string }) => e.action);
    for (const action of [
      'merchant.signup',
      'shop.create',
      'shop.update',
      'role.create',
      'role.update',
      'role.delete',
      'staff.create',
      'staff.update',
      'merchant.update',
      'auth.login',
      'auth.logout',
    ]) {
      expect(actions).toContain(action);
    }
    const update = log.body.items.find((e: { action: string }) => e.action === 'staff.update');
    expect(update).toMatchObject({
      actorStaffId: m.staffId,
      targetType: 'staff',
      targetId: staff.body.id,
      summary: { name: ['Packer Zhou', 'Packer Zhou II'] },
      requestId: expect.any(String),
    });
    const filtered = await t.http
      .get(`/admin/v1/audit-log?action=shop.update&targetId=${shop.body.id}`)
      .set(...auth)
      .expect(200);
    expect(filtered.body.items).toHaveLength(1);
    await t.http
      .get('/admin/v1/audit-log?from=yesterday')
      .set(...auth)
      .expect(400);
    // No secrets in the log.
    expect(JSON.stringify(log.body)).not.toContain('password-123');
  });
});
