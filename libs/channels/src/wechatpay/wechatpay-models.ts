/** The §2.4 transaction, as our code sees it: amounts in integer fen, optional fields null until paid. */
export interface WechatPayTransaction {
  appid: string;
  mchid: string;
  outTradeNo: string;
  transactionId: string | null;
  tradeType: string | null;
  tradeState: string;
  tradeStateDesc: string | null;
  totalFen: number;
  payerTotalFen: number | null;
  currency: string;
  openid: string | null;
  successTime: string | null;
  attach: string | null;
}

/** A refund as the refund API and the REFUND.* notifications describe it. */
export interface WechatPayRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundId: string;
  transactionId: string | null;
  /** The API calls it `status`, notifications `refund_status`: SUCCESS, CLOSED, PROCESSING, ABNORMAL. */
  status: string;
  refundFen: number;
  totalFen: number;
  payerTotalFen: number | null;
  payerRefundFen: number | null;
  successTime: string | null;
  userReceivedAccount: string | null;
}

export class WechatPayShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatPayShapeError';
  }
}

type Json = Record<string, unknown>;

export function asObject(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new WechatPayShapeError(`${what} is not an object`);
  return value as Json;
}

export function str(json: Json, key: string): string {
  const value = json[key];
  if (typeof value !== 'string' || value === '') throw new WechatPayShapeError(`${key} missing`);
  return value;
}

export function optStr(json: Json, key: string): string | null {
  const value = json[key];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new WechatPayShapeError(`${key} is not a string`);
  return value;
}

function fen(json: Json, key: string): number {
  const value = json[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new WechatPayShapeError(`amount.${key} is not a whole number of fen`);
  return value;
}

function optFen(json: Json, key: string): number | null {
  return json[key] === undefined || json[key] === null ? null : fen(json, key);
}

export function toTransaction(raw: unknown): WechatPayTransaction {
  const json = asObject(raw, 'transaction');
  const amount = asObject(json.amount, 'amount');
  const payer = json.payer === undefined ? {} : asObject(json.payer, 'payer');
  return {
    appid: str(json, 'appid'),
    mchid: str(json, 'mchid'),
    outTradeNo: str(json, 'out_trade_no'),
    transactionId: optStr(json, 'transaction_id'),
    tradeType: optStr(json, 'trade_type'),
    tradeState: str(json, 'trade_state'),
    tradeStateDesc: optStr(json, 'trade_state_desc'),
    totalFen: fen(amount, 'total'),
    payerTotalFen: optFen(amount, 'payer_total'),
    currency: optStr(amount, 'currency') ?? 'CNY',
    openid: optStr(payer, 'openid'),
    successTime: optStr(json, 'success_time'),
    attach: optStr(json, 'attach'),
  };
}

export function toRefund(raw: unknown): WechatPayRefund {
  const json = asObject(raw, 'refund');
  const amount = asObject(json.amount, 'amount');
  const status = optStr(json, 'status') ?? optStr(json, 'refund_status');
  if (status === null) throw new WechatPayShapeError('status missing');
  return {
    outTradeNo: str(json, 'out_trade_no'),
    outRefundNo: str(json, 'out_refund_no'),
    refundId: str(json, 'refund_id'),
    transactionId: optStr(json, 'transaction_id'),
    status,
    refundFen: fen(amount, 'refund'),
    totalFen: fen(amount, 'total'),
    payerTotalFen: optFen(amount, 'payer_total'),
    payerRefundFen: optFen(amount, 'payer_refund'),
    successTime: optStr(json, 'success_time'),
    userReceivedAccount: optStr(json, 'user_received_account'),
  };
}
