import { WechatPayError } from './wechatpay-errors';
import { WechatPayHttp } from './wechatpay-http';
import { toRefund, toTransaction, WechatPayRefund, WechatPayTransaction } from './wechatpay-models';
import { newNonce, rsaSign } from './wechatpay-signing';

export const WECHATPAY_DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

export interface WechatPayClientOptions {
  baseUrl: string;
  mchid: string;
  appid: string;
  merchantPrivateKeyPem: string;
  merchantSerial: string;
  platformPublicKeyPem: string;
  platformSerial: string;
  apiV3Key: string;
  timeoutMs?: number;
  /** Milliseconds since the epoch; injectable so tests can move the clock. */
  now?: () => number;
}

export interface JsapiPrepayInput {
  description: string;
  outTradeNo: string;
  notifyUrl: string;
  totalFen: number;
  openid: string;
  expiresAt?: Date;
  attach?: string;
}

/** What the page hands to `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` / `wx.requestPayment`. */
export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  notifyUrl?: string;
  reason?: string;
}

/**
 * The merchant side of WeChat Pay API v3 (PROTOCOLS §2) for one merchant account: JSAPI prepay and the page's
 * pay parameters, query, close, refund and refund query. Each answer is verified against the platform key
 * before it is read. No retries here: the caller knows whether repeating a call is safe (WechatPayError.transient).
 */
export class WechatPayClient {
  private readonly http: WechatPayHttp;
  private readonly now: () => number;

  constructor(private readonly options: WechatPayClientOptions) {
    this.now = options.now ?? Date.now;
    this.http = new WechatPayHttp(options, this.now, options.timeoutMs);
  }

  async jsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string; payParams: JsapiPayParams }> {
    assertFen(input.totalFen, 'totalFen', 1);
    const body = {
      appid: this.options.appid,
      mchid: this.options.mchid,
      description: input.description,
      out_trade_no: input.outTradeNo,
      ...(input.expiresAt ? { time_expire: rfc3339China(input.expiresAt) } : {}),
      ...(input.attach ? { attach: input.attach } : {}),
      notify_url: input.notifyUrl,
      amount: { total: input.totalFen, currency: 'CNY' },
      payer: { openid: input.openid },
    };
    const { json } = await this.http.send('POST', '/v3/pay/transactions/jsapi', body);
    const prepayId = json?.prepay_id;
    if (typeof prepayId !== 'string' || prepayId === '')
      throw new WechatPayError(200, 'BAD_RESPONSE', 'prepay answer without prepay_id');
    return { prepayId, payParams: this.jsapiPayParams(prepayId) };
  }

  /** JSAPI rule: sign `appId\ntimeStamp\nnonceStr\npackage\n` with the merchant key. */
  jsapiPayParams(prepayId: string): JsapiPayParams {
    const appId = this.options.appid;
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = newNonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = rsaSign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, this.http.merchantKey);
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  async queryByOutTradeNo(outTradeNo: string): Promise<WechatPayTransaction> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${this.options.mchid}`;
    const { json } = await this.http.send('GET', path);
    return read(() => toTransaction(json));
  }

  /** Closing an unpaid order twice is fine; a paid one answers ORDERPAID. */
  async close(outTradeNo: string): Promise<void> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`;
    await this.http.send('POST', path, { mchid: this.options.mchid });
  }

  async refund(input: RefundInput): Promise<WechatPayRefund> {
    assertFen(input.refundFen, 'refundFen', 1);
    assertFen(input.totalFen, 'totalFen', 1);
    if (input.refundFen > input.totalFen) throw new RangeError('refundFen cannot exceed totalFen');
    const body = {
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    };
    const { json } = await this.http.send('POST', '/v3/refund/domestic/refunds', body);
    return read(() => toRefund(json));
  }

  async queryRefund(outRefundNo: string): Promise<WechatPayRefund> {
    const { json } = await this.http.send(
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`,
    );
    return read(() => toRefund(json));
  }
}

function assertFen(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min} (fen)`);
}

function read<T>(map: () => T): T {
  try {
    return map();
  } catch (error) {
    throw new WechatPayError(200, 'BAD_RESPONSE', error instanceof Error ? error.message : String(error));
  }
}

/** WeChat wants RFC 3339 with an offset; +08:00 matches what it sends back. */
export function rfc3339China(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}
