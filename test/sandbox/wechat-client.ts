import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { MerchantServer, Probe, waitFor as poll } from './merchant-side';
import { Sandbox } from './taobao-client';

export { startSandbox } from './taobao-client';
export type { Sandbox } from './taobao-client';

/**
 * The merchant side of the WeChat protocol for tests, written from PROTOCOLS §1 and not from the sandbox's code,
 * so that a signature or AES bug in the sandbox cannot hide behind the same bug here.
 */
export interface Account {
  appId: string;
  appSecret: string;
  originalId: string;
  token: string;
  encodingAESKey: string;
  callbackUrl?: string;
  mode: string;
  templates: Array<{ templateId: string; title: string }>;
}

export interface Follower {
  openid: string;
  unionid: string;
  nickname: string;
  subscribed: boolean;
}

export function sha1Signature(...parts: string[]): string {
  return createHash('sha1').update(parts.sort().join('')).digest('hex');
}

function keyOf(encodingAESKey: string): Buffer {
  return Buffer.from(encodingAESKey + '=', 'base64');
}

/** Safe-mode decryption per §1.5: returns the message and the trailing appid. */
export function decrypt(encodingAESKey: string, base64: string): { xml: string; appId: string } {
  const key = keyOf(encodingAESKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]);
  const plain = padded.subarray(0, padded.length - padded[padded.length - 1]);
  const length = plain.readUInt32BE(16);
  return {
    xml: plain.subarray(20, 20 + length).toString('utf8'),
    appId: plain.subarray(20 + length).toString('utf8'),
  };
}

export function encrypt(encodingAESKey: string, appId: string, xml: string): string {
  const key = keyOf(encodingAESKey);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([randomBytes(16), length, body, Buffer.from(appId)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** A passive text reply (§1.3), plain or wrapped for safe mode (§1.5) with ms TimeStamp like one SDK sends. */
export function textReply(account: Account, openid: string, content: string, encrypted = false): string {
  const xml =
    `<xml><ToUserName><![CDATA[${openid}]]></ToUserName><FromUserName><![CDATA[${account.originalId}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content></xml>`;
  if (!encrypted) return xml;
  const enc = encrypt(account.encodingAESKey, account.appId, xml);
  const timestamp = String(Date.now());
  const nonce = '1320562132';
  return (
    `<xml><Encrypt><![CDATA[${enc}]]></Encrypt><MsgSignature><![CDATA[${sha1Signature(account.token, timestamp, nonce, enc)}]]></MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
  );
}

/** One XML field's text (CDATA or bare). */
export function field(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(xml);
  return match ? (match[1] ?? match[2]) : undefined;
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  at: number;
}

export interface Answer {
  status?: number;
  body?: string;
  delayMs?: number;
}

/** The merchant's callback server: records every request; `answer` decides what each one gets. */
export class CallbackServer extends MerchantServer {
  readonly received: Received[] = [];
  answer: (request: Received, index: number) => Answer = () => ({ body: 'success' });

  constructor() {
    super('/wechat/callback');
  }

  protected async respond(req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const request: Received = {
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      body,
      at: Date.now(),
    };
    this.received.push(request);
    const answer = this.answer(request, this.received.length - 1);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    res.writeHead(answer.status ?? 200, { 'content-type': 'text/xml' }).end(answer.body ?? '');
  }
}

export async function createAccount(
  http: Sandbox['http'],
  body: Record<string, unknown> = {},
): Promise<Account> {
  const res = await http.post('/_sandbox/wechat/accounts').send(body).expect(201);
  return res.body as Account;
}

export async function createFollower(
  http: Sandbox['http'],
  appId: string,
  body: Record<string, unknown> = {},
): Promise<Follower> {
  const res = await http.post(`/_sandbox/wechat/accounts/${appId}/followers`).send(body).expect(201);
  return res.body.followers[0] as Follower;
}

export async function fetchToken(http: Sandbox['http'], account: Account): Promise<string> {
  const res = await http
    .get('/cgi-bin/token')
    .query({ grant_type: 'client_credential', appid: account.appId, secret: account.appSecret })
    .expect(200);
  if (typeof res.body.access_token !== 'string') throw new Error(`no token: ${res.text}`);
  return res.body.access_token as string;
}

/** WeChat's pushes come back within a second, so a wait here gives up sooner than the other simulators' (3 s). */
export function waitFor<T>(probe: Probe<T>, timeoutMs = 3000): Promise<T> {
  return poll(probe, timeoutMs);
}
