import { Injectable } from '@nestjs/common';
import { Order, Refund, RefundStatus, Trade, TradeStatus } from '../state/model';
import { TaobaoStore } from '../state/store';
import { TmcHub } from '../tmc/hub';
import { fenToYuan, formatGmt8, truncateToSecond } from '../wire/gmt8';
import { WireObject } from '../wire/json';
import { orderPaymentFen, tradePaymentFen } from './amounts';

export class LifecycleError extends Error {
  constructor(
    readonly subCode: string,
    message: string,
  ) {
    super(message);
  }
}

const PAID_OPEN: readonly TradeStatus[] = ['WAIT_SELLER_SEND_GOODS', 'SELLER_CONSIGNED_PART'];
const SHIPPED: readonly TradeStatus[] = ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED'];
const ACTIVE_REFUND: readonly string[] = [
  'WAIT_SELLER_AGREE',
  'WAIT_BUYER_RETURN_GOODS',
  'WAIT_SELLER_CONFIRM_GOODS',
  'SELLER_REFUSE_BUYER',
];

/** Which refund moves are possible, and the TMC event each one publishes. */
const REFUND_MOVES: Record<RefundStatus, Partial<Record<RefundStatus, string>>> = {
  WAIT_SELLER_AGREE: {
    WAIT_BUYER_RETURN_GOODS: 'RefundSellerAgreeAgreement',
    SUCCESS: 'RefundSuccess',
    SELLER_REFUSE_BUYER: 'RefundSellerRefuseAgreement',
    CLOSED: 'RefundClosed',
  },
  WAIT_BUYER_RETURN_GOODS: { WAIT_SELLER_CONFIRM_GOODS: 'RefundBuyerReturnGoods', CLOSED: 'RefundClosed' },
  WAIT_SELLER_CONFIRM_GOODS: { SUCCESS: 'RefundSuccess', SELLER_REFUSE_BUYER: 'RefundSellerRefuseAgreement' },
  SELLER_REFUSE_BUYER: { WAIT_SELLER_AGREE: 'RefundBuyerModifyAgreement', CLOSED: 'RefundClosed' },
  CLOSED: {},
  SUCCESS: {},
};

/**
 * Every change to a trade or refund goes through here: it bumps `modified` and publishes the TMC message the
 * real platform would, so polling and push always agree.
 */
@Injectable()
export class TradeLifecycle {
  constructor(
    private readonly store: TaobaoStore,
    private readonly hub: TmcHub,
  ) {}

  create(trade: Trade): void {
    this.store.trades.set(trade.tid.toString(), trade);
    this.emitTrade(trade, 'TradeCreate', trade.created);
  }

  pay(trade: Trade, at = this.store.now()): void {
    this.expect(trade, ['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY'], 'pay');
    trade.payTime = truncateToSecond(at);
    this.setAll(trade, 'WAIT_SELLER_SEND_GOODS');
    this.touch(trade, at);
    this.emitTrade(trade, 'TradeBuyerPay', at);
  }

  /** Unpaid trades time out and Taobao closes them; such a trade must never be shipped. */
  closeUnpaid(trade: Trade, at = this.store.now()): void {
    this.expect(trade, ['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY'], 'close');
    this.setAll(trade, 'TRADE_CLOSED_BY_TAOBAO');
    trade.endTime = truncateToSecond(at);
    this.touch(trade, at);
    const first = trade.orders[0];
    this.emitTrade(trade, 'TradeClose', at, {
      num_iid: first.numIid,
      sku_id: first.skuId,
      num: first.num,
      price: fenToYuan(first.priceFen),
      title: first.title,
    });
  }

  ship(trade: Trade, orders: Order[], companyName: string, outSid: string, at = this.store.now()): void {
    this.expect(trade, PAID_OPEN, 'ship');
    for (const order of orders) {
      if (!PAID_OPEN.includes(order.status)) {
        throw new LifecycleError(
          'isv.logistics-offline-service-error',
          `order ${order.oid} cannot be shipped`,
        );
      }
    }
    const second = truncateToSecond(at);
    for (const order of orders) {
      order.status = 'WAIT_BUYER_CONFIRM_GOODS';
      order.consignTime = second;
      order.logisticsCompany = companyName;
      order.invoiceNo = outSid;
    }
    trade.consignTime ??= second;
    this.recompute(trade);
    this.touch(trade, at);
    const whole = trade.status === 'WAIT_BUYER_CONFIRM_GOODS';
    this.emitTrade(trade, whole ? 'TradeSellerShip' : 'TradePartlySellerShip', at);
  }

  confirmReceipt(trade: Trade, at = this.store.now()): void {
    this.expect(trade, ['WAIT_BUYER_CONFIRM_GOODS'], 'confirm');
    for (const order of trade.orders) {
      if (order.status === 'WAIT_BUYER_CONFIRM_GOODS') {
        order.status = 'TRADE_FINISHED';
        order.endTime = truncateToSecond(at);
      }
    }
    trade.status = 'TRADE_FINISHED';
    trade.endTime = truncateToSecond(at);
    this.touch(trade, at);
    this.emitTrade(trade, 'TradeSuccess', at);
  }

  openRefund(
    trade: Trade,
    order: Order,
    input: { feeFen?: number; hasGoodReturn?: boolean; reason: string },
    at = this.store.now(),
  ): Refund {
    const refundable = [...PAID_OPEN, ...SHIPPED];
    if (!refundable.includes(order.status)) {
      throw new LifecycleError('isv.refund-not-allowed', `order ${order.oid} is ${order.status}`);
    }
    if (ACTIVE_REFUND.includes(order.refundStatus)) {
      throw new LifecycleError('isv.refund-exists', `order ${order.oid} already has an open refund`);
    }
    const shipped = SHIPPED.includes(order.status);
    const maxFen = orderPaymentFen(order);
    const second = truncateToSecond(at);
    const refund: Refund = {
      refundId: this.store.nextRefundId(),
      tid: trade.tid,
      oid: order.oid,
      sellerNick: trade.sellerNick,
      status: 'WAIT_SELLER_AGREE',
      refundFeeFen: Math.min(input.feeFen ?? maxFen, maxFen),
      hasGoodReturn: input.hasGoodReturn ?? shipped,
      goodStatus: shipped ? 'BUYER_RECEIVED' : 'BUYER_NOT_RECEIVED',
      reason: input.reason,
      desc: '',
      created: second,
      modified: second,
      refundPhase: trade.status === 'TRADE_FINISHED' ? 'aftersale' : 'onsale',
    };
    this.store.refunds.set(refund.refundId.toString(), refund);
    order.refundId = refund.refundId;
    order.refundStatus = refund.status;
    this.touch(trade, at);
    this.emitRefund(refund, trade, 'RefundCreated', at);
    return refund;
  }

  moveRefund(refund: Refund, to: RefundStatus, at = this.store.now()): void {
    const event = REFUND_MOVES[refund.status][to];
    if (!event)
      throw new LifecycleError('isv.refund-status-error', `refund cannot go ${refund.status} → ${to}`);
    const trade = this.store.trades.get(refund.tid.toString());
    const order = trade?.orders.find((o) => o.oid === refund.oid);
    if (!trade || !order) throw new LifecycleError('isv.refund-not-exist', 'refund has no trade');
    refund.status = to;
    refund.modified = truncateToSecond(at);
    if (to === 'WAIT_SELLER_CONFIRM_GOODS') refund.goodStatus = 'BUYER_RETURNED_GOODS';
    order.refundStatus = to;
    if (to === 'SUCCESS') {
      order.status = 'TRADE_CLOSED';
      order.endTime = truncateToSecond(at);
    }
    const before = trade.status;
    this.recompute(trade);
    this.touch(trade, at);
    this.emitRefund(refund, trade, event, at);
    if (to !== 'SUCCESS') return;
    if (trade.status === 'TRADE_CLOSED' && before !== 'TRADE_CLOSED') this.emitTrade(trade, 'TradeClose', at);
    else this.emitTrade(trade, 'TradePartlyRefund', at, { oid: order.oid });
  }

  /** The trade status follows its lines: all refunded → closed; shipped lines → (partly) shipped. */
  private recompute(trade: Trade): void {
    const live = trade.orders.filter((o) => o.status !== 'TRADE_CLOSED');
    if (live.length === 0) {
      trade.status = 'TRADE_CLOSED';
      trade.endTime ??= trade.modified;
      return;
    }
    if (![...PAID_OPEN, 'WAIT_BUYER_CONFIRM_GOODS'].includes(trade.status)) return;
    const shipped = live.filter((o) => SHIPPED.includes(o.status)).length;
    if (shipped === live.length) trade.status = 'WAIT_BUYER_CONFIRM_GOODS';
    else trade.status = shipped > 0 ? 'SELLER_CONSIGNED_PART' : 'WAIT_SELLER_SEND_GOODS';
  }

  private expect(trade: Trade, allowed: readonly TradeStatus[], action: string): void {
    if (!allowed.includes(trade.status)) {
      throw new LifecycleError('isv.trade-status-error', `cannot ${action} a trade in ${trade.status}`);
    }
  }

  private setAll(trade: Trade, status: TradeStatus): void {
    trade.status = status;
    for (const order of trade.orders) order.status = status;
  }

  /** `modified` never goes backwards, even when a backdated change is replayed after a newer one. */
  private touch(trade: Trade, at: number): void {
    trade.modified = Math.max(trade.modified, truncateToSecond(at));
  }

  private emitTrade(trade: Trade, event: string, at: number, extra: WireObject = {}): void {
    const content: WireObject = {
      buyer_nick: trade.buyerNick,
      buyer_open_uid: trade.buyerOpenUid,
      payment: fenToYuan(tradePaymentFen(trade)),
      oid: trade.tid,
      tid: trade.tid,
      type: 'fixed',
      seller_nick: trade.sellerNick,
      status: trade.status,
      ...extra,
    };
    this.hub.publish(trade.sellerNick, `taobao_trade_${event}`, content, trade.tid, at);
  }

  private emitRefund(refund: Refund, trade: Trade, event: string, at: number): void {
    const content: WireObject = {
      refund_id: refund.refundId,
      tid: refund.tid,
      oid: refund.oid,
      refund_fee: fenToYuan(refund.refundFeeFen),
      buyer_nick: trade.buyerNick,
      buyer_open_uid: trade.buyerOpenUid,
      seller_nick: trade.sellerNick,
      modified: formatGmt8(refund.modified),
      bill_type: refund.hasGoodReturn ? 'return_bill' : 'refund_bill',
      refund_phase: refund.refundPhase,
    };
    this.hub.publish(trade.sellerNick, `taobao_refund_${event}`, content, refund.refundId, at);
  }
}
