import {
  Account,
  CallbackServer,
  createAccount,
  createFollower,
  decrypt,
  fetchToken,
  field,
  Follower,
  Sandbox,
  sha1Signature,
  startSandbox,
  textReply,
} from './wechat-client';

describe('sandbox WeChat: pushes to the callback URL (plain, compatible, safe mode)', () => {
  let sandbox: Sandbox;
  const server = new CallbackServer();

  beforeAll(async () => {
    sandbox = await startSandbox();
    await server.start();
  });
  beforeEach(() => {
    server.received.length = 0;
    server.answer = () => ({ body: 'success' });
  });
  afterAll(async () => {
    await sandbox.close();
    await server.close();
  });

  const act = (account: Account, openid: string, action: string, body: object = {}) =>
    sandbox.http.post(`/_sandbox/wechat/accounts/${account.appId}/followers/${openid}/${action}`).send(body);

  const expectPlainSignature = (account: Account, query: URLSearchParams) => {
    const timestamp = query.get('timestamp') ?? '';
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(query.get('nonce')).toMatch(/^\d+$/);
    expect(query.get('signature')).toBe(sha1Signature(account.token, timestamp, query.get('nonce') ?? ''));
  };

  describe('plain mode', () => {
    let account: Account;
    let follower: Follower;

    beforeAll(async () => {
      account = await createAccount(sandbox.http, { callbackUrl: server.url, token: 'plainToken123' });
      follower = await createFollower(sandbox.http, account.appId, { nickname: '小明' });
    });

    it('pushes a signed text message in the §1.2 XML and reads the passive reply', async () => {
      server.answer = () => ({ body: textReply(account, follower.openid, '你好，已收到') });
      const res = await act(account, follower.openid, 'text', { content: '我的订单到哪了？' }).expect(200);
      expect(res.body).toMatchObject({ state: 'delivered', event: 'text', mode: 'plain' });
      expect(server.received).toHaveLength(1);
      const push = server.received[0];
      expect(push.method).toBe('POST');
      expectPlainSignature(account, push.query);
      expect(push.query.get('openid')).toBe(follower.openid);
      expect(push.query.has('encrypt_type')).toBe(false);
      expect(field(push.body, 'ToUserName')).toBe(account.originalId);
      expect(field(push.body, 'FromUserName')).toBe(follower.openid);
      expect(field(push.body, 'CreateTime')).toBe(push.query.get('timestamp'));
      expect(field(push.body, 'MsgType')).toBe('text');
      expect(field(push.body, 'Content')).toBe('我的订单到哪了？');
      expect(push.body).toContain('<Content><![CDATA[我的订单到哪了？]]></Content>');
      const msgId = field(push.body, 'MsgId') ?? '';
      expect(msgId).toMatch(/^\d{17,19}$/);
      expect(BigInt(msgId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      expect(res.body.messageKey).toBe(msgId);
      const reply = await sandbox.http.get(`/_sandbox/wechat/deliveries/${res.body.id}/reply`).expect(200);
      expect(reply.body).toMatchObject({
        kind: 'message',
        encrypted: false,
        message: { Content: '你好，已收到' },
      });
      expect(res.body.attempts).toHaveLength(1);
      expect(res.body.attempts[0]).toMatchObject({ n: 1, status: 200 });
    });

    it('sends subscribe through a parametric QR code with qrscene_ and Ticket, SCAN without the prefix', async () => {
      const newcomer = await createFollower(sandbox.http, account.appId, { subscribed: false });
      const token = await fetchToken(sandbox.http, account);
      const qr = await sandbox.http
        .post('/cgi-bin/qrcode/create')
        .query({ access_token: token })
        .send({
          action_name: 'QR_STR_SCENE',
          expire_seconds: 600,
          action_info: { scene: { scene_str: 'shop_42' } },
        })
        .expect(200);
      await act(account, newcomer.openid, 'subscribe', { ticket: qr.body.ticket }).expect(200);
      await act(account, newcomer.openid, 'scan', { ticket: qr.body.ticket }).expect(200);
      const [subscribe, scan] = server.received.map((r) => r.body);
      expect(field(subscribe, 'MsgType')).toBe('event');
      expect(field(subscribe, 'Event')).toBe('subscribe');
      expect(field(subscribe, 'EventKey')).toBe('qrscene_shop_42');
      expect(field(subscribe, 'Ticket')).toBe(qr.body.ticket);
      expect(field(scan, 'Event')).toBe('SCAN');
      expect(field(scan, 'EventKey')).toBe('shop_42');
      expect(field(scan, 'Ticket')).toBe(qr.body.ticket);
      const info = await sandbox.http
        .get('/cgi-bin/user/info')
        .query({ access_token: token, openid: newcomer.openid })
        .expect(200);
      expect(info.body).toMatchObject({
        subscribe: 1,
        subscribe_scene: 'ADD_SCENE_QR_CODE',
        qr_scene: 0,
        qr_scene_str: 'shop_42',
      });
    });

    it('sends a plain subscribe without EventKey, then CLICK, VIEW with MenuId and unsubscribe', async () => {
      const user = await createFollower(sandbox.http, account.appId, { subscribed: false });
      await act(account, user.openid, 'subscribe').expect(200);
      await act(account, user.openid, 'click', { key: 'V1001_TODAY' }).expect(200);
      await act(account, user.openid, 'view', { url: 'https://shop.example.com/m', menuId: '208' }).expect(
        200,
      );
      const unsub = await act(account, user.openid, 'unsubscribe').expect(200);
      const [subscribe, click, view, unsubscribe] = server.received.map((r) => r.body);
      expect(field(subscribe, 'Event')).toBe('subscribe');
      expect(subscribe).not.toContain('EventKey');
      expect(field(click, 'Event')).toBe('CLICK');
      expect(field(click, 'EventKey')).toBe('V1001_TODAY');
      expect(field(view, 'Event')).toBe('VIEW');
      expect(field(view, 'EventKey')).toBe('https://shop.example.com/m');
      expect(view).toContain('<MenuId>208</MenuId>');
      expect(field(unsubscribe, 'Event')).toBe('unsubscribe');
      // Events have no MsgId: their dedupe key is FromUserName + CreateTime.
      expect(unsubscribe).not.toContain('MsgId');
      expect(unsub.body.messageKey).toBe(`${user.openid}:${field(unsubscribe, 'CreateTime')}`);
    });

    it('takes success and an empty body as acknowledgements and flags anything else', async () => {
      const replies: Array<[string, string]> = [
        ['success', 'ack'],
        ['', 'ack'],
        ['{"reply":"json is not allowed"}', 'invalid'],
        [textReply(account, 'someone_else', 'x'), 'invalid'],
        [
          textReply(account, follower.openid, 'ms').replace(/<CreateTime>\d+/, `<CreateTime>${Date.now()}`),
          'message',
        ],
        ['<xml><MsgType><![CDATA[text]]></MsgType></xml>', 'invalid'],
      ];
      for (const [body, kind] of replies) {
        server.answer = () => ({ body });
        const res = await act(account, follower.openid, 'text', { content: 'hi' }).expect(200);
        expect({ body, kind: res.body.reply.kind }).toEqual({ body, kind });
        if (kind === 'invalid')
          expect(res.body.reply.userNotice).toBe('该公众号暂时无法提供服务，请稍后再试');
      }
    });

    it('verifies a URL with a plain GET and the echostr', async () => {
      server.answer = (request) => ({ body: request.query.get('echostr') ?? '' });
      const ok = await sandbox.http
        .post(`/_sandbox/wechat/accounts/${account.appId}/verify-url`)
        .send({})
        .expect(200);
      expect(ok.body.ok).toBe(true);
      const get = server.received[0];
      expect(get.method).toBe('GET');
      expect(get.query.get('echostr')).toMatch(/^\d+$/);
      expectPlainSignature(account, get.query);
      server.answer = () => ({ body: 'not the echostr' });
      const bad = await sandbox.http
        .post(`/_sandbox/wechat/accounts/${account.appId}/verify-url`)
        .send({})
        .expect(200);
      expect(bad.body.ok).toBe(false);
      expect(bad.body.reply.problem).toContain('echostr');
    });
  });

  describe('safe and compatible mode', () => {
    let account: Account;
    let follower: Follower;

    beforeAll(async () => {
      account = await createAccount(sandbox.http, { callbackUrl: server.url, mode: 'safe' });
      follower = await createFollower(sandbox.http, account.appId);
    });

    it('sends only ToUserName and Encrypt, with msg_signature over the ciphertext', async () => {
      server.answer = () => ({ body: 'success' });
      await act(account, follower.openid, 'text', { content: '加密的消息' }).expect(200);
      const push = server.received[0];
      expectPlainSignature(account, push.query);
      expect(push.query.get('encrypt_type')).toBe('aes');
      expect(field(push.body, 'ToUserName')).toBe(account.originalId);
      expect(field(push.body, 'Content')).toBeUndefined();
      const encrypted = field(push.body, 'Encrypt') ?? '';
      const timestamp = push.query.get('timestamp') ?? '';
      const nonce = push.query.get('nonce') ?? '';
      expect(push.query.get('msg_signature')).toBe(sha1Signature(account.token, timestamp, nonce, encrypted));
      const inner = decrypt(account.encodingAESKey, encrypted);
      expect(inner.appId).toBe(account.appId);
      expect(field(inner.xml, 'Content')).toBe('加密的消息');
      expect(field(inner.xml, 'FromUserName')).toBe(follower.openid);
    });

    it('decrypts an encrypted passive reply after checking its MsgSignature', async () => {
      server.answer = () => ({ body: textReply(account, follower.openid, '安全模式回复', true) });
      const res = await act(account, follower.openid, 'text', { content: 'hi' }).expect(200);
      const reply = await sandbox.http.get(`/_sandbox/wechat/deliveries/${res.body.id}/reply`).expect(200);
      expect(reply.body).toMatchObject({ kind: 'message', encrypted: true, signatureValid: true });
      expect(field(reply.body.plaintext, 'Content')).toBe('安全模式回复');
    });

    it('refuses a reply with a wrong MsgSignature, or a plaintext reply', async () => {
      const forged = textReply(account, follower.openid, 'x', true).replace(
        /<MsgSignature><!\[CDATA\[[0-9a-f]+/,
        '<MsgSignature><![CDATA[' + '0'.repeat(40),
      );
      server.answer = () => ({ body: forged });
      const bad = await act(account, follower.openid, 'text', { content: 'hi' }).expect(200);
      expect(bad.body.reply).toMatchObject({ kind: 'invalid', signatureValid: false });
      server.answer = () => ({ body: textReply(account, follower.openid, 'plain') });
      const plain = await act(account, follower.openid, 'text', { content: 'hi' }).expect(200);
      expect(plain.body.reply).toMatchObject({
        kind: 'invalid',
        problem: 'safe mode needs an encrypted reply',
      });
    });

    it('compatible mode sends the plaintext fields and Encrypt together, and accepts a plain reply', async () => {
      await sandbox.http
        .patch(`/_sandbox/wechat/accounts/${account.appId}`)
        .send({ mode: 'compat' })
        .expect(200);
      server.answer = () => ({ body: textReply(account, follower.openid, 'plain is fine') });
      const res = await act(account, follower.openid, 'text', { content: '兼容' }).expect(200);
      const push = server.received[0];
      expect(push.query.get('encrypt_type')).toBe('aes');
      expect(field(push.body, 'Content')).toBe('兼容');
      expect(field(decrypt(account.encodingAESKey, field(push.body, 'Encrypt') ?? '').xml, 'Content')).toBe(
        '兼容',
      );
      expect(res.body.reply.kind).toBe('message');
      await sandbox.http
        .patch(`/_sandbox/wechat/accounts/${account.appId}`)
        .send({ mode: 'safe' })
        .expect(200);
    });
  });
});
