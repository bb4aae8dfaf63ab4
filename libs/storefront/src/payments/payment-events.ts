/**
 * Events of the WeChat shop's payments (aggregateType `order`, aggregateId = order id), written to the outbox in
 * the transaction that decided them. Money in integer fen, times ISO-8601 UTC; fields are only ever added.
 *
 * | type                       | when                                                                          |
 * | -------------------------- | ----------------------------------------------------------------------------- |
 * | payment.mismatch           | alert: a verified notification names another amount, merchant or an unknown order |
 * | payment.refund_requested   | money must go back (paid too late / order cancelled, or an approved after-sale) |
 * | payment.refunded           | WeChat Pay reports the refund done                                            |
 * | payment.refund_failed      | alert: WeChat Pay refused, closed or could not complete a refund              |
 */
export const PAYMENT_EVENTS = {
  mismatch: 'payment.mismatch',
  refundRequested: 'payment.refund_requested',
  refunded: 'payment.refunded',
  refundFailed: 'payment.refund_failed',
} as const;

export interface PaymentMismatchPayload {
  channelAccountId: string;
  /** Null when the transaction was found by a query rather than notified. */
  notificationId: string | null;
  outTradeNo: string;
  /** unknown_order | amount_mismatch | merchant_mismatch */
  problem: string;
  expectedFen: number | null;
  reportedFen: number;
  mchid: string;
  transactionId: string | null;
  at: string;
}

export interface PaymentRefundPayload {
  orderId: string;
  channelAccountId: string;
  outRefundNo: string;
  /** The after-sale the refund pays, or null for a whole-order refund of a payment that could not be kept. */
  afterSaleId: string | null;
  amountFen: number;
  /** pending | processing | succeeded | abnormal | closed | failed */
  state: string;
  /** Why it failed: WeChat Pay's status or error code. */
  failure: string | null;
  at: string;
}
