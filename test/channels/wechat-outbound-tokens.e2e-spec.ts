import { randomBytes } from 'node:crypto';
import { WechatAccounts, WechatApiClient, WechatApiError, WechatCredentials } from '@tongdao/channels';
import { SignedUpMerchant, TestApp, signupMerchant, startTestApp } from '@tongdao/testing';
import {
  Account,
  Follower,
  Sandbox,
  createAccount,
  createFollower,
  startSandbox,
} from '../sandbox/wechat-client';
import { connectSandboxAccount, sandboxCalls, systemCtx } from './wechat-support';

/**
 * The access token is shared by every process through Redis: two app contexts (two "processes") on the same
 * Redis prefix, each with its own Redis connection and in-process state, stand for an api and a worker.
 */
describe('WeChat access token shared across processes (sandbox + MariaDB + Redis)', () => {
  let sandbox: Sandbox;
  let one: TestApp;
  let two: TestApp;
  let m: SignedUpMerchant;
  let account: Account;
  let follower: Follower;
  let credentials: WechatCredentials;

  beforeAll(async () => {
    const prefix = `tdt_wxtok_${randomBytes(4).toString('hex')}`;
    sandbox = await startSandbox();
    [one, two] = await Promise.all([
      startTestApp({ env: { REDIS_KEY_PREFIX: prefix } }),
      startTestApp({ env: { REDIS_KEY_PREFIX: prefix } }),
    ]);
    m = await signupMerchant(one);
    account = await createAccount(sandbox.http);
    follower = await createFollower(sandbox.http, account.appId);
    const id = await connectSandboxAccount(one, m, sandbox, account);
    credentials = await one.app.get(WechatAccounts).credentials(systemCtx(m), id);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await sandbox?.close();
  });

  const userInfo = (t: TestApp) =>
    t.app.get(WechatApiClient).call(credentials, {
      method: 'GET',
      path: '/cgi-bin/user/info',
      query: { openid: follower.openid, lang: 'zh_CN' },
    });
  const tokenCalls = async () => (await sandboxCalls(sandbox, account.appId, '/cgi-bin/token')).length;
  const refusedUserInfo = async () =>
    (await sandboxCalls(sandbox, account.appId, '/cgi-bin/user/info')).filter((c) => c.outcome !== 'ok')
      .length;
  const tokens = async (): Promise<Array<{ token: string; state: string }>> =>
    (await sandbox.http.get(`/_sandbox/wechat/accounts/${account.appId}/tokens`).expect(200)).body.tokens;

  it('both processes use the one token the first of them fetched', async () => {
    await Promise.all([userInfo(one), userInfo(two), userInfo(one), userInfo(two)]);
    expect(await tokenCalls()).toBe(1);
  });

  it.each([
    ['invalidated (40001)', 'invalidate'],
    ['expired (42001)', 'expire'],
  ])('a token %s under both processes at once is refreshed exactly once', async (_, action) => {
    const before = await tokenCalls();
    // Every token the sandbox still honours goes stale, whichever process holds it.
    for (const { token } of (await tokens()).filter((t) => t.state === 'valid'))
      await sandbox.http.post(`/_sandbox/wechat/tokens/${token}/${action}`).expect(200);
    const refusedBefore = await refusedUserInfo();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => userInfo(i % 2 === 0 ? one : two)));
    for (const answer of answers) expect(answer).toMatchObject({ openid: follower.openid, subscribe: 1 });
    expect(await tokenCalls()).toBe(before + 1);
    // Both processes met the stale token (one refusal each at least), yet only one of them refreshed it.
    expect((await refusedUserInfo()) - refusedBefore).toBeGreaterThanOrEqual(2);
  });

  it('a token refused on every try is retried once per call, then the error is typed', async () => {
    await sandbox.http
      .put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`)
      .send({ tokensInvalid: true })
      .expect(200);
    const before = await tokenCalls();
    const error: unknown = await userInfo(one).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40001, path: '/cgi-bin/user/info', staleToken: true });
    expect(await tokenCalls()).toBe(before + 1);
    await sandbox.http.put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`).send({}).expect(200);
  });

  it('a wrong secret surfaces the token endpoint error, typed, without a retry loop', async () => {
    const other = await createAccount(sandbox.http);
    const call = two.app
      .get(WechatApiClient)
      .call(
        { appId: other.appId, appSecret: 'not-the-secret', apiBaseUrl: credentials.apiBaseUrl },
        { method: 'GET', path: '/cgi-bin/user/info', query: { openid: follower.openid } },
      );
    await expect(call).rejects.toMatchObject({ errcode: 40001, path: '/cgi-bin/token' });
    expect(await sandboxCalls(sandbox, other.appId, '/cgi-bin/token')).toHaveLength(1);
  });
});
