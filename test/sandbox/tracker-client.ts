import { createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sandbox } from './taobao-client';

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
export class CallbackReceiver {
  readonly received: PushReceived[] = [];
  answer: (index: number) => { status: number; body: string } = () => ({
    status: 200,
    body: '{"result":true,"returnCode":"200","message":"成功"}',
  });
  private server?: Server;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/tracker/callback`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
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
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
