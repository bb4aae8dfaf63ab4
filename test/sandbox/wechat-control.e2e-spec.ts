import {
  Account,
  CallbackServer,
  createAccount,
  createFollower,
  fetchToken,
  Follower,
  Sandbox,
  startSandbox,
} from './wechat-client';

describe('sandbox WeChat: the control API', () => {
  let sandbox: Sandbox;
  let account: Account;
  let follower: Follower;
  const server = new CallbackServer();
  const base = () => `/_sandbox/wechat/accounts/${account.appId}`;

  beforeAll(async () => {
    sandbox = await startSandbox();
    await server.start();
    account = await createAccount(sandbox.http, { callbackUrl: server.url, name: '通道小店' });
    follower = await createFollower(sandbox.http, account.appId);
  });
  afterAll(async () => {
    await sandbox.close();
    await server.close();
  });

  it('lists wechat among the simulators and returns full credentials for a new account', async () => {
    const index = await sandbox.http.get('/').expect(200);
    expect(index.body.simulators).toEqual(expect.arrayContaining(['taobao', 'wechat']));
    expect(account.appId).toMatch(/^wx[0-9a-f]{16}$/);
    expect(account.appSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(account.originalId).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(account.encodingAESKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(Buffer.from(`${account.encodingAESKey}=`, 'base64')).toHaveLength(32);
    expect(account.token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(account.mode).toBe('plain');
    expect(account.templates).toHaveLength(1);
    const read = await sandbox.http.get(base()).expect(200);
    expect(read.body).toMatchObject({ appId: account.appId, name: '通道小店', callbackUrl: server.url });
  });

  it('refuses bad input with 400 and names unknown things with 404', async () => {
    const post = (path: string, body: object) => sandbox.http.post(path).send(body);
    await post('/_sandbox/wechat/accounts', { mode: 'secret' }).expect(400);
    await post('/_sandbox/wechat/accounts', { token: 'x' }).expect(400);
    await post('/_sandbox/wechat/accounts', { encodingAESKey: 'short' }).expect(400);
    await post('/_sandbox/wechat/accounts', { callbackUrl: 'ftp://example.com' }).expect(400);
    await post('/_sandbox/wechat/accounts', { surprise: 1 }).expect(400);
    await post(`${base()}/followers`, { count: 0 }).expect(400);
    await post(`${base()}/followers/${follower.openid}/text`, {}).expect(400);
    await post(`${base()}/followers/${follower.openid}/view`, { url: 'not a url' }).expect(400);
    await sandbox.http
      .put(`${base()}/misbehaviour`)
      .send({ duplicatePushes: { n: 1 } })
      .expect(400);
    await sandbox.http.put(`${base()}/misbehaviour`).send({ templateStatus: 'meh' }).expect(400);
    await post('/_sandbox/wechat/clock', { advanceSeconds: -5 }).expect(400);
    await post('/_sandbox/wechat/accounts/wx_nope/followers', {}).expect(404);
    await post(`${base()}/followers/o_nobody/text`, { content: 'x' }).expect(404);
    await sandbox.http.get('/_sandbox/wechat/deliveries/d999999').expect(404);
    await post('/_sandbox/wechat/tokens/ABCDEFGHIJKLMNOPQRSTUVWXYZ/expire', {}).expect(404);
    expect((await sandbox.http.get(`${base()}/misbehaviour`).expect(200)).body).toEqual({});
  });

  it('refuses impossible user actions with 409', async () => {
    await sandbox.http.post(`${base()}/followers/${follower.openid}/subscribe`).send({}).expect(409);
    const stranger = await createFollower(sandbox.http, account.appId, { subscribed: false });
    await sandbox.http.post(`${base()}/followers/${stranger.openid}/text`).send({ content: 'x' }).expect(409);
    await sandbox.http.post(`${base()}/followers/${stranger.openid}/scan`).send({ scene: '1' }).expect(409);
    await sandbox.http
      .post(`${base()}/followers/${follower.openid}/scan`)
      .send({ ticket: 'gQnope' })
      .expect(409);
    const silent = await createAccount(sandbox.http);
    const user = await createFollower(sandbox.http, silent.appId);
    const res = await sandbox.http
      .post(`/_sandbox/wechat/accounts/${silent.appId}/followers/${user.openid}/text`)
      .send({ content: 'x' })
      .expect(409);
    expect(res.body.message).toContain('callback URL');
    await sandbox.http.post(`/_sandbox/wechat/accounts/${silent.appId}/verify-url`).send({}).expect(409);
  });

  it('keeps the delivery log filterable and the reply readable', async () => {
    const res = await sandbox.http
      .post(`${base()}/followers/${follower.openid}/click`)
      .send({ key: 'MENU_ORDERS' })
      .expect(200);
    const log = await sandbox.http.get('/_sandbox/wechat/deliveries').query({ event: 'CLICK' }).expect(200);
    expect(log.body.deliveries.map((d: { id: string }) => d.id)).toContain(res.body.id);
    const reply = await sandbox.http.get(`/_sandbox/wechat/deliveries/${res.body.id}/reply`).expect(200);
    expect(reply.body).toMatchObject({ state: 'delivered', kind: 'ack', raw: 'success' });
    const shown = await sandbox.http.get(`${base()}/followers/${follower.openid}`).expect(200);
    expect(shown.body.csWindows.map((w: { trigger: string }) => w.trigger)).toContain('click');
  });

  it('answers an unparsable JSON API body with an errcode, whatever its content type', async () => {
    const token = await fetchToken(sandbox.http, account);
    const res = await sandbox.http
      .post('/cgi-bin/message/custom/send')
      .query({ access_token: token })
      .set('content-type', 'application/json')
      .send('{"touser":');
    expect(res.status).toBe(200);
    expect(res.body.errcode).toBe(47001);
  });

  it('is reproducible: the same seed and calls give the same credentials and ids', async () => {
    const run = async () => {
      await sandbox.http.post('/_sandbox/wechat/reset').send({ seed: 7 }).expect(200);
      const created = await createAccount(sandbox.http, { callbackUrl: server.url });
      const user = await createFollower(sandbox.http, created.appId);
      const token = await fetchToken(sandbox.http, created);
      const push = await sandbox.http
        .post(`/_sandbox/wechat/accounts/${created.appId}/followers/${user.openid}/text`)
        .send({ content: 'same' })
        .expect(200);
      // CreateTime is the wall clock in whole seconds: two runs may straddle a second, everything else is seeded.
      const body = String(push.body.body).replace(/<CreateTime>\d+<\/CreateTime>/, '<CreateTime/>');
      return { created, openid: user.openid, token, url: push.body.url, body };
    };
    const first = await run();
    const second = await run();
    expect(second.created).toEqual(first.created);
    expect({ ...second, url: undefined }).toEqual({ ...first, url: undefined });
    await sandbox.http.post('/_sandbox/wechat/reset').send({ seed: 8 }).expect(200);
    const other = await createAccount(sandbox.http);
    expect(other.appId).not.toBe(first.created.appId);
  });
});
