import { createDecipheriv, createSign, createVerify, randomBytes } from 'node:crypto';
import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { MerchantServer } from './merchant-side';
import { Sandbox } from './taobao-client';

export { waitFor } from './merchant-side';

export { startSandbox } from './taobao-client';
export type { Sandbox } from './taobao-client';

/**
 * The merchant side of WeChat Pay v3 for tests, written from PROTOCOLS §2 and not from the sandbox's code, so that
 * a signing or AES bug in the sandbox cannot hide behind the same bug here.
 */
export interface PayMerchant {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchantSerial: string;
  merchantPrivateKeyPem: string;
  platformSerial: string;
  platformPublicKeyPem: string;
}

export async function createMerchant(http: Sandbox['http'], body: object = {}): Promise<PayMerchant> {
  const res = await http.post('/_sandbox/wechatpay/merchants').send(body).expect(201);
  return res.body as PayMerchant;
}

export interface SignOptions {
  timestamp?: number;
  serial?: string;
  /** Sign these bytes instead of the body sent. */
  signedBody?: string;
  privateKeyPem?: string;
}

export function authorization(
  merchant: PayMerchant,
  method: string,
  url: string,
  body: string,
  options: SignOptions = {},
): string {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const message = `${method}\n${url}\n${timestamp}\n${nonce}\n${options.signedBody ?? body}\n`;
  const signature = createSign('RSA-SHA256')
    .update(message)
    .sign(options.privateKeyPem ?? merchant.merchantPrivateKeyPem, 'base64');
  const serial = options.serial ?? merchant.merchantSerial;
  return (
    `WECHATPAY2-SHA256-RSA2048 mchid="${merchant.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${serial}"`
  );
}

/** A signed v3 call; the body goes out as the exact string that was signed. */
export function v3(
  sandbox: Sandbox,
  merchant: PayMerchant,
  method: 'GET' | 'POST',
  url: string,
  body?: object,
  options: SignOptions = {},
) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const auth = authorization(merchant, method, url, text, options);
  const req = method === 'GET' ? sandbox.http.get(url) : sandbox.http.post(url);
  req.set('Authorization', auth).set('Accept', 'application/json');
  if (method === 'POST') req.set('Content-Type', 'application/json').send(text);
  return req;
}

/** §2.2 check of a notification or an API answer against the platform public key. */
export function platformSigned(
  merchant: PayMerchant,
  headers: IncomingHttpHeaders | Record<string, string>,
  body: string,
): boolean {
  const h = headers as Record<string, string>;
  const message = `${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${body}\n`;
  return createVerify('RSA-SHA256')
    .update(message)
    .verify(merchant.platformPublicKeyPem, h['wechatpay-signature'], 'base64');
}

/** §2.3: AES-256-GCM with the APIv3 key, the last 16 bytes of the ciphertext being the tag. */
export function decryptResource(
  apiV3Key: string,
  resource: { nonce: string; associated_data: string; ciphertext: string },
): Record<string, unknown> {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
}

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = { status: number; delayMs?: number };

/** A tiny notify_url receiver: records every request and answers as `answer` says (default 204). */
export class Receiver extends MerchantServer {
  readonly received: Received[] = [];
  answer: (index: number) => Answer = () => ({ status: 204 });

  constructor() {
    super('/pay/notify');
  }

  protected respond(req: IncomingMessage, body: string, res: ServerResponse): void {
    const index = this.received.length;
    this.received.push({ at: Date.now(), headers: req.headers, body });
    const answer = this.answer(index);
    const reply = () => {
      if (res.destroyed) return;
      res.statusCode = answer.status;
      if (answer.status >= 400) {
        res.setHeader('Content-Type', 'application/json');
        res.end('{"code":"FAIL","message":"失败"}');
      } else res.end();
    };
    if (answer.delayMs) setTimeout(reply, answer.delayMs);
    else reply();
  }
}

export function jsapiBody(
  merchant: PayMerchant,
  outTradeNo: string,
  notifyUrl: string,
  total = 5900,
): object {
  return {
    appid: merchant.appid,
    mchid: merchant.mchid,
    description: '通道小店-测试T恤',
    out_trade_no: outTradeNo,
    notify_url: notifyUrl,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  };
}
