import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { MerchantServer } from './merchant-side';
import { Sandbox } from './taobao-client';

export { waitFor } from './merchant-side';

export { startSandbox } from './taobao-client';
export type { Sandbox } from './taobao-client';

/** Test-side Kuaidi100 helpers written from PROTOCOLS §5.3, not from the sandbox's code. */
export interface TrackerAccount {
  key: string;
  customer: string;
}

export async function createAccount(http: Sandbox['http'], body: object = {}): Promise<TrackerAccount> {
  const res = await http.post('/_sandbox/tracker/accounts').send(body).expect(201);
  return res.body as TrackerAccount;
}

export function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

/** Push sign: UPPER(MD5(param + salt)). */
export function pushSign(param: string, salt: string): string {
  return md5Upper(param + salt);
}

/** query.do sign: UPPER(MD5(param + key + customer)). */
export function querySign(param: string, account: TrackerAccount): string {
  return md5Upper(param + account.key + account.customer);
}

export interface Subscribe {
  company: string;
  number: string;
  callbackurl: string;
  salt?: string;
  resultv2?: string;
  key?: string;
}

export async function subscribe(
  sandbox: Sandbox,
  account: TrackerAccount,
  spec: Subscribe,
): Promise<{ result: boolean; returnCode: string; message: string }> {
  const param = {
    company: spec.company,
    number: spec.number,
    key: spec.key ?? account.key,
    parameters: { callbackurl: spec.callbackurl, salt: spec.salt, resultv2: spec.resultv2 },
  };
  const res = await sandbox.http
    .post('/poll')
    .type('form')
    .send({ schema: 'json', param: JSON.stringify(param) })
    .expect(200);
  return res.body as { result: boolean; returnCode: string; message: string };
}

export interface PushReceived {
  at: number;
  param: string;
  sign?: string;
}

/** A callbackurl receiver: records each form push and answers as `answer` says (default: acknowledged). */
export class CallbackReceiver extends MerchantServer {
  readonly received: PushReceived[] = [];
  answer: (index: number) => { status: number; body: string } = () => ({
    status: 200,
    body: '{"result":true,"returnCode":"200","message":"成功"}',
  });

  constructor() {
    super('/tracker/callback');
  }

  protected respond(_req: IncomingMessage, body: string, res: ServerResponse): void {
    const form = new URLSearchParams(body);
    const index = this.received.length;
    this.received.push({
      at: Date.now(),
      param: form.get('param') ?? '',
      sign: form.get('sign') ?? undefined,
    });
    const answer = this.answer(index);
    res.statusCode = answer.status;
    res.setHeader('Content-Type', 'application/json');
    res.end(answer.body);
  }
}
