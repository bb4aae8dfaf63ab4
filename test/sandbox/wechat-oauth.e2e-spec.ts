import { Account, createAccount, createFollower, Follower, Sandbox, startSandbox } from './wechat-client';

describe('sandbox WeChat: OAuth2 web authorisation (§1.9)', () => {
  let sandbox: Sandbox;
  let account: Account;
  let follower: Follower;
  const REDIRECT = 'https://shop.example.com/wx/oauth?from=menu';

  const authorize = (query: Record<string, string>) =>
    sandbox.http.get('/connect/oauth2/authorize').query({
      appid: account.appId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'snsapi_userinfo',
      state: 'abc123',
      sandbox_openid: follower.openid,
      ...query,
    });
  const codeFor = async (query: Record<string, string> = {}) => {
    const res = await authorize(query).expect(302);
    return new URL(res.headers.location).searchParams.get('code') ?? '';
  };
  const exchange = (code: string, secret = account.appSecret) =>
    sandbox.http
      .get('/sns/oauth2/access_token')
      .query({ appid: account.appId, secret, code, grant_type: 'authorization_code' })
      .expect(200);

  beforeAll(async () => {
    sandbox = await startSandbox();
    account = await createAccount(sandbox.http);
    follower = await createFollower(sandbox.http, account.appId, {
      nickname: '阿花',
      unionid: 'oUnion_shared_person_1',
    });
  });
  afterEach(() => sandbox.http.post('/_sandbox/wechat/clock').send({ offsetSeconds: 0 }).expect(200));
  afterAll(() => sandbox.close());

  it('redirects to redirect_uri with a code and the state, keeping its own query', async () => {
    const res = await authorize({}).expect(302);
    const target = new URL(res.headers.location);
    expect(`${target.origin}${target.pathname}`).toBe('https://shop.example.com/wx/oauth');
    expect(target.searchParams.get('from')).toBe('menu');
    expect(target.searchParams.get('state')).toBe('abc123');
    expect(target.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('exchanges a code once: openid and unionid for snsapi_userinfo, 40163 the second time', async () => {
    const code = await codeFor();
    const first = await exchange(code);
    expect(first.body).toMatchObject({
      expires_in: 7200,
      openid: follower.openid,
      scope: 'snsapi_userinfo',
      unionid: 'oUnion_shared_person_1',
    });
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect((await exchange(code)).body).toEqual({ errcode: 40163, errmsg: 'code been used' });
    const info = await sandbox.http
      .get('/sns/userinfo')
      .query({ access_token: first.body.access_token, openid: follower.openid, lang: 'zh_CN' })
      .expect(200);
    expect(info.body).toMatchObject({
      openid: follower.openid,
      nickname: '阿花',
      unionid: 'oUnion_shared_person_1',
    });
    expect(info.body.privilege).toEqual([]);
    const wrongUser = await sandbox.http
      .get('/sns/userinfo')
      .query({ access_token: first.body.access_token, openid: 'o_someone_else' });
    expect(wrongUser.body.errcode).toBe(40003);
    // The web token is not a base access_token.
    const cgi = await sandbox.http
      .get('/cgi-bin/user/info')
      .query({ access_token: first.body.access_token, openid: follower.openid });
    expect(cgi.body.errcode).toBe(40001);
  });

  it('gives snsapi_base openid only, and its token cannot read the profile (48001)', async () => {
    const res = await exchange(await codeFor({ scope: 'snsapi_base' }));
    expect(res.body.openid).toBe(follower.openid);
    expect(res.body.unionid).toBeUndefined();
    const info = await sandbox.http
      .get('/sns/userinfo')
      .query({ access_token: res.body.access_token, openid: follower.openid });
    expect(info.body).toEqual({ errcode: 48001, errmsg: 'api unauthorized' });
    const check = await sandbox.http
      .get('/sns/auth')
      .query({ access_token: res.body.access_token, openid: follower.openid });
    expect(check.body).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('lets a user who does not follow authorise too', async () => {
    const stranger = await createFollower(sandbox.http, account.appId, { subscribed: false });
    const res = await exchange(await codeFor({ sandbox_openid: stranger.openid }));
    expect(res.body.openid).toBe(stranger.openid);
  });

  it('refuses unknown, expired and foreign codes, a wrong secret and grant_type', async () => {
    expect((await exchange('A'.repeat(32))).body).toEqual({ errcode: 40029, errmsg: 'invalid code' });
    const late = await codeFor();
    await sandbox.http.post('/_sandbox/wechat/clock').send({ advanceSeconds: 301 }).expect(200);
    expect((await exchange(late)).body.errcode).toBe(40029);
    expect((await exchange(await codeFor(), 'bad-secret')).body.errcode).toBe(40001);
    const other = await createAccount(sandbox.http);
    const foreign = await codeFor();
    const res = await sandbox.http.get('/sns/oauth2/access_token').query({
      appid: other.appId,
      secret: other.appSecret,
      code: foreign,
      grant_type: 'authorization_code',
    });
    expect(res.body.errcode).toBe(40029);
    const grant = await sandbox.http.get('/sns/oauth2/access_token').query({
      appid: account.appId,
      secret: account.appSecret,
      code: foreign,
      grant_type: 'client_credential',
    });
    expect(grant.body.errcode).toBe(40002);
  });

  it('refreshes the web token with the refresh_token', async () => {
    const first = await exchange(await codeFor());
    const res = await sandbox.http
      .get('/sns/oauth2/refresh_token')
      .query({ appid: account.appId, grant_type: 'refresh_token', refresh_token: first.body.refresh_token })
      .expect(200);
    expect(res.body.access_token).not.toBe(first.body.access_token);
    expect(res.body.openid).toBe(follower.openid);
    const stale = await sandbox.http
      .get('/sns/auth')
      .query({ access_token: first.body.access_token, openid: follower.openid });
    expect(stale.body.errcode).toBe(40001);
  });

  it('shows error pages for a foreign domain, a bad scope and a user outside WeChat', async () => {
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${account.appId}`)
      .send({ oauthDomain: 'shop.example.com' })
      .expect(200);
    const foreign = await authorize({ redirect_uri: 'https://evil.example.net/cb' }).expect(200);
    expect(foreign.text).toContain('10003');
    expect((await authorize({ scope: 'snsapi_everything' }).expect(200)).text).toContain('10005');
    const outside = await sandbox.http
      .get('/connect/oauth2/authorize')
      .query({ appid: account.appId, redirect_uri: REDIRECT, response_type: 'code', scope: 'snsapi_base' })
      .expect(200);
    expect(outside.text).toContain('请在微信客户端打开链接');
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${account.appId}`)
      .send({ oauthOpenid: follower.openid })
      .expect(200);
    await sandbox.http
      .get('/connect/oauth2/authorize')
      .query({ appid: account.appId, redirect_uri: REDIRECT, response_type: 'code', scope: 'snsapi_base' })
      .expect(302);
  });
});
