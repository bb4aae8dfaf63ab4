import { BuyerSessionRetention } from '@tongdao/storefront';
import { TestApp, bearer, signupMerchant, startTestApp } from '@tongdao/testing';
import { Sandbox, startSandbox } from '../sandbox/wechat-client';
import { StoreFixture, createBuyer, oauthCode, openStore, signInBuyer, storePath } from './store-support';

describe('WeChat store: buyer sign-in (OAuth) and buyer access', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let store: StoreFixture;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox()]);
    store = await openStore(t, sandbox, { products: [] });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('builds the authorize URL of the store account, and refuses a bad redirectUri, scope or state', async () => {
    const res = await t.http
      .get(storePath(store, '/auth/wechat'))
      .query({ redirectUri: 'https://shop.example.com/wx?from=menu', scope: 'snsapi_base', state: 'abc123' })
      .expect(200);
    const url = res.body.authorizeUrl as string;
    expect(url).toBe(
      `http://127.0.0.1:${sandbox.port}/connect/oauth2/authorize?appid=${store.account.appId}` +
        `&redirect_uri=${encodeURIComponent('https://shop.example.com/wx?from=menu')}` +
        '&response_type=code&scope=snsapi_base&state=abc123#wechat_redirect',
    );
    const bad = [
      { redirectUri: 'javascript:alert(1)', scope: 'snsapi_base' },
      { redirectUri: 'https://shop.example.com/', scope: 'snsapi_everything' },
      { redirectUri: 'https://shop.example.com/', scope: 'snsapi_base', state: 'not ok!' },
      { redirectUri: 'https://shop.example.com/', scope: 'snsapi_base', state: 'a'.repeat(129) },
      { redirectUri: 'https://shop.example.com/', scope: 'snsapi_base', extra: '1' },
    ];
    for (const query of bad) {
      const refused = await t.http.get(storePath(store, '/auth/wechat')).query(query).expect(400);
      expect(refused.body.code).toBe('validation_failed');
    }
  });

  it('signs a buyer in silently (snsapi_base): openid only, one customer, a session that reads /me', async () => {
    const follower = await createBuyer(sandbox, store, { nickname: 'Silent' });
    const first = await signInBuyer(t, store, { follower, scope: 'snsapi_base' });
    expect(first).toMatchObject({ openid: follower.openid, unionid: null, nickname: null });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(first.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(t.config.STORE_SESSION_HOURS - 0.1);
    expect(hours).toBeLessThanOrEqual(t.config.STORE_SESSION_HOURS);
    const me = await t.http
      .get(storePath(store, '/me'))
      .set(...bearer(first.token))
      .expect(200);
    expect(me.body).toMatchObject({
      customerId: first.customerId,
      shopId: store.shopId,
      channelAccountId: store.channelAccountId,
      openid: follower.openid,
    });
    // Again: the same customer, a new session; only the token's hash is stored.
    const second = await signInBuyer(t, store, { follower, scope: 'snsapi_base' });
    expect(second.customerId).toBe(first.customerId);
    expect(second.token).not.toBe(first.token);
    const rows: Array<{ token_hash: string }> = await t.dataSource.query(
      'SELECT token_hash FROM store_buyer_sessions WHERE customer_id = ?',
      [first.customerId],
    );
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain(first.token);
  });

  it('reads the nickname and unionid with snsapi_userinfo', async () => {
    const buyer = await signInBuyer(t, store, { nickname: '阿花', unionid: 'oUnion_store_buyers_1' });
    expect(buyer).toMatchObject({ nickname: '阿花', unionid: 'oUnion_store_buyers_1' });
    const me = await t.http
      .get(storePath(store, '/me'))
      .set(...bearer(buyer.token))
      .expect(200);
    expect(me.body).toMatchObject({ nickname: '阿花', unionid: 'oUnion_store_buyers_1' });
  });

  it('refuses a used, an unknown and a malformed code', async () => {
    const follower = await createBuyer(sandbox, store);
    const code = await oauthCode(t, store, follower.openid);
    await t.http.post(storePath(store, '/auth/wechat')).send({ code }).expect(200);
    const used = await t.http.post(storePath(store, '/auth/wechat')).send({ code }).expect(400);
    expect(used.body.code).toBe('oauth_code_invalid');
    expect(used.body.details[0].problem).toContain('40163');
    const unknown = await t.http
      .post(storePath(store, '/auth/wechat'))
      .send({ code: 'A'.repeat(32) })
      .expect(400);
    expect(unknown.body.code).toBe('oauth_code_invalid');
    expect(unknown.body.details[0].problem).toContain('40029');
    for (const body of [{}, { code: '' }, { code: 42 }, { code: 'abc', extra: 1 }, { code: 'a b' }]) {
      const res = await t.http.post(storePath(store, '/auth/wechat')).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('makes one customer of a person who signs in to two shops of the merchant (same unionid)', async () => {
    const shop = await t.http
      .post('/admin/v1/shops')
      .set(...bearer(store.merchant.token))
      .send({ name: 'Second shop' })
      .expect(201);
    const second = await openStore(t, sandbox, {
      merchant: store.merchant,
      shopId: shop.body.id,
      products: [],
    });
    const unionid = 'oUnion_merge_person_7';
    const here = await signInBuyer(t, store, { unionid });
    const there = await signInBuyer(t, second, { unionid });
    expect(there.openid).not.toBe(here.openid);
    expect(there.customerId).toBe(here.customerId);
    const identities: Array<{ kind: string; value: string }> = await t.dataSource.query(
      'SELECT kind, value FROM customer_identities WHERE customer_id = ? ORDER BY kind, value',
      [here.customerId],
    );
    expect(identities).toEqual(
      expect.arrayContaining([
        { kind: 'wechat_openid', value: here.openid },
        { kind: 'wechat_openid', value: there.openid },
        { kind: 'wechat_unionid', value: unionid },
      ]),
    );
    // Each session is its own shop's: the other shop's routes refuse it.
    const wrong = await t.http
      .get(storePath(second, '/me'))
      .set(...bearer(here.token))
      .expect(403);
    expect(wrong.body.code).toBe('wrong_shop');
    // Another merchant's buyers are other customers, even with the same unionid.
    const other = await openStore(t, sandbox, { products: [] });
    const stranger = await signInBuyer(t, other, { unionid });
    expect(stranger.customerId).not.toBe(here.customerId);
  });

  it('refuses missing, unknown, expired, signed-out and staff tokens; buyer tokens do not open admin routes', async () => {
    const buyer = await signInBuyer(t, store);
    const me = (token?: string) => {
      const req = t.http.get(storePath(store, '/me'));
      return token ? req.set(...bearer(token)) : req;
    };
    expect((await me().expect(401)).body.code).toBe('unauthenticated');
    expect((await me('x'.repeat(43)).expect(401)).body.code).toBe('invalid_token');
    expect((await me(store.merchant.token).expect(401)).body.code).toBe('invalid_token');
    await t.http
      .get('/admin/v1/products')
      .set(...bearer(buyer.token))
      .expect(401);

    const expiring = await signInBuyer(t, store);
    await t.dataSource.query('UPDATE store_buyer_sessions SET expires_at = ? WHERE customer_id = ?', [
      new Date(Date.now() - 1000),
      expiring.customerId,
    ]);
    expect((await me(expiring.token).expect(401)).body.code).toBe('token_expired');

    await me(buyer.token).expect(200);
    await t.http
      .post(storePath(store, '/auth/sign-out'))
      .set(...bearer(buyer.token))
      .expect(204);
    expect((await me(buyer.token).expect(401)).body.code).toBe('invalid_token');
  });

  it('deletes expired sessions hourly and keeps live ones', async () => {
    const [live, stale] = [await signInBuyer(t, store), await signInBuyer(t, store)];
    await t.dataSource.query('UPDATE store_buyer_sessions SET expires_at = ? WHERE customer_id = ?', [
      new Date(Date.now() - 60_000),
      stale.customerId,
    ]);
    const sessionsOf = async (customerId: string) =>
      Number(
        (
          await t.dataSource.query<Array<{ n: string | number }>>(
            'SELECT COUNT(*) AS n FROM store_buyer_sessions WHERE customer_id = ?',
            [customerId],
          )
        )[0].n,
      );
    expect(await t.app.get(BuyerSessionRetention).pruneOnce()).toBeGreaterThanOrEqual(1);
    expect(await sessionsOf(stale.customerId)).toBe(0);
    expect(await sessionsOf(live.customerId)).toBe(1);
    await t.http
      .get(storePath(store, '/me'))
      .set(...bearer(live.token))
      .expect(200);
  });

  it('answers 404 for an unknown shop and store_not_open for a shop without a WeChat account', async () => {
    const query = { redirectUri: 'https://shop.example.com/', scope: 'snsapi_base' };
    await t.http.get('/store/v1/shops/01JUNKNOWNSHOP000000000000/auth/wechat').query(query).expect(404);
    const bare = await signupMerchant(t);
    const res = await t.http.get(`/store/v1/shops/${bare.shopId}/auth/wechat`).query(query).expect(404);
    expect(res.body.code).toBe('store_not_open');
  });
});
