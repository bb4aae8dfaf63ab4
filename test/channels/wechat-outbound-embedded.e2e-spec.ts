import { MemoryWechatAccessTokens, WechatAccessTokens } from '@tongdao/channels';
import { OrderIngestion } from '@tongdao/orders';
import { RequestContext } from '@tongdao/kernel';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp, waitFor } from '@tongdao/testing';
import { channelOrder, createSku } from '../orders/fixtures';
import { Account, Sandbox, createAccount, createFollower, startSandbox } from '../sandbox/wechat-client';
import { connectSandboxAccount, sandboxCalls, sentMessages } from './wechat-support';

/** The embedded default (SQLite, no Redis, in-process jobs): the same outbound flow with the in-memory token. */
describe('WeChat outbound on the embedded default (sandbox + SQLite)', () => {
  let sandbox: Sandbox;
  let t: TestApp;
  let m: SignedUpMerchant;
  let account: Account;
  let accountId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    t = await startTestApp({ database: 'sqlite' });
    m = await signupMerchant(t);
    account = await createAccount(sandbox.http);
    accountId = await connectSandboxAccount(t, m, sandbox, account);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('uses the in-process token, creates QR codes and sends the paid template', async () => {
    expect(t.app.get(WechatAccessTokens)).toBeInstanceOf(MemoryWechatAccessTokens);
    const follower = await createFollower(sandbox.http, account.appId);
    await t.http
      .post(`/admin/v1/shops/${m.shopId}/wechat/templates`)
      .set(...bearer(m.token))
      .send({
        event: 'order.paid',
        templateId: account.templates[0].templateId,
        fields: { keyword1: '{{paidYuan}}' },
      })
      .expect(201);
    await t.http
      .post(`/admin/v1/channel-accounts/${accountId}/wechat/qr-codes`)
      .set(...bearer(m.token))
      .send({ scene: 'embedded' })
      .expect(201);
    const skuCode = (await createSku(t, m.token, 5)).code;
    await t.app
      .get(OrderIngestion)
      .ingest(RequestContext.system(m.merchantId, 'test'), accountId, [
        channelOrder(
          { skuCode },
          { buyer: { identities: [{ kind: 'wechat_openid', value: follower.openid }] } },
        ),
      ]);
    const [sent] = await waitFor(async () => {
      const found = await sentMessages(sandbox, account.appId, 'template');
      return found.length > 0 ? found : null;
    });
    expect(sent).toMatchObject({
      touser: follower.openid,
      body: { data: { keyword1: { value: '256.00' } } },
    });
    expect(await sandboxCalls(sandbox, account.appId, '/cgi-bin/token')).toHaveLength(1);
  });
});
