import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Merchant } from '../state/model';
import { WechatpayStore } from '../state/store';
import { notificationMessage, parseAuthorization, requestMessage, rsaSign, rsaVerify } from '../wire/crypto';
import { PayError, payErrors } from './errors';
import { isObject, Json } from './input';

/** How far a request's timestamp may be from the platform's clock (the SDKs use the same 5 minutes). */
const CLOCK_SKEW_S = 300;

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Call {
  merchant: Merchant;
  body: Json;
}

/**
 * The v3 API's front door: checks the merchant's `Authorization` signature over the exact request bytes, runs the
 * handler, and signs every answer (success or refusal) with the platform key, as WeChat Pay does.
 */
@Injectable()
export class PayGateway {
  constructor(private readonly store: WechatpayStore) {}

  handle(req: Request, res: Response, handler: (call: Call) => Reply): void {
    let mchid: string | undefined;
    let reply: Reply;
    try {
      const merchant = this.authenticate(req);
      mchid = merchant.mchid;
      reply = handler({ merchant, body: this.body(req) });
    } catch (error) {
      if (!(error instanceof PayError)) throw error;
      reply = { status: error.status, body: error.toJSON() };
    }
    const code = isObject(reply.body) && typeof reply.body.code === 'string' ? reply.body.code : undefined;
    this.store.record({
      at: Date.now(),
      method: req.method,
      path: req.path,
      mchid,
      status: reply.status,
      code,
    });
    this.send(res, reply);
  }

  private authenticate(req: Request): Merchant {
    const auth = parseAuthorization(req.header('authorization'));
    if (!auth) throw payErrors.sign('Authorization 缺失或格式错误（WECHATPAY2-SHA256-RSA2048）');
    const merchant = this.store.merchants.get(auth.mchid);
    if (!merchant) throw payErrors.mchNotExists();
    if (auth.serial_no !== merchant.merchantSerial) throw payErrors.sign('商户证书序列号有误');
    const timestamp = Number(auth.timestamp);
    if (!/^\d{1,12}$/.test(auth.timestamp) || Math.abs(Date.now() / 1000 - timestamp) > CLOCK_SKEW_S)
      throw payErrors.sign('请求时间戳与当前时间相差过大');
    const message = requestMessage(req.method, req.originalUrl, auth.timestamp, auth.nonce_str, rawBody(req));
    if (!rsaVerify(merchant.merchantPublicKeyPem, message, auth.signature))
      throw payErrors.sign('错误的签名，验签失败');
    return merchant;
  }

  private body(req: Request): Json {
    if (req.method === 'GET') return {};
    const parsed: unknown = req.body;
    if (rawBody(req) === '') return {};
    if (!isObject(parsed)) throw payErrors.param('请求体应为 JSON 对象');
    return parsed;
  }

  private send(res: Response, reply: Reply): void {
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const platform = this.store.platformKey();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = this.store.nonce();
    res.status(reply.status);
    res.set({
      'Request-ID': `08${this.store.rng.hex(30).toUpperCase()}`,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Serial': platform.serial,
      'Wechatpay-Signature': rsaSign(platform.privateKeyPem, notificationMessage(timestamp, nonce, text)),
    });
    if (text) res.set('Content-Type', 'application/json; charset=utf-8');
    res.end(text);
  }
}

/**
 * The request body exactly as received. The app keeps it (`rawBody`) for JSON bodies; when it is absent (another
 * content type) the parsed body is re-serialised, which only matches a merchant that sent compact JSON.
 */
function rawBody(req: Request): string {
  const raw = (req as Request & { rawBody?: Buffer }).rawBody;
  if (raw) return raw.toString('utf8');
  if (req.method === 'GET') return '';
  const parsed: unknown = req.body;
  if (typeof parsed === 'string') return parsed;
  return isObject(parsed) && Object.keys(parsed).length > 0 ? JSON.stringify(parsed) : '';
}
