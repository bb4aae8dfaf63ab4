import type { AddressInfo } from 'node:net';
import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';
import {
  Account,
  Follower,
  Sandbox,
  createAccount,
  createFollower,
  sha1Signature,
  startSandbox,
  waitFor,
} from '../sandbox/wechat-client';
import { connectSandboxAccount, pointCallbackAt } from './wechat-support';

interface DeliveryView {
  id: string;
  state: string;
  attempts: Array<{ n: number; latencyMs: number; responseBody?: string }>;
}

describe('WeChat inbound: plain mode, menu events and reply-rule admin (MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let account: Account;
  let accountId: string;
  let follower: Follower;

  const act = async (action: string, body: object = {}): Promise<DeliveryView> =>
    (
      await sandbox.http
        .post(`/_sandbox/wechat/accounts/${account.appId}/followers/${follower.openid}/${action}`)
        .send(body)
        .expect(200)
    ).body as DeliveryView;
  const reply = async (delivery: DeliveryView) =>
    (await sandbox.http.get(`/_sandbox/wechat/deliveries/${delivery.id}/reply`).expect(200)).body as {
      kind: string;
      encrypted: boolean;
      message?: Record<string, string>;
    };
  const events = (event: string) =>
    t.dataSource.query<Array<{ scene: string | null; eventKey: string | null; customerId: string | null }>>(
      'SELECT scene, event_key AS eventKey, customer_id AS customerId FROM wechat_customer_events WHERE event = ?',
      [event],
    );
  const rules = () => `/admin/v1/channel-accounts/${accountId}/wechat/reply-rules`;

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    m = await signupMerchant(t);
    account = await createAccount(sandbox.http, { mode: 'plain' });
    accountId = await connectSandboxAccount(t, m, sandbox, account, { withKey: false });
    await pointCallbackAt(t, sandbox, account, accountId);
    follower = await createFollower(sandbox.http, account.appId, { subscribed: false });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('a plain subscribe without a QR code makes a follower with no scene', async () => {
    const delivery = await act('subscribe');
    expect(delivery.attempts[0].responseBody).toBe('success');
    const row = await waitFor(async () => {
      const [found] = await t.dataSource.query<Array<{ subscribed: number; scene: string | null }>>(
        'SELECT subscribed, scene FROM wechat_followers WHERE openid = ?',
        [follower.openid],
      );
      return found;
    });
    expect(row).toEqual({ subscribed: 1, scene: null });
    const scenes = await t.http
      .get(`/admin/v1/channel-accounts/${accountId}/wechat/scenes`)
      .set(...bearer(m.token))
      .expect(200);
    expect(scenes.body).toEqual([]);
  });

  it('records SCAN (with its scene, not re-attributing the follower), CLICK and VIEW on the customer', async () => {
    await act('scan', { scene: 'autumn' });
    await act('click', { key: 'V1001_TODAY' });
    await act('view', { url: 'https://shop.example.com/', menuId: '7' });
    const scans = await waitFor(async () => {
      const rows = await events('SCAN');
      return rows.length === 1 ? rows : undefined;
    });
    expect(scans[0]).toMatchObject({ scene: 'autumn', eventKey: 'autumn', customerId: expect.any(String) });
    expect(
      await waitFor(async () => ((await events('CLICK')).length === 1 ? events('CLICK') : undefined)),
    ).toEqual([{ scene: null, eventKey: 'V1001_TODAY', customerId: scans[0].customerId }]);
    const views = await waitFor(async () =>
      (await events('VIEW')).length === 1 ? events('VIEW') : undefined,
    );
    expect(views[0].eventKey).toBe('https://shop.example.com/');
    const [followerRow] = await t.dataSource.query<Array<{ scene: string | null }>>(
      'SELECT scene FROM wechat_followers WHERE openid = ?',
      [follower.openid],
    );
    expect(followerRow.scene).toBeNull();
  });

  it('answers with a plain passive reply; a changed or disabled rule takes effect on the next message', async () => {
    const created = await t.http
      .post(rules())
      .set(...bearer(m.token))
      .send({ name: 'hello', matchType: 'exact', pattern: 'Hello', replyKind: 'text', replyText: '您好！' })
      .expect(201);
    const first = await act('text', { content: 'hello' });
    expect(await reply(first)).toMatchObject({
      kind: 'message',
      encrypted: false,
      message: { Content: '您好！', FromUserName: account.originalId },
    });
    await t.http
      .patch(`${rules()}/${created.body.id}`)
      .set(...bearer(m.token))
      .send({ replyText: '欢迎光临' })
      .expect(200);
    expect((await reply(await act('text', { content: 'HELLO' }))).message?.Content).toBe('欢迎光临');
    await t.http
      .patch(`${rules()}/${created.body.id}`)
      .set(...bearer(m.token))
      .send({ enabled: false })
      .expect(200);
    expect((await act('text', { content: 'hello' })).attempts[0].responseBody).toBe('success');
    await t.http
      .delete(`${rules()}/${created.body.id}`)
      .set(...bearer(m.token))
      .expect(204);
    const list = await t.http
      .get(rules())
      .set(...bearer(m.token))
      .expect(200);
    expect(list.body).toEqual([]);
  });

  it('guards the rules: validation, permissions and tenancy', async () => {
    const bad = await t.http
      .post(rules())
      .set(...bearer(m.token))
      .send({ name: 'x', matchType: 'regex', pattern: '(\\w+\\s?)*$', replyKind: 'text' })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['pattern', 'replyText']);
    const warehouse = await createStaffWithRole(t, m.token, 'warehouse');
    await t.http
      .get(rules())
      .set(...bearer(warehouse.token))
      .expect(200);
    await t.http
      .post(rules())
      .set(...bearer(warehouse.token))
      .send({ name: 'x', matchType: 'contains', pattern: 'x', replyKind: 'text', replyText: 'y' })
      .expect(403);
    const other = await signupMerchant(t);
    await t.http
      .get(rules())
      .set(...bearer(other.token))
      .expect(404);
    await t.http
      .get(`/admin/v1/channel-accounts/${accountId}/wechat/scenes`)
      .set(...bearer(other.token))
      .expect(404);
  });

  it('refuses an encrypted push to an account without an EncodingAESKey', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await t.http
      .post(`/channels/wechat/${accountId}`)
      .query({
        signature: sha1Signature(account.token, timestamp, '42'),
        timestamp,
        nonce: '42',
        encrypt_type: 'aes',
        msg_signature: 'x',
      })
      .send('<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>')
      .expect(400);
    expect(res.body.code).toBe('not_encrypted');
  });
});

describe('WeChat inbound on the embedded SQLite default (in-process jobs)', () => {
  let sandbox: Sandbox;
  let t: TestApp;

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp({ database: 'sqlite' });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('follows with a scene, replies to a keyword and counts the scene', async () => {
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    const m = await signupMerchant(t);
    const account = await createAccount(sandbox.http, { mode: 'safe' });
    const connected = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({
        type: 'wechat',
        shopId: m.shopId,
        appId: account.appId,
        appSecret: account.appSecret,
        token: account.token,
        encodingAESKey: account.encodingAESKey,
      })
      .expect(201);
    const accountId = connected.body.id as string;
    await sandbox.http
      .patch(`/_sandbox/wechat/accounts/${account.appId}`)
      .send({ callbackUrl: `http://127.0.0.1:${port}/channels/wechat/${accountId}` })
      .expect(200);
    await t.http
      .post(`/admin/v1/channel-accounts/${accountId}/wechat/reply-rules`)
      .set(...bearer(m.token))
      .send({ name: 'hi', matchType: 'contains', pattern: '你好', replyKind: 'text', replyText: '你好呀' })
      .expect(201);
    const user = await createFollower(sandbox.http, account.appId, { subscribed: false });
    const base = `/_sandbox/wechat/accounts/${account.appId}/followers/${user.openid}`;
    await sandbox.http.post(`${base}/subscribe`).send({ scene: 'summer' }).expect(200);
    const text = await sandbox.http.post(`${base}/text`).send({ content: '你好' }).expect(200);
    const answer = await sandbox.http.get(`/_sandbox/wechat/deliveries/${text.body.id}/reply`).expect(200);
    expect(answer.body).toMatchObject({ kind: 'message', encrypted: true, message: { Content: '你好呀' } });
    const scenes = await waitFor(async () => {
      const res = await t.http
        .get(`/admin/v1/channel-accounts/${accountId}/wechat/scenes`)
        .set(...bearer(m.token))
        .expect(200);
      return (res.body as unknown[]).length > 0 ? res.body : undefined;
    });
    expect(scenes).toEqual([{ scene: 'summer', followers: 1, subscribedTotal: 1 }]);
  });
});
