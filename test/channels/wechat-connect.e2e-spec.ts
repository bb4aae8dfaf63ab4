import { WechatAccounts } from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import { SignedUpMerchant, TestApp, bearer, signupMerchant, startTestApp } from '@tongdao/testing';

describe('connecting a WeChat official account (MariaDB)', () => {
  let t: TestApp;
  let m: SignedUpMerchant;
  beforeAll(async () => {
    t = await startTestApp();
    m = await signupMerchant(t);
  });
  afterAll(async () => t.close());

  const body = {
    type: 'wechat',
    appId: 'wx1234567890abcdef',
    appSecret: 'the-app-secret-0123456789',
    token: 'callbackToken1',
    encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    apiBaseUrl: 'http://127.0.0.1:3100',
  };

  it('stores the secrets sealed, returns only the app id and API base, and reads them back for drivers', async () => {
    const res = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({ ...body, shopId: m.shopId })
      .expect(201);
    const shown = JSON.stringify(res.body);
    expect(res.body.settings).toMatchObject({
      appId: body.appId,
      apiBaseUrl: body.apiBaseUrl,
      encrypted: true,
    });
    for (const secret of [body.appSecret, body.token, body.encodingAESKey])
      expect(shown).not.toContain(secret);
    const stored: Array<{ secrets: string }> = await t.dataSource.query(
      'SELECT secrets FROM channel_accounts WHERE id = ?',
      [res.body.id],
    );
    for (const secret of [body.appSecret, body.token, body.encodingAESKey])
      expect(stored[0].secrets).not.toContain(secret);
    const credentials = await t.app
      .get(WechatAccounts)
      .credentials(RequestContext.system(m.merchantId, 'test'), res.body.id);
    expect(credentials).toMatchObject({
      appId: body.appId,
      appSecret: body.appSecret,
      token: body.token,
      encodingAESKey: body.encodingAESKey,
    });
  });

  it('refuses partial or malformed connection fields, naming them', async () => {
    const partial = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({ type: 'wechat', shopId: m.shopId, appId: body.appId })
      .expect(400);
    expect(partial.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['appSecret', 'token']),
    );
    const badKey = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({ ...body, shopId: m.shopId, encodingAESKey: 'short' })
      .expect(400);
    expect(badKey.body.details[0].field).toBe('encodingAESKey');
  });
});
