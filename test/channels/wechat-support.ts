import type { AddressInfo } from 'node:net';
import { RequestContext } from '@tongdao/kernel';
import { SignedUpMerchant, TestApp, bearer } from '@tongdao/testing';
import { Account, Sandbox } from '../sandbox/wechat-client';

/**
 * Connects a sandbox official account to the merchant's shop through the admin API; returns the account id.
 * `withKey: false` connects it without its EncodingAESKey (a plain-mode account).
 */
export async function connectSandboxAccount(
  t: TestApp,
  m: SignedUpMerchant,
  sandbox: Sandbox,
  account: Account,
  { withKey = true } = {},
): Promise<string> {
  const res = await t.http
    .post('/admin/v1/channel-accounts')
    .set(...bearer(m.token))
    .send({
      type: 'wechat',
      shopId: m.shopId,
      appId: account.appId,
      appSecret: account.appSecret,
      token: account.token,
      ...(withKey ? { encodingAESKey: account.encodingAESKey } : {}),
      apiBaseUrl: `http://127.0.0.1:${sandbox.port}`,
    })
    .expect(201);
  return res.body.id as string;
}

/** Points the sandbox account's server URL at this test app's callback route (the app must be listening). */
export async function pointCallbackAt(
  t: TestApp,
  sandbox: Sandbox,
  account: Account,
  accountId: string,
): Promise<void> {
  const port = (t.app.getHttpServer().address() as AddressInfo).port;
  await sandbox.http
    .patch(`/_sandbox/wechat/accounts/${account.appId}`)
    .send({ callbackUrl: `http://127.0.0.1:${port}/channels/wechat/${accountId}` })
    .expect(200);
}

export interface SandboxCall {
  path: string;
  outcome: string;
}

export async function sandboxCalls(sandbox: Sandbox, appId: string, path: string): Promise<SandboxCall[]> {
  const res = await sandbox.http
    .get('/_sandbox/wechat/calls')
    .query({ appId, path, limit: 1000 })
    .expect(200);
  return res.body.calls as SandboxCall[];
}

export interface SentMessage {
  kind: string;
  touser: string;
  msgid?: string;
  body: {
    template_id?: string;
    client_msg_id?: string;
    data?: Record<string, { value: string }>;
    text?: { content: string };
  };
}

export async function sentMessages(
  sandbox: Sandbox,
  appId: string,
  kind: 'template' | 'custom',
): Promise<SentMessage[]> {
  const res = await sandbox.http.get(`/_sandbox/wechat/accounts/${appId}/sent`).query({ kind }).expect(200);
  return res.body.messages as SentMessage[];
}

export function systemCtx(m: SignedUpMerchant): RequestContext {
  return RequestContext.system(m.merchantId, 'test');
}
