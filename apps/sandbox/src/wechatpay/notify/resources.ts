import { Merchant, Refund, Transaction } from '../state/model';
import { rfc3339Gmt8 } from '../wire/crypto';

/** The decrypted `transaction` resource (§2.4) and the query answer: the same object, as on WeChat Pay. */
export function transactionResource(tx: Transaction): Record<string, unknown> {
  const paid = tx.state === 'SUCCESS' || tx.state === 'REFUND';
  const out: Record<string, unknown> = {
    appid: tx.appid,
    mchid: tx.mchid,
    out_trade_no: tx.outTradeNo,
    transaction_id: tx.transactionId,
    trade_type: paid ? 'JSAPI' : undefined,
    trade_state: tx.state,
    trade_state_desc: TRADE_STATE_DESC[tx.state],
    bank_type: tx.bankType,
    attach: tx.attach ?? '',
    success_time: tx.successTime === undefined ? undefined : rfc3339Gmt8(tx.successTime),
    payer: { openid: tx.openid },
    amount: paid
      ? { total: tx.total, payer_total: tx.total, currency: tx.currency, payer_currency: tx.currency }
      : { total: tx.total, currency: tx.currency, payer_currency: tx.currency },
    promotion_detail: paid ? [] : undefined,
  };
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

const TRADE_STATE_DESC: Record<Transaction['state'], string> = {
  NOTPAY: '未支付',
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  CLOSED: '已关闭',
};

/** The refund as `GET /v3/refund/domestic/refunds/:no` and the refund API answer it. */
export function refundView(refund: Refund): Record<string, unknown> {
  const out: Record<string, unknown> = {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    success_time: refund.successTime === undefined ? undefined : rfc3339Gmt8(refund.successTime),
    create_time: rfc3339Gmt8(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: refund.total,
      payer_refund: refund.refund,
      settlement_refund: refund.refund,
      settlement_total: refund.total,
      discount_refund: 0,
      currency: refund.currency,
    },
    promotion_detail: [],
  };
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}

/** The decrypted `refund` resource of a REFUND.* notification. */
export function refundResource(merchant: Merchant, refund: Refund): Record<string, unknown> {
  const out: Record<string, unknown> = {
    mchid: merchant.mchid,
    out_trade_no: refund.outTradeNo,
    transaction_id: refund.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    success_time: refund.successTime === undefined ? undefined : rfc3339Gmt8(refund.successTime),
    user_received_account: '支付用户零钱',
    amount: {
      total: refund.total,
      refund: refund.refund,
      payer_total: refund.total,
      payer_refund: refund.refund,
    },
  };
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
