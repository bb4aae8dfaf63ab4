import {
  CallbackReceiver,
  createAccount,
  pushSign,
  querySign,
  Sandbox,
  startSandbox,
  subscribe,
  TrackerAccount,
  waitFor,
} from './tracker-client';

interface PushParam {
  status: string;
  message: string;
  lastResult: {
    state: string;
    ischeck: string;
    com: string;
    nu: string;
    data: Array<{ context: string; time: string; ftime: string; status: string; statusCode?: string }>;
  };
}
interface PushRecord {
  id: string;
  delivery: string;
  duplicateOf?: string;
  attempts: Array<{ n: number; status?: number; error?: string }>;
}

describe('sandbox tracker (Kuaidi100 §5.3): subscribe, pushes, retries, query, switches', () => {
  let sandbox: Sandbox;
  let account: TrackerAccount;
  const receiver = new CallbackReceiver();
  let seq = 0;
  const number = () => `SF${String(1_000_000_000 + ++seq)}`;
  const parcel = (com: string, nu: string) => `/_sandbox/tracker/parcels/${com}/${nu}`;
  const advance = (nu: string, state: number, context?: string) =>
    sandbox.http
      .post(`${parcel('shunfeng', nu)}/advance`)
      .send({ state, context })
      .expect(200);
  const parse = (i: number) => JSON.parse(receiver.received[i].param) as PushParam;
  const pushesOf = async (nu: string) =>
    (await sandbox.http.get(`/_sandbox/tracker/pushes?number=${nu}`).expect(200)).body.pushes as PushRecord[];

  beforeAll(async () => {
    sandbox = await startSandbox();
    await receiver.start();
    account = await createAccount(sandbox.http, { retryScale: 0.0001, pushTimeoutMs: 300 });
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.answer = () => ({ status: 200, body: '{"result":true,"returnCode":"200","message":"成功"}' });
    await sandbox.http.put(`/_sandbox/tracker/accounts/${account.key}/misbehaviour`).send({}).expect(200);
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('subscribes (200), refuses a duplicate (501), a bad key (600), a disabled key (601), bad params (700)', async () => {
    const nu = number();
    const spec = { company: 'shunfeng', number: nu, callbackurl: receiver.url, salt: 's' };
    expect(await subscribe(sandbox, account, spec)).toEqual({
      result: true,
      returnCode: '200',
      message: '提交成功',
    });
    expect(await subscribe(sandbox, account, spec)).toMatchObject({ result: false, returnCode: '501' });
    expect(await subscribe(sandbox, account, { ...spec, key: 'NoSuchKey123' })).toMatchObject({
      returnCode: '600',
    });
    expect(await subscribe(sandbox, account, { ...spec, company: 'nosuchco' })).toMatchObject({
      returnCode: '700',
    });
    expect(await subscribe(sandbox, account, { ...spec, callbackurl: 'not a url' })).toMatchObject({
      returnCode: '700',
    });
    const off = await createAccount(sandbox.http);
    await sandbox.http.patch(`/_sandbox/tracker/accounts/${off.key}`).send({ disabled: true }).expect(200);
    expect(await subscribe(sandbox, off, { ...spec, number: number() })).toMatchObject({ returnCode: '601' });
    const subs = await sandbox.http.get(`/_sandbox/tracker/subscriptions?number=${nu}`).expect(200);
    expect(subs.body.subscriptions).toEqual([expect.objectContaining({ status: 'active', salt: 's' })]);
  });

  it('pushes each change with the full history newest first, signed UPPER(md5(param+salt)); 签收 shuts down', async () => {
    const nu = number();
    await subscribe(sandbox, account, {
      company: 'shunfeng',
      number: nu,
      callbackurl: receiver.url,
      salt: 'pepper',
      resultv2: '1',
    });
    await advance(nu, 1, '快递员已揽收');
    await waitFor(() => receiver.received.length === 1);
    await advance(nu, 0);
    await waitFor(() => receiver.received.length === 2);
    await advance(nu, 3, '已签收');
    await waitFor(() => receiver.received.length === 3);
    for (const push of receiver.received) expect(push.sign).toBe(pushSign(push.param, 'pepper'));
    expect(receiver.received[0].sign).toMatch(/^[0-9A-F]{32}$/);
    expect(parse(0)).toMatchObject({ status: 'polling', lastResult: { state: '1', ischeck: '0', nu } });
    const last = parse(2);
    expect(last).toMatchObject({
      status: 'shutdown',
      lastResult: { state: '3', ischeck: '1', com: 'shunfeng' },
    });
    expect(last.lastResult.data.map((d) => d.status)).toEqual(['签收', '在途', '揽收']);
    expect(last.lastResult.data[0]).toMatchObject({ context: '已签收', statusCode: '3' });
    expect(last.lastResult.data[0].time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Ended: further scans are not pushed.
    await advance(nu, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(3);
    const subs = await sandbox.http.get(`/_sandbox/tracker/subscriptions?number=${nu}`).expect(200);
    expect(subs.body.subscriptions[0].status).toBe('shutdown');
  });

  it('redelivers an unacknowledged push 3 times on the scaled 30-minute schedule, then gives up', async () => {
    const nu = number();
    await subscribe(sandbox, account, { company: 'shunfeng', number: nu, callbackurl: receiver.url });
    receiver.answer = (i) =>
      i < 2
        ? { status: 200, body: '{"result":false,"returnCode":"500","message":"失败"}' }
        : { status: 200, body: '{"result":true,"returnCode":"200"}' };
    await advance(nu, 1);
    const [acked] = await waitFor(async () => {
      const list = await pushesOf(nu);
      return list[0]?.delivery === 'acknowledged' ? list : undefined;
    });
    expect(acked.attempts.map((a) => a.n)).toEqual([1, 2, 3]);
    expect(receiver.received.map((r) => r.param)).toEqual(Array(3).fill(receiver.received[0].param));
    expect(receiver.received[0].sign).toBeUndefined();

    receiver.received.length = 0;
    receiver.answer = () => ({ status: 500, body: 'oops' });
    await advance(nu, 0);
    const failed = await waitFor(async () => (await pushesOf(nu)).find((p) => p.delivery === 'failed'));
    expect(failed.attempts).toHaveLength(4);
    expect(receiver.received).toHaveLength(4);
  });

  it('misbehaviour: duplicate pushes carry identical param and sign; badSign pushes do not verify', async () => {
    const nu = number();
    await subscribe(sandbox, account, {
      company: 'shunfeng',
      number: nu,
      callbackurl: receiver.url,
      salt: 'k',
    });
    await sandbox.http
      .put(`/_sandbox/tracker/accounts/${account.key}/misbehaviour`)
      .send({ duplicatePushes: 2 })
      .expect(200);
    await advance(nu, 1);
    await waitFor(() => receiver.received.length === 3);
    expect(new Set(receiver.received.map((r) => `${r.param}|${r.sign}`)).size).toBe(1);
    const records = await pushesOf(nu);
    expect(records.filter((p) => p.duplicateOf === records[0].id)).toHaveLength(2);

    receiver.received.length = 0;
    await sandbox.http
      .put(`/_sandbox/tracker/accounts/${account.key}/misbehaviour`)
      .send({ badSign: true })
      .expect(200);
    await advance(nu, 0);
    await waitFor(() => receiver.received.length === 1);
    const [push] = receiver.received;
    expect(push.sign).toMatch(/^[0-9A-F]{32}$/);
    expect(push.sign).not.toBe(pushSign(push.param, 'k'));
  });

  it('abort ends the subscription with status abort; a new subscription is then accepted', async () => {
    const nu = number();
    const spec = { company: 'shunfeng', number: nu, callbackurl: receiver.url };
    await subscribe(sandbox, account, spec);
    await advance(nu, 1);
    await waitFor(() => receiver.received.length === 1);
    await sandbox.http
      .post(`${parcel('shunfeng', nu)}/abort`)
      .send({ message: '60天无变化' })
      .expect(200);
    await waitFor(() => receiver.received.length === 2);
    expect(parse(1)).toMatchObject({ status: 'abort', message: '60天无变化' });
    expect((await subscribe(sandbox, account, spec)).returnCode).toBe('200');
  });

  it('runs an automatic timeline to delivery', async () => {
    const fast = await createAccount(sandbox.http, { autoTimelineMs: 30, retryScale: 0.0001 });
    const nu = number();
    await subscribe(sandbox, fast, { company: 'zhongtong', number: nu, callbackurl: receiver.url });
    await waitFor(() => receiver.received.length === 5);
    const states = receiver.received.map((r) => (JSON.parse(r.param) as PushParam).lastResult.state);
    expect(states).toEqual(['1', '0', '0', '5', '3']);
    expect((JSON.parse(receiver.received[4].param) as PushParam).status).toBe('shutdown');
  });

  it('answers the real-time query with the history when signed UPPER(md5(param+key+customer))', async () => {
    const nu = number();
    await advance(nu, 1);
    await advance(nu, 5);
    const param = JSON.stringify({ com: 'shunfeng', num: nu });
    const ok = await sandbox.http
      .post('/poll/query.do')
      .type('form')
      .send({ customer: account.customer, param, sign: querySign(param, account) })
      .expect(200);
    expect(ok.body).toMatchObject({ message: 'ok', state: '5', ischeck: '0', nu, com: 'shunfeng' });
    expect(ok.body.data).toHaveLength(2);
    const bad = await sandbox.http
      .post('/poll/query.do')
      .type('form')
      .send({ customer: account.customer, param, sign: querySign(`${param} `, account) })
      .expect(200);
    expect(bad.body).toMatchObject({ result: false, returnCode: '503' });
    const unknownParam = JSON.stringify({ com: 'shunfeng', num: number() });
    const none = await sandbox.http
      .post('/poll/query.do')
      .type('form')
      .send({ customer: account.customer, param: unknownParam, sign: querySign(unknownParam, account) });
    expect(none.body).toMatchObject({ result: false, returnCode: '500' });
  });
});
