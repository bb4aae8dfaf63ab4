/** What the simulated WeChat Pay keeps per merchant. Money is integer fen, times are epoch ms. */

export interface MerchantSettings {
  /** Multiplies the §2.5 retry intervals: 1 is the real 24 h schedule, 0.001 turns 15 s into 15 ms. */
  retryScale: number;
  /** How long the merchant's server has to answer a notification (WeChat: 5 s). */
  notifyTimeoutMs: number;
  /** How long a refund stays PROCESSING before it settles. */
  refundDelayMs: number;
}

export interface Merchant {
  mchid: string;
  appid: string;
  apiV3Key: string;
  /** The serial of the merchant's API certificate, named in every Authorization header. */
  merchantSerial: string;
  merchantPublicKeyPem: string;
  /** Only when the sandbox generated the key pair; a merchant that brought its own key keeps the private half. */
  merchantPrivateKeyPem?: string;
  settings: MerchantSettings;
  createdAt: number;
}

export const TRADE_STATES = ['NOTPAY', 'SUCCESS', 'REFUND', 'CLOSED'] as const;
export type TradeState = (typeof TRADE_STATES)[number];

export interface Transaction {
  mchid: string;
  appid: string;
  outTradeNo: string;
  prepayId: string;
  description: string;
  notifyUrl: string;
  attach?: string;
  total: number;
  currency: string;
  openid: string;
  timeExpire?: number;
  state: TradeState;
  transactionId?: string;
  successTime?: number;
  bankType?: string;
  /** Fen refunded so far (successful or still processing), for the refund ≤ paid check. */
  refunded: number;
  createdAt: number;
  /** A sandbox-scheduled payment (pay-late) that has not happened yet. */
  payAt?: number;
}

export const REFUND_STATUSES = ['PROCESSING', 'SUCCESS', 'ABNORMAL', 'CLOSED'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface Refund {
  mchid: string;
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason?: string;
  notifyUrl?: string;
  refund: number;
  total: number;
  currency: string;
  status: RefundStatus;
  createdAt: number;
  successTime?: number;
}

export interface NotifyAttempt {
  n: number;
  startedAt: number;
  latencyMs: number;
  /** The Wechatpay-Timestamp this attempt carried (each attempt is signed afresh). */
  timestamp: string;
  status?: number;
  responseBody?: string;
  error?: string;
}

export interface Notification {
  id: string;
  mchid: string;
  eventType: 'TRANSACTION.SUCCESS' | 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  /** The JSON body, byte for byte the same on every attempt. */
  body: string;
  /** The resource before encryption, so a test can see what was sent (tampered or not). */
  resource: Record<string, unknown>;
  /** Which misbehaviour switches shaped this notification. */
  faults: string[];
  duplicateOf?: string;
  state: 'pending' | 'acknowledged' | 'failed';
  attempts: NotifyAttempt[];
  nextAttemptAt?: number;
  createdAt: number;
  finishedAt?: number;
}

export interface CallRecord {
  at: number;
  method: string;
  path: string;
  mchid?: string;
  status: number;
  code?: string;
}
