import {
  createMerchant,
  decryptResource,
  jsapiBody,
  PayMerchant,
  platformSigned,
  Receiver,
  Sandbox,
  startSandbox,
  v3,
  waitFor,
} from './wechatpay-client';

interface NotificationRecord {
  id: string;
  state: string;
  eventType: string;
  duplicateOf?: string;
  attempts: Array<{ n: number; status?: number; error?: string; startedAt: string }>;
}

/** The v3 notification body as §2.1 shows it. */
interface Note {
  id: string;
  create_time: string;
  resource_type: string;
  event_type: string;
  resource: { original_type: string; nonce: string; associated_data: string; ciphertext: string };
}

describe('sandbox WeChat Pay: notifications, retries, switches and refunds (§2.1–2.5)', () => {
  let sandbox: Sandbox;
  let merchant: PayMerchant;
  const receiver = new Receiver();
  let seq = 0;
  const control = (path: string) => `/_sandbox/wechatpay/merchants/${merchant.mchid}${path}`;
  const switches = (body: object) => sandbox.http.put(control('/misbehaviour')).send(body).expect(200);

  async function order(total = 5900): Promise<string> {
    seq += 1;
    const otn = `TD-N-${String(seq).padStart(4, '0')}`;
    await v3(
      sandbox,
      merchant,
      'POST',
      '/v3/pay/transactions/jsapi',
      jsapiBody(merchant, otn, receiver.url, total),
    ).expect(200);
    return otn;
  }
  async function notifications(otn: string): Promise<NotificationRecord[]> {
    const res = await sandbox.http.get(`/_sandbox/wechatpay/notifications?outTradeNo=${otn}`).expect(200);
    return res.body.notifications as NotificationRecord[];
  }
  const parse = (i: number) => JSON.parse(receiver.received[i].body) as Note;

  beforeAll(async () => {
    sandbox = await startSandbox();
    await receiver.start();
    merchant = await createMerchant(sandbox.http, { retryScale: 0.001, notifyTimeoutMs: 200 });
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.answer = () => ({ status: 204 });
    await switches({});
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('pay → one signed notification whose resource decrypts to the paid transaction', async () => {
    const otn = await order();
    const paid = await sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);
    expect(paid.body.transaction.state).toBe('SUCCESS');
    await waitFor(async () => (await notifications(otn))[0]?.state === 'acknowledged');
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['wechatpay-serial']).toBe(merchant.platformSerial);
    expect(Math.abs(Number(headers['wechatpay-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(platformSigned(merchant, headers, body)).toBe(true);
    const note = parse(0);
    expect(note).toMatchObject({
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      resource: {
        original_type: 'transaction',
        algorithm: 'AEAD_AES_256_GCM',
        associated_data: 'transaction',
      },
    });
    expect(note.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(Buffer.byteLength(note.resource.nonce)).toBe(12);
    const tx = decryptResource(merchant.apiV3Key, note.resource);
    expect(tx).toMatchObject({
      appid: merchant.appid,
      mchid: merchant.mchid,
      out_trade_no: otn,
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: { total: 5900, payer_total: 5900, currency: 'CNY' },
    });
    expect(tx.transaction_id).toMatch(/^\d{28}$/);
    expect(tx.success_time).toMatch(/\+08:00$/);
    const queried = await v3(
      sandbox,
      merchant,
      'GET',
      `/v3/pay/transactions/out-trade-no/${otn}?mchid=${merchant.mchid}`,
    );
    expect(queried.body).toMatchObject({ trade_state: 'SUCCESS', transaction_id: tx.transaction_id });
    const reorder = await v3(
      sandbox,
      merchant,
      'POST',
      '/v3/pay/transactions/jsapi',
      jsapiBody(merchant, otn, receiver.url),
    );
    expect([reorder.status, reorder.body.code]).toEqual([403, 'ORDERPAID']);
    const close = await v3(sandbox, merchant, 'POST', `/v3/pay/transactions/out-trade-no/${otn}/close`, {
      mchid: merchant.mchid,
    });
    expect(close.body.code).toBe('ORDERPAID');
  });

  it('retries on non-2xx, refused answers and silence on the scaled §2.5 schedule until acknowledged', async () => {
    receiver.answer = (i) =>
      i === 0
        ? { status: 500 }
        : i === 1
          ? { status: 204, delayMs: 400 }
          : i === 2
            ? { status: 404 }
            : { status: 200 };
    const otn = await order();
    await sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);
    const [note] = await waitFor(async () => {
      const found = await notifications(otn);
      return found[0]?.state === 'acknowledged' ? found : undefined;
    });
    expect(note.attempts.map((a) => a.status ?? a.error)).toEqual([500, 'no answer within 200 ms', 404, 200]);
    // Same body every time, each attempt freshly and validly signed.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(4);
    for (const r of receiver.received) expect(platformSigned(merchant, r.headers, r.body)).toBe(true);
    // 15 s, 15 s, 30 s scaled by 0.001 → gaps of at least 15, 15(+200 timeout), 30 ms.
    const starts = note.attempts.map((a) => Date.parse(a.startedAt));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(14);
    expect(starts[3] - starts[2]).toBeGreaterThanOrEqual(29);
  });

  it('gives up after the 15th retry (16 attempts) and records it as failed', async () => {
    receiver.answer = () => ({ status: 503 });
    await sandbox.http.patch(control('')).send({ retryScale: 0.00002 }).expect(200);
    try {
      const otn = await order();
      await sandbox.http
        .post(control(`/transactions/${otn}/pay`))
        .send({})
        .expect(200);
      const [note] = await waitFor(async () => {
        const found = await notifications(otn);
        return found[0]?.state === 'failed' ? found : undefined;
      }, 10_000);
      expect(note.attempts).toHaveLength(16);
    } finally {
      await sandbox.http.patch(control('')).send({ retryScale: 0.001 }).expect(200);
    }
  });

  it('sends duplicates: the same bytes again after the first copy was acknowledged', async () => {
    await switches({ duplicateNotifications: 2 });
    const otn = await order();
    await sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);
    const found = await waitFor(async () => {
      const all = await notifications(otn);
      return all.length === 3 && all.every((n) => n.state === 'acknowledged') ? all : undefined;
    });
    expect(found[1].duplicateOf).toBe(found[0].id);
    expect(found[2].duplicateOf).toBe(found[0].id);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(parse(0).id).toBe(parse(2).id);
  });

  it('wrong amount: a tampered but correctly signed and encrypted transaction', async () => {
    await switches({ tamperAmountFen: 1 });
    const otn = await order(5900);
    await sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);
    await waitFor(() => receiver.received.length === 1);
    const { headers, body } = receiver.received[0];
    expect(platformSigned(merchant, headers, body)).toBe(true);
    expect(decryptResource(merchant.apiV3Key, parse(0).resource).amount).toMatchObject({
      total: 5901,
      payer_total: 5901,
    });
    expect((await notifications(otn))[0]).toMatchObject({ faults: ['tamperAmount'] });
  });

  it('bad signature and replayed old timestamp switches', async () => {
    await switches({ badSignature: true });
    const a = await order();
    await sandbox.http
      .post(control(`/transactions/${a}/pay`))
      .send({})
      .expect(200);
    await waitFor(() => receiver.received.length === 1);
    expect(platformSigned(merchant, receiver.received[0].headers, receiver.received[0].body)).toBe(false);

    await switches({ staleTimestampSeconds: 3600 });
    const b = await order();
    await sandbox.http
      .post(control(`/transactions/${b}/pay`))
      .send({})
      .expect(200);
    await waitFor(() => receiver.received.length === 2);
    const { headers, body } = receiver.received[1];
    expect(platformSigned(merchant, headers, body)).toBe(true);
    expect(Date.now() / 1000 - Number(headers['wechatpay-timestamp'])).toBeGreaterThanOrEqual(3599);
  });

  it('pays late, and an expired or closed transaction can no longer be paid', async () => {
    const late = await order();
    const scheduled = await sandbox.http
      .post(control(`/transactions/${late}/pay`))
      .send({ delayMs: 150 })
      .expect(200);
    expect(scheduled.body).toMatchObject({ scheduled: true, transaction: { state: 'NOTPAY' } });
    expect(receiver.received).toHaveLength(0);
    await waitFor(() => receiver.received.length === 1);
    expect(decryptResource(merchant.apiV3Key, parse(0).resource).out_trade_no).toBe(late);

    const expiring = await order();
    await sandbox.http
      .post(control(`/transactions/${expiring}/pay`))
      .send({ delayMs: 100 })
      .expect(200);
    await sandbox.http.post(control(`/transactions/${expiring}/expire`)).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
    await sandbox.http
      .post(control(`/transactions/${expiring}/pay`))
      .send({})
      .expect(409);
  });

  it('refunds up to what was paid, cumulatively, and notifies REFUND.SUCCESS', async () => {
    const otn = await order(1000);
    const refund = (no: string, amount: number) =>
      v3(sandbox, merchant, 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: otn,
        out_refund_no: no,
        notify_url: receiver.url,
        amount: { refund: amount, total: 1000, currency: 'CNY' },
      });
    const unpaid = await refund(`${otn}-R0`, 100);
    expect([unpaid.status, unpaid.body.code]).toEqual([400, 'INVALID_REQUEST']);
    await sandbox.http
      .post(control(`/transactions/${otn}/pay`))
      .send({})
      .expect(200);
    await waitFor(() => receiver.received.length === 1);

    const first = await refund(`${otn}-R1`, 600).expect(200);
    expect(first.body).toMatchObject({ status: 'PROCESSING', amount: { refund: 600, total: 1000 } });
    expect((await refund(`${otn}-R1`, 600).expect(200)).body.refund_id).toBe(first.body.refund_id);
    const over = await refund(`${otn}-R2`, 401);
    expect([over.status, over.body.code]).toEqual([403, 'NOT_ENOUGH']);
    await refund(`${otn}-R3`, 400).expect(200);
    expect((await refund(`${otn}-R4`, 1)).body.code).toBe('NOT_ENOUGH');

    await waitFor(() => receiver.received.length === 3);
    const events = receiver.received.slice(1).map((r) => JSON.parse(r.body) as Note);
    expect(events.map((e) => e.event_type)).toEqual(['REFUND.SUCCESS', 'REFUND.SUCCESS']);
    const decrypted = events.map((e) => decryptResource(merchant.apiV3Key, e.resource));
    expect(decrypted.map((d) => d.refund_status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(decrypted.map((d) => (d.amount as { refund: number }).refund).sort()).toEqual([400, 600]);
    const got = await v3(sandbox, merchant, 'GET', `/v3/refund/domestic/refunds/${otn}-R1`).expect(200);
    expect(got.body).toMatchObject({ status: 'SUCCESS', out_trade_no: otn, out_refund_no: `${otn}-R1` });
    const q = await v3(
      sandbox,
      merchant,
      'GET',
      `/v3/pay/transactions/out-trade-no/${otn}?mchid=${merchant.mchid}`,
    );
    expect(q.body.trade_state).toBe('REFUND');
    const missing = await v3(sandbox, merchant, 'GET', '/v3/refund/domestic/refunds/none-1');
    expect([missing.status, missing.body.code]).toEqual([404, 'RESOURCE_NOT_EXISTS']);
  });
});
