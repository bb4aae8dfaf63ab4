import { CustomersService } from '@tongdao/crm';
import { RequestContext } from '@tongdao/kernel';
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
  CallbackServer,
  Follower,
  Sandbox,
  createAccount,
  createFollower,
  startSandbox,
} from '../sandbox/wechat-client';
import { connectSandboxAccount, sentMessages } from './wechat-support';

interface ErrorBody {
  code: string;
  details: Array<{ field: string; problem: string }>;
}
const fieldsOf = (body: ErrorBody) => body.details.map((d) => d.field);

describe('WeChat outbound admin: templates, service messages, QR codes (sandbox + MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let callbacks: CallbackServer;
  let t: TestApp;
  let m: SignedUpMerchant;
  let ctx: RequestContext;
  let account: Account;
  let accountId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    callbacks = await new CallbackServer().start();
    t = await startTestApp();
    m = await signupMerchant(t);
    ctx = RequestContext.system(m.merchantId, 'test');
    account = await createAccount(sandbox.http, { callbackUrl: callbacks.url, mode: 'plain' });
    accountId = await connectSandboxAccount(t, m, sandbox, account);
  });
  afterAll(async () => {
    await t?.close();
    await callbacks?.close();
    await sandbox?.close();
  });

  describe('notification templates', () => {
    const path = () => `/admin/v1/shops/${m.shopId}/wechat/templates`;

    it('create, read, change and delete one template per shop and event', async () => {
      const auth = bearer(m.token);
      const created = await t.http
        .post(path())
        .set(...auth)
        .send({ event: 'order.paid', templateId: 'tpl_1', fields: { keyword1: '{{orderId}}' } })
        .expect(201);
      expect(created.body).toMatchObject({ event: 'order.paid', enabled: true, url: null });
      const again = await t.http
        .post(path())
        .set(...auth)
        .send({ event: 'order.paid', templateId: 'tpl_2', fields: { keyword1: 'x' } })
        .expect(409);
      expect(again.body.code).toBe('template_exists');
      const changed = await t.http
        .patch(`${path()}/${created.body.id}`)
        .set(...auth)
        .send({ enabled: false, fields: { keyword1: '{{paidYuan}}', remark: '谢谢' } })
        .expect(200);
      expect(changed.body).toMatchObject({
        enabled: false,
        fields: { keyword1: '{{paidYuan}}', remark: '谢谢' },
      });
      const list = await t.http
        .get(path())
        .set(...auth)
        .expect(200);
      expect(list.body).toHaveLength(1);
      await t.http
        .delete(`${path()}/${created.body.id}`)
        .set(...auth)
        .expect(204);
      await t.http
        .get(`${path()}/${created.body.id}`)
        .set(...auth)
        .expect(404);
      const audit: Array<{ action: string }> = await t.dataSource.query(
        "SELECT action FROM audit_log WHERE merchant_id = ? AND action LIKE 'wechat_template.%' ORDER BY id",
        [m.merchantId],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'wechat_template.create',
        'wechat_template.update',
        'wechat_template.delete',
      ]);
    });

    it.each([
      [{}, ['event', 'templateId', 'fields']],
      [{ event: 'order.refunded', templateId: 't', fields: { a: 'b' } }, ['event']],
      [{ event: 'order.paid', templateId: 'bad id!', fields: { a: 'b' } }, ['templateId']],
      [{ event: 'order.paid', templateId: 't', fields: 'text' }, ['fields']],
      [{ event: 'order.paid', templateId: 't', fields: { keyword1: '{{trackingNo}}' } }, ['fields.keyword1']],
      [{ event: 'order.paid', templateId: 't', fields: { keyword1: '{{orderId' } }, ['fields.keyword1']],
      [
        { event: 'order.paid', templateId: 't', fields: { keyword1: 'x' }, url: 'javascript:alert(1)' },
        ['url'],
      ],
      [{ event: 'order.paid', templateId: 't', fields: { keyword1: 'x' }, sneaky: 1 }, ['sneaky']],
    ])('refuses %j naming %j', async (body, fields) => {
      const res = await t.http
        .post(path())
        .set(...bearer(m.token))
        .send(body)
        .expect(400);
      expect(res.body.code).toEqual(expect.any(String));
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(fields));
    });

    it('reads need order.read, changes need shop.manage; other merchants’ shops are 404', async () => {
      const agent = await createStaffWithRole(t, m.token, 'cs_agent');
      await t.http
        .get(path())
        .set(...bearer(agent.token))
        .expect(200);
      await t.http
        .post(path())
        .set(...bearer(agent.token))
        .send({ event: 'order.shipped', templateId: 't', fields: { a: 'b' } })
        .expect(403);
      const other = await signupMerchant(t);
      await t.http
        .get(path())
        .set(...bearer(other.token))
        .expect(404);
    });
  });

  describe('customer-service messages', () => {
    let follower: Follower;
    let customerId: string;

    beforeAll(async () => {
      follower = await createFollower(sandbox.http, account.appId);
      customerId = (await t.app
        .get(CustomersService)
        .resolveOrCreate(ctx, [
          { kind: 'wechat_openid', value: follower.openid, channelAccountId: accountId },
        ])) as string;
    });
    const send = (body: Record<string, unknown>, token = m.token, id = customerId) =>
      t.http
        .post(`/admin/v1/customers/${id}/messages`)
        .set(...bearer(token))
        .send(body);

    it('outside the 48-hour window WeChat refuses: 409 outside_service_window, logged and audited', async () => {
      const res = await send({ text: '您好' }).expect(409);
      expect(res.body.code).toBe('outside_service_window');
      expect(await sentMessages(sandbox, account.appId, 'custom')).toEqual([]);
    });

    it('within the window the text reaches the follower; every send is logged and audited', async () => {
      await sandbox.http
        .post(`/_sandbox/wechat/accounts/${account.appId}/followers/${follower.openid}/text`)
        .send({ content: '请问什么时候发货？' })
        .expect(200);
      const agent = await createStaffWithRole(t, m.token, 'cs_agent');
      const res = await send({ text: '今天下午发出', channelAccountId: accountId }, agent.token).expect(201);
      expect(res.body).toMatchObject({
        kind: 'custom',
        status: 'sent',
        openid: follower.openid,
        staffId: agent.staffId,
      });
      const [sent] = await sentMessages(sandbox, account.appId, 'custom');
      expect(sent).toMatchObject({ touser: follower.openid, body: { text: { content: '今天下午发出' } } });

      const history = await t.http
        .get(`/admin/v1/customers/${customerId}/wechat/outbound-messages`)
        .set(...bearer(m.token))
        .expect(200);
      expect(history.body.map((h: { status: string }) => h.status)).toEqual(['sent', 'failed']);
      const audit: Array<{ summary: string }> = await t.dataSource.query(
        "SELECT summary FROM audit_log WHERE merchant_id = ? AND action = 'wechat.custom_message.send' ORDER BY id",
        [m.merchantId],
      );
      expect(audit.map((a) => JSON.parse(a.summary).status)).toEqual(['failed', 'sent']);
    });

    it('validates the body, the customer and the permission', async () => {
      const empty = await send({}).expect(400);
      expect(fieldsOf(empty.body)).toContain('text');
      const long = await send({ text: 'x'.repeat(601), channelAccountId: 'short', extra: true }).expect(400);
      expect(fieldsOf(long.body)).toEqual(expect.arrayContaining(['text', 'channelAccountId', 'extra']));
      await send({ text: 'hi' }, m.token, '01JZZZZZZZZZZZZZZZZZZZZZZZ').expect(404);
      const marketing = await createStaffWithRole(t, m.token, 'marketing');
      await send({ text: 'hi' }, marketing.token).expect(403);
      const stranger = await t.app
        .get(CustomersService)
        .resolveOrCreate(ctx, [{ kind: 'phone', value: '13900000000' }]);
      const none = await send({ text: 'hi' }, m.token, stranger as string).expect(409);
      expect(none.body.code).toBe('no_wechat_recipient');
    });
  });

  describe('QR codes with scenes', () => {
    const path = () => `/admin/v1/channel-accounts/${accountId}/wechat/qr-codes`;

    it('creates temporary and permanent string-scene codes at the platform and lists them', async () => {
      const temp = await t.http
        .post(path())
        .set(...bearer(m.token))
        .send({ scene: 'spring', expireSeconds: 86400 })
        .expect(201);
      expect(temp.body).toMatchObject({ scene: 'spring', permanent: false, expireSeconds: 86400 });
      const forever = await t.http
        .post(path())
        .set(...bearer(m.token))
        .send({ scene: 'store-door', permanent: true })
        .expect(201);
      expect(forever.body).toMatchObject({ permanent: true, expireSeconds: null, expiresAt: null });
      const atPlatform = await sandbox.http
        .get(`/_sandbox/wechat/accounts/${account.appId}/qrcodes`)
        .expect(200);
      const tickets = (atPlatform.body.qrcodes as Array<{ ticket: string }>).map((c) => c.ticket);
      expect(tickets).toEqual(expect.arrayContaining([temp.body.ticket, forever.body.ticket]));
      const list = await t.http
        .get(path())
        .set(...bearer(m.token))
        .expect(200);
      expect(list.body.items.map((c: { scene: string }) => c.scene)).toEqual(['store-door', 'spring']);
    });

    it.each([
      [{}, ['scene']],
      [{ scene: '' }, ['scene']],
      [{ scene: 'has space' }, ['scene']],
      [{ scene: 'x'.repeat(65) }, ['scene']],
      [{ scene: 'ok', expireSeconds: 10 }, ['expireSeconds']],
      [{ scene: 'ok', expireSeconds: 2_592_001 }, ['expireSeconds']],
      [{ scene: 'ok', permanent: 'yes' }, ['permanent']],
      [{ scene: 'ok', permanent: true, expireSeconds: 600 }, ['expireSeconds']],
    ])('refuses %j naming %j', async (body, fields) => {
      const res = await t.http
        .post(path())
        .set(...bearer(m.token))
        .send(body)
        .expect(400);
      expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(fields));
    });

    it('needs a connected WeChat account of the merchant and marketing.manage', async () => {
      const other = await signupMerchant(t);
      await t.http
        .post(path())
        .set(...bearer(other.token))
        .send({ scene: 'x' })
        .expect(404);
      const agent = await createStaffWithRole(t, m.token, 'cs_agent');
      await t.http
        .get(path())
        .set(...bearer(agent.token))
        .expect(403);
    });
  });
});
