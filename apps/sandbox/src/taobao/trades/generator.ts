import { Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  BUYER_MESSAGES,
  BUYER_NICKS,
  RECEIVER_NAMES,
  REFUND_REASONS,
  REGIONS,
  STREETS,
} from '../state/catalog-data';
import { Item, Order, Trade } from '../state/model';
import { TaobaoStore } from '../state/store';
import { truncateToSecond } from '../wire/gmt8';
import { TradeLifecycle } from './lifecycle';

/** Where a generated trade ends up; `mix` draws one at random with realistic weights. */
export type Scenario =
  'mix' | 'WAIT_BUYER_PAY' | 'WAIT_SELLER_SEND_GOODS' | 'TRADE_CLOSED_BY_TAOBAO' | 'REFUNDING';
export const SCENARIOS: readonly Scenario[] = [
  'mix',
  'WAIT_BUYER_PAY',
  'WAIT_SELLER_SEND_GOODS',
  'TRADE_CLOSED_BY_TAOBAO',
  'REFUNDING',
];

export interface GenerateOptions {
  scenario?: Scenario;
  /** Spread creation times over this many past minutes (0: all now). */
  spreadMinutes?: number;
}

export interface GeneratorStatus {
  running: boolean;
  ratePerMinute: number;
  sellerNick?: string;
}

/** A seeded stream of trades: on demand, or on a timer at `rate` trades a minute. */
@Injectable()
export class TradeGenerator implements OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private timerState: { ratePerMinute: number; sellerNick?: string } | null = null;

  constructor(
    private readonly store: TaobaoStore,
    private readonly lifecycle: TradeLifecycle,
  ) {}

  onModuleDestroy(): void {
    this.stop();
  }

  generate(sellerNick: string, count: number, options: GenerateOptions = {}): Trade[] {
    if (this.store.itemsOf(sellerNick).length === 0) this.store.seedItems(sellerNick, 3);
    const now = this.store.now();
    const spreadMs = (options.spreadMinutes ?? 0) * 60_000;
    const starts = Array.from({ length: count }, () => now - Math.floor(this.store.rng.next() * spreadMs));
    starts.sort((a, b) => a - b);
    return starts.map((start) => this.one(sellerNick, start, now, options.scenario ?? 'mix'));
  }

  /** One step of the live stream: a new trade, and some older ones moving on as buyers act. */
  tick(sellerNick?: string): Trade | null {
    const nick = sellerNick ?? this.pickSeller();
    if (!nick) return null;
    const rng = this.store.rng;
    const trades = [...this.store.trades.values()].filter((t) => t.sellerNick === nick);
    const unpaid = trades.filter((t) => t.status === 'WAIT_BUYER_PAY');
    if (unpaid.length > 0 && rng.chance(0.5)) this.lifecycle.pay(rng.pick(unpaid));
    if (unpaid.length > 3 && rng.chance(0.2)) {
      const oldest = unpaid.reduce((a, b) => (a.created <= b.created ? a : b));
      if (oldest.status === 'WAIT_BUYER_PAY') this.lifecycle.closeUnpaid(oldest);
    }
    const shipped = trades.filter((t) => t.status === 'WAIT_BUYER_CONFIRM_GOODS');
    if (shipped.length > 0 && rng.chance(0.3)) this.lifecycle.confirmReceipt(rng.pick(shipped));
    const paid = trades.filter((t) => t.status === 'WAIT_SELLER_SEND_GOODS');
    if (paid.length > 0 && rng.chance(0.05)) {
      const trade = rng.pick(paid);
      const order = trade.orders.find((o) => o.refundStatus === 'NO_REFUND');
      if (order) this.lifecycle.openRefund(trade, order, { reason: rng.pick(REFUND_REASONS) });
    }
    return this.generate(nick, 1, { scenario: 'WAIT_BUYER_PAY' })[0];
  }

  start(ratePerMinute: number, sellerNick?: string): void {
    this.stop();
    if (ratePerMinute <= 0) return;
    this.timerState = { ratePerMinute, sellerNick };
    this.timer = setInterval(() => this.tick(sellerNick), Math.max(50, Math.floor(60_000 / ratePerMinute)));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.timerState = null;
  }

  status(): GeneratorStatus {
    return { running: this.timerState !== null, ratePerMinute: 0, ...this.timerState };
  }

  private pickSeller(): string | undefined {
    const nicks = [...this.store.sellers.keys()].filter((nick) => this.store.appsOfSeller(nick).length > 0);
    return nicks.length ? this.store.rng.pick(nicks) : undefined;
  }

  private one(sellerNick: string, start: number, now: number, scenario: Scenario): Trade {
    const rng = this.store.rng;
    const chosen: Scenario =
      scenario !== 'mix'
        ? scenario
        : rng.pick<Scenario>([
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_SELLER_SEND_GOODS',
            'WAIT_BUYER_PAY',
            'WAIT_BUYER_PAY',
            'TRADE_CLOSED_BY_TAOBAO',
            'REFUNDING',
          ]);
    const trade = this.build(sellerNick, start);
    this.lifecycle.create(trade);
    // Each later step lands between the previous one and now, so history stays in order.
    const later = (from: number) => Math.min(now, from + rng.int(20, 600) * 1000);
    if (chosen === 'TRADE_CLOSED_BY_TAOBAO') this.lifecycle.closeUnpaid(trade, later(start));
    if (chosen === 'WAIT_SELLER_SEND_GOODS' || chosen === 'REFUNDING')
      this.lifecycle.pay(trade, later(start));
    if (chosen === 'REFUNDING') {
      const order = rng.pick(trade.orders);
      this.lifecycle.openRefund(trade, order, { reason: rng.pick(REFUND_REASONS) }, later(trade.modified));
    }
    return trade;
  }

  private build(sellerNick: string, at: number): Trade {
    const rng = this.store.rng;
    const items = this.store.itemsOf(sellerNick);
    const tid = this.store.nextTid();
    const lines = rng.int(1, Math.min(3, items.length));
    const used = new Set<Item>();
    const orders: Order[] = [];
    for (let i = 0; i < lines; i += 1) {
      let item = rng.pick(items);
      while (used.has(item)) item = rng.pick(items);
      used.add(item);
      const sku = item.skus.length ? rng.pick(item.skus) : undefined;
      const num = rng.chance(0.7) ? 1 : rng.int(2, 3);
      const priceFen = sku?.priceFen ?? item.priceFen;
      orders.push({
        // A single-line trade's order id is the trade id, as on Taobao.
        oid: lines === 1 ? tid : this.store.nextTid(),
        status: 'WAIT_BUYER_PAY',
        refundStatus: 'NO_REFUND',
        numIid: item.numIid,
        skuId: sku?.skuId,
        skuPropertiesName: sku?.properties,
        outerIid: item.outerId,
        outerSkuId: sku?.outerId,
        title: item.title,
        cid: item.cid,
        num,
        priceFen,
        discountFen: rng.chance(0.25) ? Math.min(500, Math.floor((priceFen * num) / 10)) : 0,
        adjustFen: 0,
      });
    }
    const region = rng.pick(REGIONS);
    const second = truncateToSecond(at);
    const nickIndex = rng.int(0, BUYER_NICKS.length - 1);
    return {
      tid,
      sellerNick,
      status: 'WAIT_BUYER_PAY',
      created: second,
      modified: second,
      buyerNick: BUYER_NICKS[nickIndex],
      // Stable per buyer, so a returning buyer is recognisable by open uid.
      buyerOpenUid: `AAH${(nickIndex * 7919 + this.store.seed).toString(36).padStart(6, '0')}Mk3qWbZg${nickIndex}`,
      buyerMessage: rng.chance(0.3) ? rng.pick(BUYER_MESSAGES) : undefined,
      sellerFlag: 0,
      postFeeFen: rng.chance(0.8) ? 0 : 1000,
      receiver: {
        name: rng.pick(RECEIVER_NAMES),
        mobile: `1${rng.pick(['38', '39', '58', '86'])}${rng.digits(8)}`,
        state: region.state,
        city: region.city,
        district: region.district,
        town: region.town,
        address: `${rng.pick(STREETS)}${rng.int(1, 999)}号${rng.int(1, 30)}幢${rng.int(101, 2802)}室`,
        zip: region.zip,
      },
      oaid: `${rng.hex(24)}${tid.toString().slice(-6)}`,
      orders,
    };
  }
}
