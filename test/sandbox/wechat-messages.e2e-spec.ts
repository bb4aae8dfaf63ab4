import {
  Account,
  CallbackServer,
  createAccount,
  createFollower,
  fetchToken,
  field,
  Follower,
  Sandbox,
  startSandbox,
  waitFor,
} from './wechat-client';

describe('sandbox WeChat: template, customer-service, user and QR APIs', () => {
  let sandbox: Sandbox;
  let account: Account;
  let follower: Follower;
  const server = new CallbackServer();
  const userInfo = (token: string, openid = follower.openid) =>
    sandbox.http.get('/cgi-bin/user/info').query({ access_token: token, openid });
  const clock = (body: object) => sandbox.http.post('/_sandbox/wechat/clock').send(body).expect(200);
  const misbehave = (body: object) =>
    sandbox.http.put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`).send(body).expect(200);
  const custom = (token: string, openid: string, content = 'hi') =>
    sandbox.http
      .post('/cgi-bin/message/custom/send')
      .query({ access_token: token })
      .send({ touser: openid, msgtype: 'text', text: { content } });
  const act = (openid: string, action: string, body: object = {}) =>
    sandbox.http.post(`/_sandbox/wechat/accounts/${account.appId}/followers/${openid}/${action}`).send(body);

  beforeAll(async () => {
    sandbox = await startSandbox();
    await server.start();
    account = await createAccount(sandbox.http, { callbackUrl: server.url });
    follower = await createFollower(sandbox.http, account.appId, { nickname: '老王' });
  });
  afterEach(async () => {
    await clock({ offsetSeconds: 0 });
    await misbehave({});
  });
  afterAll(async () => {
    await sandbox.close();
    await server.close();
  });

  describe('template messages (§1.7)', () => {
    it('returns a 64-bit msgid and pushes TEMPLATESENDJOBFINISH with it', async () => {
      server.received.length = 0;
      const token = await fetchToken(sandbox.http, account);
      const body = {
        touser: follower.openid,
        template_id: account.templates[0].templateId,
        url: 'https://shop.example.com/orders/1',
        data: { first: { value: '您的订单已发货', color: '#173177' }, keyword1: { value: 'TD2024001' } },
      };
      const res = await sandbox.http
        .post('/cgi-bin/message/template/send')
        .query({ access_token: token })
        .send(body)
        .expect(200);
      const msgid = /"msgid":(\d+)/.exec(res.text)?.[1] ?? '';
      expect(res.body).toMatchObject({ errcode: 0, errmsg: 'ok' });
      expect(BigInt(msgid) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      const push = await waitFor(() =>
        server.received.find((r) => field(r.body, 'Event') === 'TEMPLATESENDJOBFINISH'),
      );
      expect(field(push.body, 'MsgID')).toBe(msgid);
      expect(field(push.body, 'Status')).toBe('success');
      expect(field(push.body, 'FromUserName')).toBe(follower.openid);
      const sent = await sandbox.http
        .get(`/_sandbox/wechat/accounts/${account.appId}/sent`)
        .query({ kind: 'template' })
        .expect(200);
      expect(sent.body.messages.at(-1)).toMatchObject({ msgid, status: 'success', body });
    });

    it('reports failed:user block for a blocking user and honours client_msg_id', async () => {
      server.received.length = 0;
      const token = await fetchToken(sandbox.http, account);
      const blocker = await createFollower(sandbox.http, account.appId, { blocksTemplates: true });
      const body = {
        touser: blocker.openid,
        template_id: account.templates[0].templateId,
        client_msg_id: 'k-1',
      };
      const send = () =>
        sandbox.http.post('/cgi-bin/message/template/send').query({ access_token: token }).send(body);
      const first = /"msgid":(\d+)/.exec((await send()).text)?.[1];
      const again = /"msgid":(\d+)/.exec((await send()).text)?.[1];
      expect(again).toBe(first);
      const push = await waitFor(() => server.received.find((r) => field(r.body, 'MsgID') === first));
      expect(field(push.body, 'Status')).toBe('failed:user block');
      const sent = await sandbox.http
        .get(`/_sandbox/wechat/accounts/${account.appId}/sent`)
        .query({ openid: blocker.openid })
        .expect(200);
      expect(sent.body.messages).toHaveLength(1);
    });

    it('refuses unknown templates, unknown or unsubscribed users and bad bodies', async () => {
      const token = await fetchToken(sandbox.http, account);
      const send = (body: object | string, type = 'application/json') =>
        sandbox.http
          .post('/cgi-bin/message/template/send')
          .query({ access_token: token })
          .set('content-type', type)
          .send(body);
      const templateId = account.templates[0].templateId;
      expect((await send({ touser: follower.openid, template_id: 'nope' })).body.errcode).toBe(40037);
      expect((await send({ touser: 'o_unknown', template_id: templateId })).body.errcode).toBe(40003);
      const gone = await createFollower(sandbox.http, account.appId, { subscribed: false });
      expect((await send({ touser: gone.openid, template_id: templateId })).body).toEqual({
        errcode: 43004,
        errmsg: 'require subscribe',
      });
      expect((await send('{not json', 'text/plain')).body.errcode).toBe(47001);
      expect((await send('', 'text/plain')).body.errcode).toBe(44002);
    });
  });

  describe('customer-service messages (§1.8)', () => {
    it('needs a window opened by the user: 45015 before and 48 h after the last message', async () => {
      const token = await fetchToken(sandbox.http, account);
      const quiet = await createFollower(sandbox.http, account.appId);
      expect((await custom(token, quiet.openid)).body).toEqual({
        errcode: 45015,
        errmsg: 'response out of time limit or subscription is canceled',
      });
      await act(quiet.openid, 'text', { content: '在吗' }).expect(200);
      expect((await custom(token, quiet.openid)).body).toEqual({ errcode: 0, errmsg: 'ok' });
      await clock({ advanceSeconds: 47 * 3600 });
      const refreshed = await fetchToken(sandbox.http, account);
      expect((await custom(refreshed, quiet.openid)).body.errcode).toBe(0);
      await clock({ advanceSeconds: 3600 + 1 });
      const later = await fetchToken(sandbox.http, account);
      expect((await custom(later, quiet.openid)).body.errcode).toBe(45015);
      const sent = await sandbox.http
        .get(`/_sandbox/wechat/accounts/${account.appId}/sent`)
        .query({ kind: 'custom', openid: quiet.openid })
        .expect(200);
      expect(
        sent.body.messages.map((m: { body: { text: { content: string } } }) => m.body.text.content),
      ).toEqual(['hi', 'hi']);
    });

    it('counts the quota per window (configurable for messages, 3 per minute after a subscribe)', async () => {
      await sandbox.http.patch(`/_sandbox/wechat/accounts/${account.appId}`).send({ csQuota: 2 }).expect(200);
      const token = await fetchToken(sandbox.http, account);
      const chatty = await createFollower(sandbox.http, account.appId);
      await act(chatty.openid, 'text', { content: '1' }).expect(200);
      const codes: number[] = [];
      for (let i = 0; i < 3; i += 1) codes.push((await custom(token, chatty.openid)).body.errcode as number);
      expect(codes).toEqual([0, 0, 45047]);
      const newcomer = await createFollower(sandbox.http, account.appId, { subscribed: false });
      await act(newcomer.openid, 'subscribe').expect(200);
      const after: number[] = [];
      for (let i = 0; i < 4; i += 1)
        after.push((await custom(token, newcomer.openid)).body.errcode as number);
      expect(after).toEqual([0, 0, 0, 45047]);
      await sandbox.http.patch(`/_sandbox/wechat/accounts/${account.appId}`).send({ csQuota: 5 }).expect(200);
    });

    it('refuses an unknown message type', async () => {
      const token = await fetchToken(sandbox.http, account);
      const res = await sandbox.http
        .post('/cgi-bin/message/custom/send')
        .query({ access_token: token })
        .send({ touser: follower.openid, msgtype: 'hologram', hologram: {} });
      expect(res.body.errcode).toBe(40008);
    });
  });

  describe('user info and QR codes', () => {
    it('returns subscription facts, unionid only when bound to the Open Platform', async () => {
      const token = await fetchToken(sandbox.http, account);
      const info = (await userInfo(token).expect(200)).body;
      expect(info).toMatchObject({ subscribe: 1, openid: follower.openid, unionid: follower.unionid });
      expect(info.subscribe_time).toBeGreaterThan(1_600_000_000);
      expect(info.nickname).toBeUndefined();
      const unbound = await createAccount(sandbox.http, { openPlatformBound: false });
      const user = await createFollower(sandbox.http, unbound.appId, { subscribed: false });
      const other = await fetchToken(sandbox.http, unbound);
      expect((await userInfo(other, user.openid)).body).toEqual({ subscribe: 0, openid: user.openid });
      expect((await userInfo(other, follower.openid)).body.errcode).toBe(40003);
    });

    it('creates temporary and permanent QR codes and refuses bad scenes with 40053', async () => {
      const token = await fetchToken(sandbox.http, account);
      const create = (body: object) =>
        sandbox.http.post('/cgi-bin/qrcode/create').query({ access_token: token }).send(body).expect(200);
      const temp = await create({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 123 } } });
      expect(temp.body).toMatchObject({ expire_seconds: 60 });
      expect(temp.body.ticket).toMatch(/^gQ/);
      expect(temp.body.url).toMatch(/^http:\/\/weixin\.qq\.com\/q\//);
      const forever = await create({
        action_name: 'QR_LIMIT_STR_SCENE',
        action_info: { scene: { scene_str: 'x' } },
      });
      expect(forever.body.expire_seconds).toBeUndefined();
      expect(
        (await create({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 0 } } })).body.errcode,
      ).toBe(40053);
      expect((await create({ action_name: 'QR_FANCY', action_info: {} })).body.errcode).toBe(40053);
      const scan = await act(follower.openid, 'scan', { ticket: temp.body.ticket }).expect(200);
      expect(field(scan.body.plaintext, 'EventKey')).toBe('123');
      await clock({ advanceSeconds: 61 });
      await act(follower.openid, 'scan', { ticket: temp.body.ticket }).expect(409);
    });
  });
});
