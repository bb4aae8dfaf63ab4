import { Injectable } from '@nestjs/common';
import { Notifier } from '../notify/notifier';
import { refundView, transactionResource } from '../notify/resources';
import { Merchant, Refund, Transaction } from '../state/model';
import { WechatpayStore } from '../state/store';
import { payErrors } from './errors';
import {
  currency,
  Json,
  NOTIFY_URL,
  object,
  OUT_NO,
  positiveInt,
  requiredString,
  rfc3339,
  string,
} from './input';

const BANKS = ['OTHERS', 'CMB_DEBIT', 'ICBC_DEBIT', 'CCB_CREDIT', 'CFT'] as const;

/** The business rules of JSAPI prepay, query, close and refund, shared by the v3 API and the control API. */
@Injectable()
export class Payments {
  constructor(
    private readonly store: WechatpayStore,
    private readonly notifier: Notifier,
  ) {}

  prepay(merchant: Merchant, body: Json): { prepay_id: string } {
    const appid = requiredString(body, 'appid', { max: 32 });
    const mchid = requiredString(body, 'mchid', { max: 32 });
    const description = requiredString(body, 'description', { max: 127 });
    const outTradeNo = requiredString(body, 'out_trade_no', { max: 32, pattern: OUT_NO });
    const notifyUrl = requiredString(body, 'notify_url', { max: 255, pattern: NOTIFY_URL });
    const attach = string(body, 'attach', { max: 128, optional: true });
    const expireText = string(body, 'time_expire', { max: 64, optional: true });
    const amount = object(body, 'amount');
    const total = positiveInt(amount, 'total', 'amount.total') as number;
    const cur = currency(amount, 'amount.currency');
    const payer = object(body, 'payer');
    const openid = requiredString(payer, 'openid', { max: 128 }, 'payer.openid');
    const timeExpire = expireText === undefined ? undefined : rfc3339(expireText, 'time_expire');
    if (mchid !== merchant.mchid) throw payErrors.param('mchid 与请求签名的商户号不一致', 'mchid');
    if (appid !== merchant.appid) throw payErrors.appidMismatch();
    const now = Date.now();
    if (timeExpire !== undefined && timeExpire <= now)
      throw payErrors.param('time_expire 已过期', 'time_expire');

    const existing = this.store.transaction(mchid, outTradeNo);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') throw payErrors.orderPaid();
      if (existing.state === 'CLOSED') throw payErrors.orderClosed();
      // WeChat Pay answers a repeated identical order with its prepay_id; a changed one is a reused number.
      const same =
        existing.total === total &&
        existing.openid === openid &&
        existing.description === description &&
        existing.notifyUrl === notifyUrl;
      if (!same) throw payErrors.outTradeNoUsed();
      return { prepay_id: existing.prepayId };
    }
    const tx: Transaction = {
      mchid,
      appid,
      outTradeNo,
      prepayId: this.store.prepayId(now),
      description,
      notifyUrl,
      attach,
      total,
      currency: cur,
      openid,
      timeExpire,
      state: 'NOTPAY',
      refunded: 0,
      createdAt: now,
    };
    this.store.addTransaction(tx);
    return { prepay_id: tx.prepayId };
  }

  query(merchant: Merchant, outTradeNo: string, mchid: string | undefined): Record<string, unknown> {
    if (mchid === undefined) throw payErrors.param('缺少参数 mchid', 'mchid');
    if (mchid !== merchant.mchid) throw payErrors.param('mchid 与请求签名的商户号不一致', 'mchid');
    return transactionResource(this.requireTx(merchant, outTradeNo));
  }

  close(merchant: Merchant, outTradeNo: string, body: Json): void {
    const mchid = requiredString(body, 'mchid', { max: 32 });
    if (mchid !== merchant.mchid) throw payErrors.param('mchid 与请求签名的商户号不一致', 'mchid');
    const tx = this.requireTx(merchant, outTradeNo);
    if (tx.state === 'SUCCESS' || tx.state === 'REFUND') throw payErrors.orderPaid();
    tx.state = 'CLOSED';
    tx.payAt = undefined;
  }

  /** The buyer pays: SUCCESS now and a TRANSACTION.SUCCESS notification on its way. */
  pay(merchant: Merchant, tx: Transaction): void {
    const now = Date.now();
    tx.payAt = undefined;
    tx.state = 'SUCCESS';
    tx.transactionId = this.store.transactionId(now);
    tx.successTime = now;
    tx.bankType = this.store.rng.pick(BANKS);
    this.notifier.transactionSuccess(merchant, tx);
  }

  /** Why the buyer cannot pay this transaction now, or undefined when it can. */
  unpayable(tx: Transaction): string | undefined {
    if (tx.state !== 'NOTPAY') return `the transaction is ${tx.state}`;
    if (tx.timeExpire !== undefined && tx.timeExpire <= Date.now()) return 'the transaction has expired';
    return undefined;
  }

  refund(merchant: Merchant, body: Json): Record<string, unknown> {
    const outTradeNo = requiredString(body, 'out_trade_no', { max: 32, pattern: OUT_NO });
    const outRefundNo = requiredString(body, 'out_refund_no', {
      max: 64,
      pattern: /^[A-Za-z0-9_\-|*@]{1,64}$/,
    });
    const reason = string(body, 'reason', { max: 80, optional: true });
    const notifyUrl = string(body, 'notify_url', { max: 256, pattern: NOTIFY_URL, optional: true });
    const amount = object(body, 'amount');
    const refundFen = positiveInt(amount, 'refund', 'amount.refund') as number;
    const total = positiveInt(amount, 'total', 'amount.total') as number;
    const cur = requiredString(amount, 'currency', { max: 16 }, 'amount.currency');
    if (cur !== 'CNY') throw payErrors.param('amount.currency 仅支持 CNY', 'amount.currency');

    const existing = this.store.refund(merchant.mchid, outRefundNo);
    if (existing) {
      if (existing.outTradeNo !== outTradeNo || existing.refund !== refundFen)
        throw payErrors.invalidRequest('商户退款单号已被使用，且参数不一致');
      return refundView(existing);
    }
    const tx = this.store.transaction(merchant.mchid, outTradeNo);
    if (!tx) throw payErrors.resourceNotExists('订单不存在');
    if (!tx.transactionId) throw payErrors.invalidRequest('订单未支付，不能退款');
    if (total !== tx.total) throw payErrors.param('amount.total 与订单金额不一致', 'amount.total');
    if (refundFen > tx.total - tx.refunded) throw payErrors.notEnough();

    const now = Date.now();
    const refund: Refund = {
      mchid: merchant.mchid,
      refundId: this.store.refundId(),
      outRefundNo,
      outTradeNo,
      transactionId: tx.transactionId,
      reason,
      notifyUrl,
      refund: refundFen,
      total,
      currency: cur,
      status: 'PROCESSING',
      createdAt: now,
    };
    tx.refunded += refundFen;
    tx.state = 'REFUND';
    this.store.addRefund(refund);
    this.notifier.later(merchant.settings.refundDelayMs, () => this.settleRefund(merchant, refund, tx));
    return refundView(refund);
  }

  getRefund(merchant: Merchant, outRefundNo: string): Record<string, unknown> {
    const refund = this.store.refund(merchant.mchid, outRefundNo);
    if (!refund) throw payErrors.refundNotExist();
    return refundView(refund);
  }

  private settleRefund(merchant: Merchant, refund: Refund, tx: Transaction): void {
    const outcome = this.store.misbehaviourOf(merchant.mchid).refundOutcome ?? 'SUCCESS';
    refund.status = outcome;
    if (outcome === 'SUCCESS') refund.successTime = Date.now();
    else tx.refunded -= refund.refund;
    if (tx.refunded === 0) tx.state = 'SUCCESS';
    this.notifier.refundSettled(merchant, refund);
  }

  private requireTx(merchant: Merchant, outTradeNo: string): Transaction {
    const tx = this.store.transaction(merchant.mchid, outTradeNo);
    if (!tx) throw payErrors.orderNotExist();
    return tx;
  }
}
