import { createServer } from 'node:net';
import {
  Account,
  CallbackServer,
  createAccount,
  createFollower,
  field,
  Follower,
  Sandbox,
  startSandbox,
  waitFor,
} from './wechat-client';

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('sandbox WeChat: timeouts, retries and duplicate pushes (§1.4)', () => {
  let sandbox: Sandbox;
  let account: Account;
  let follower: Follower;
  const server = new CallbackServer();
  const text = (body: object = { content: 'hello' }) =>
    sandbox.http
      .post(`/_sandbox/wechat/accounts/${account.appId}/followers/${follower.openid}/text`)
      .send(body);
  const settings = (body: object) =>
    sandbox.http.patch(`/_sandbox/wechat/accounts/${account.appId}`).send(body).expect(200);

  beforeAll(async () => {
    sandbox = await startSandbox();
    await server.start();
    account = await createAccount(sandbox.http, { callbackUrl: server.url, pushTimeoutMs: 200 });
    follower = await createFollower(sandbox.http, account.appId);
  });
  beforeEach(async () => {
    server.received.length = 0;
    server.answer = () => ({ body: 'success' });
    await settings({ callbackUrl: server.url, pushAttempts: 3 });
    await sandbox.http.put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`).send({}).expect(200);
  });
  afterAll(async () => {
    await sandbox.close();
    await server.close();
  });

  it('retries a silent callback after the timeout with the same bytes, up to 3 attempts', async () => {
    server.answer = (_request, index) =>
      index < 2 ? { delayMs: 400, body: 'success' } : { body: 'success' };
    const res = await text().expect(200);
    expect(res.body.state).toBe('delivered');
    expect(res.body.attempts).toHaveLength(3);
    expect(res.body.attempts[0].error).toBe('no answer within 200 ms');
    expect(res.body.attempts[0].latencyMs).toBeGreaterThanOrEqual(190);
    expect(res.body.attempts[0].latencyMs).toBeLessThan(380);
    expect(res.body.attempts[2]).toMatchObject({ status: 200, responseBody: 'success' });
    expect(server.received).toHaveLength(3);
    const [first, ...rest] = server.received;
    for (const again of rest) {
      expect(again.body).toBe(first.body);
      expect(again.query.toString()).toBe(first.query.toString());
    }
  });

  it('gives up after 3 silent attempts and records that the user saw the notice', async () => {
    server.answer = () => ({ delayMs: 400, body: 'success' });
    const res = await text().expect(200);
    expect(res.body.state).toBe('failed');
    expect(res.body.attempts.map((a: { error?: string }) => a.error)).toEqual(
      Array(3).fill('no answer within 200 ms'),
    );
    expect(res.body.reply.userNotice).toBe('该公众号暂时无法提供服务，请稍后再试');
    await settings({ pushAttempts: 1 });
    const once = await text().expect(200);
    expect(once.body.attempts).toHaveLength(1);
  });

  it('retries a non-2xx answer and records every status', async () => {
    server.answer = (_request, index) => (index === 0 ? { status: 500, body: 'oops' } : { body: 'success' });
    const res = await text().expect(200);
    expect(res.body.attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
    expect(res.body.attempts[0].responseBody).toBe('oops');
    expect(res.body.state).toBe('delivered');
  });

  it('records refused connections as failed attempts', async () => {
    await settings({ callbackUrl: `http://127.0.0.1:${await closedPort()}/cb` });
    const res = await text().expect(200);
    expect(res.body.state).toBe('failed');
    expect(res.body.attempts.map((a: { error?: string }) => a.error)).toEqual(Array(3).fill('ECONNREFUSED'));
  });

  it('sends byte-identical duplicates when the switch is on (n of every m pushes)', async () => {
    await sandbox.http
      .put(`/_sandbox/wechat/accounts/${account.appId}/misbehaviour`)
      .send({ duplicatePushes: { n: 1, m: 2 } })
      .expect(200);
    const single = await text({ content: 'one' }).expect(200);
    const doubled = await text({ content: 'two' }).expect(200);
    expect(server.received.map((r) => field(r.body, 'Content'))).toEqual(['one', 'two', 'two']);
    expect(server.received[2].body).toBe(server.received[1].body);
    expect(server.received[2].query.toString()).toBe(server.received[1].query.toString());
    const log = await sandbox.http
      .get('/_sandbox/wechat/deliveries')
      .query({ appId: account.appId, openid: follower.openid })
      .expect(200);
    const copies = log.body.deliveries.filter(
      (d: { messageKey: string }) => d.messageKey === doubled.body.messageKey,
    );
    expect(copies).toHaveLength(2);
    expect(copies[1].duplicateOf).toBe(doubled.body.id);
    expect(
      log.body.deliveries.filter((d: { duplicateOf?: string }) => d.duplicateOf === single.body.id),
    ).toEqual([]);
  });

  it('answers at once with wait:false and finishes the delivery in the background', async () => {
    server.answer = () => ({ delayMs: 100, body: 'success' });
    const res = await text({ content: 'later', wait: false }).expect(200);
    expect(res.body.state).toBe('pending');
    const done = await waitFor(async () => {
      const d = await sandbox.http.get(`/_sandbox/wechat/deliveries/${res.body.id}`).expect(200);
      return d.body.state === 'pending' ? undefined : d.body;
    });
    expect(done.state).toBe('delivered');
    expect(done.attempts[0].latencyMs).toBeGreaterThanOrEqual(90);
  });
});
