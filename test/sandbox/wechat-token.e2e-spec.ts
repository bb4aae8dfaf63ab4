import {
  Account,
  createAccount,
  createFollower,
  fetchToken,
  Follower,
  Sandbox,
  startSandbox,
} from './wechat-client';

describe('sandbox WeChat: access_token lifecycle and API misbehaviour', () => {
  let sandbox: Sandbox;
  let account: Account;
  let follower: Follower;
  const userInfo = (token: string, openid = follower.openid) =>
    sandbox.http.get('/cgi-bin/user/info').query({ access_token: token, openid });
  const clock = (body: object) => sandbox.http.post('/_sandbox/wechat/clock').send(body).expect(200);
  const misbehave = (body: object) =>
    sandbox.http.put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`).send(body).expect(200);

  beforeAll(async () => {
    sandbox = await startSandbox();
    account = await createAccount(sandbox.http);
    follower = await createFollower(sandbox.http, account.appId, { nickname: '老王' });
  });
  afterEach(async () => {
    await clock({ offsetSeconds: 0 });
    await misbehave({});
  });
  afterAll(() => sandbox.close());

  describe('access_token (§1.6)', () => {
    it('refuses bad token requests with the documented errcodes', async () => {
      const token = (query: Record<string, string>) =>
        sandbox.http.get('/cgi-bin/token').query(query).expect(200);
      const base = { grant_type: 'client_credential', appid: account.appId, secret: account.appSecret };
      expect((await token({ ...base, grant_type: 'password' })).body).toEqual({
        errcode: 40002,
        errmsg: 'invalid grant_type',
      });
      expect((await token({ ...base, appid: 'wx0000000000000000' })).body).toEqual({
        errcode: 40013,
        errmsg: 'invalid appid',
      });
      expect((await token({ ...base, secret: 'wrong' })).body.errcode).toBe(40001);
      const { appid: _a, ...noAppid } = base;
      expect((await token(noAppid)).body.errcode).toBe(41002);
      const ok = await token(base);
      expect(ok.body.expires_in).toBe(7200);
      expect(ok.body.access_token).toMatch(/^[A-Za-z0-9_-]{100,512}$/);
      expect(ok.headers['content-type']).toContain('application/json');
    });

    it('keeps the previous token for a 5-minute overlap, then 40001; an old token expires with 42001', async () => {
      const first = await fetchToken(sandbox.http, account);
      const second = await fetchToken(sandbox.http, account);
      expect(second).not.toBe(first);
      expect((await userInfo(first).expect(200)).body.subscribe).toBe(1);
      await clock({ advanceSeconds: 299 });
      expect((await userInfo(first).expect(200)).body.subscribe).toBe(1);
      await clock({ advanceSeconds: 2 });
      expect((await userInfo(first).expect(200)).body).toEqual({
        errcode: 40001,
        errmsg: 'invalid credential, access_token is invalid or not latest',
      });
      expect((await userInfo(second).expect(200)).body.subscribe).toBe(1);
      await clock({ advanceSeconds: 7200 });
      expect((await userInfo(second).expect(200)).body).toEqual({
        errcode: 42001,
        errmsg: 'access_token expired',
      });
    });

    it('answers 41001 without a token, 40014 for a malformed one, 40001 for an unknown one', async () => {
      expect(
        (await sandbox.http.get('/cgi-bin/user/info').query({ openid: follower.openid })).body.errcode,
      ).toBe(41001);
      expect((await userInfo('not a token!')).body).toEqual({
        errcode: 40014,
        errmsg: 'invalid access_token',
      });
      expect((await userInfo('A'.repeat(140))).body.errcode).toBe(40001);
    });

    it('expires or invalidates a token through the control API, or all of them with the switch', async () => {
      const token = await fetchToken(sandbox.http, account);
      await misbehave({ tokensInvalid: true });
      expect((await userInfo(token)).body.errcode).toBe(40001);
      await misbehave({});
      expect((await userInfo(token)).body.subscribe).toBe(1);
      await sandbox.http.post(`/_sandbox/wechat/tokens/${token}/expire`).expect(200);
      expect((await userInfo(token)).body.errcode).toBe(42001);
      const other = await fetchToken(sandbox.http, account);
      const listed = await sandbox.http.get(`/_sandbox/wechat/accounts/${account.appId}/tokens`).expect(200);
      expect(listed.body.tokens.find((t: { token: string }) => t.token === other).state).toBe('valid');
      await sandbox.http.post(`/_sandbox/wechat/tokens/${other}/invalidate`).expect(200);
      expect((await userInfo(other)).body.errcode).toBe(40001);
    });
  });

  describe('API misbehaviour', () => {
    it('answers with gateway 5xx pages, system busy and slowly, all in the call log', async () => {
      const token = await fetchToken(sandbox.http, account);
      await misbehave({ apiServerError: { n: 1, m: 1, status: 503 } });
      const down = await userInfo(token);
      expect(down.status).toBe(503);
      expect(down.headers['content-type']).toContain('text/html');
      await misbehave({ systemBusy: { n: 1, m: 2 } });
      expect((await userInfo(token)).body.subscribe).toBe(1);
      expect((await userInfo(token)).body).toEqual({ errcode: -1, errmsg: 'system error' });
      await misbehave({ apiDelayMs: 250 });
      const started = Date.now();
      await userInfo(token).expect(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(240);
      const log = await sandbox.http
        .get('/_sandbox/wechat/calls')
        .query({ appId: account.appId, path: '/cgi-bin/user/info' })
        .expect(200);
      const outcomes = log.body.calls.map((c: { outcome: string }) => c.outcome);
      expect(outcomes.slice(-4)).toEqual(['http:503', 'ok', 'errcode:-1', 'ok']);
    });
  });
});
