import type Redis from 'ioredis';
import { REDIS } from '@tongdao/persistence';
import { TestApp, bearer, createStaffWithRole, signupMerchant, startTestApp } from '@tongdao/testing';

describe('login, tokens and throttling (MariaDB + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        LOGIN_MAX_FAILURES_PER_IP: '8',
        LOGIN_LOCK_SECONDS: '60',
        TOKEN_TTL_SECONDS: '60',
      },
    });
  });
  afterAll(async () => t.close());
  const redis = (): Redis => t.app.get<Redis>(REDIS);

  it('signs up, logs in with the phone, and uses the token', async () => {
    const m = await signupMerchant(t);
    const res = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: m.phone, password: m.password })
      .expect(200);
    expect(res.body).toEqual({ accessToken: expect.stringMatching(/^td_[A-Za-z0-9_-]{43}$/), expiresIn: 60 });
    // Only the token's SHA-256 is stored, expiring TOKEN_TTL_SECONDS from now.
    const sessions: Array<{ token_hash: string; expires_at: Date }> = await t.dataSource.query(
      'SELECT token_hash, expires_at FROM sessions WHERE staff_id = ?',
      [m.staffId],
    );
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(res.body.accessToken).digest('hex');
    const stored = sessions.find((row) => row.token_hash === hash);
    expect(stored).toBeDefined();
    expect(JSON.stringify(sessions)).not.toContain(res.body.accessToken);
    const ttl = (new Date(stored!.expires_at).getTime() - Date.now()) / 1000;
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(61);
    const me = await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(res.body.accessToken))
      .expect(200);
    expect(me.body.id).toBe(m.merchantId);
  });

  it('answers a wrong password and an unknown login the same way', async () => {
    const m = await signupMerchant(t);
    const wrong = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: m.phone, password: 'not-the-password' })
      .expect(401);
    const unknown = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: 'nobody.here', password: 'whatever1' })
      .expect(401);
    expect(wrong.body.code).toBe('invalid_credentials');
    expect(unknown.body.code).toBe('invalid_credentials');
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('locks an account after too many failures, even for the right password, per account', async () => {
    const m = await signupMerchant(t);
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/admin/v1/auth/login')
        .send({ login: m.phone, password: `bad-${i}-password` })
        .expect(401);
    }
    const locked = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: m.phone, password: m.password })
      .expect(429);
    expect(locked.body.code).toBe('too_many_requests');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // The counter lives in Redis under the app's prefix, shared by every api process.
    const keys = await redis().keys(`${t.config.REDIS_KEY_PREFIX}:throttle:*`);
    expect(keys.some((k) => k.includes(m.phone))).toBe(true);
    // Another account is not affected.
    const other = await signupMerchant(t);
    await t.http
      .post('/admin/v1/auth/login')
      .send({ login: other.phone, password: other.password })
      .expect(200);
  });

  it('throttles one IP that fails across many accounts', async () => {
    // This suite's earlier failures count too; keep failing until the IP limit (8) bites.
    let status = 401;
    for (let i = 0; i < 10 && status === 401; i++) {
      const res = await t.http
        .post('/admin/v1/auth/login')
        .send({ login: `ghost.${i}.acct`, password: 'nope-nope-1' });
      status = res.status;
    }
    expect(status).toBe(429);
    const m = await signupMerchant(t);
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: m.password }).expect(429);
    await redis().del(...(await redis().keys(`${t.config.REDIS_KEY_PREFIX}:throttle:login:ip:*`)));
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: m.password }).expect(200);
  });

  it('a successful login resets the account counter', async () => {
    // Runs after the IP test, which cleared the address counters.
    const m = await signupMerchant(t);
    const fail = (): Promise<unknown> =>
      t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: 'wrong-password' }).expect(401);
    await fail();
    await fail();
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: m.password }).expect(200);
    await fail();
    await fail();
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: m.password }).expect(200);
    await fail();
    await fail();
    await fail();
    await t.http.post('/admin/v1/auth/login').send({ login: m.phone, password: m.password }).expect(429);
    const [key] = await redis().keys(`${t.config.REDIS_KEY_PREFIX}:throttle:login:account:${m.phone}`);
    expect(await redis().ttl(key)).toBeGreaterThan(50);
  });

  it('revokes a token on logout', async () => {
    const m = await signupMerchant(t);
    await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(m.token))
      .expect(200);
    await t.http
      .post('/admin/v1/auth/logout')
      .set(...bearer(m.token))
      .expect(204);
    const res = await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(m.token))
      .expect(401);
    expect(res.body.code).toBe('invalid_token');
  });

  it('refuses an expired token', async () => {
    const m = await signupMerchant(t);
    await t.dataSource.query(`UPDATE sessions SET expires_at = ? WHERE staff_id = ?`, [
      new Date(Date.now() - 1000),
      m.staffId,
    ]);
    const res = await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(m.token))
      .expect(401);
    expect(res.body.code).toBe('token_expired');
  });

  it('refuses missing, malformed and made-up tokens', async () => {
    expect((await t.http.get('/admin/v1/staff').expect(401)).body.code).toBe('unauthenticated');
    await t.http.get('/admin/v1/staff').set('Authorization', 'Basic abc').expect(401);
    await t.http
      .get('/admin/v1/staff')
      .set(...bearer('td_made_up_token_value_123'))
      .expect(401);
  });

  it('disabling a staff member ends their sessions; the owner cannot be disabled', async () => {
    const m = await signupMerchant(t);
    const agent = await createStaffWithRole(t, m.token, 'cs_agent');
    await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(agent.token))
      .expect(200);
    await t.http
      .patch(`/admin/v1/staff/${agent.staffId}`)
      .set(...bearer(m.token))
      .send({ status: 'disabled' })
      .expect(200);
    await t.http
      .get('/admin/v1/merchant')
      .set(...bearer(agent.token))
      .expect(401);
    const relogin = await t.http
      .post('/admin/v1/auth/login')
      .send({ login: agent.login, password: 'staff-password-1' });
    expect(relogin.status).toBe(403);
    expect(relogin.body.code).toBe('account_disabled');
    const owner = await t.http
      .patch(`/admin/v1/staff/${m.staffId}`)
      .set(...bearer(m.token))
      .send({ status: 'disabled' })
      .expect(409);
    expect(owner.body.code).toBe('owner_cannot_be_disabled');
  });

  it('refuses a second signup with the same phone', async () => {
    const m = await signupMerchant(t);
    const res = await t.http
      .post('/admin/v1/signup')
      .send({ merchantName: 'Copycat', shopName: 'x', phone: m.phone, password: 'another-password' })
      .expect(409);
    expect(res.body.code).toBe('phone_taken');
  });
});
