import { WechatAccounts } from '@tongdao/channels';
import { RequestContext } from '@tongdao/kernel';
import {
  SignedUpMerchant,
  TestApp,
  bearer,
  createStaffWithRole,
  signupMerchant,
  startTestApp,
} from '@tongdao/testing';

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

  it('staff limited to some shops reach only those shops’ accounts', async () => {
    const other = await t.http
      .post('/admin/v1/shops')
      .set(...bearer(m.token))
      .send({ name: 'Second shop' })
      .expect(201);
    const theirs = await t.http
      .post('/admin/v1/channel-accounts')
      .set(...bearer(m.token))
      .send({ ...body, appId: 'wx00000000000000aa', shopId: other.body.id })
      .expect(201);
    const limited = await createStaffWithRole(t, m.token, 'admin', { shopIds: [m.shopId] });
    await t.http
      .get(`/admin/v1/channel-accounts/${theirs.body.id}`)
      .set(...bearer(limited.token))
      .expect(404);
    await t.http
      .post(`/admin/v1/channel-accounts/${theirs.body.id}/wechat/qr-codes`)
      .set(...bearer(limited.token))
      .send({ scene: 'x' })
      .expect(404);
    const listed = await t.http
      .get('/admin/v1/channel-accounts?type=wechat')
      .set(...bearer(limited.token))
      .expect(200);
    expect(listed.body.items.map((a: { shopId: string }) => a.shopId)).not.toContain(other.body.id);
    const all = await t.http
      .get('/admin/v1/channel-accounts?type=wechat')
      .set(...bearer(m.token))
      .expect(200);
    expect(all.body.items.map((a: { shopId: string }) => a.shopId)).toContain(other.body.id);
  });
});
