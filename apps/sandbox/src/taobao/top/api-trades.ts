import { Injectable } from '@nestjs/common';
import { Trade, TRADE_STATUSES, TradeStatus } from '../state/model';
import { TaobaoStore } from '../state/store';
import { TopList, TopObject } from '../wire/render';
import { ApiCall, ApiGroup, ApiMethod, boolParam, idParam, intParam, requiredParam, timeParam } from './api';
import { topErrors } from './errors';
import { parseTradeFields, tradeView } from './views';

const DAY_MS = 24 * 3600 * 1000;

const STATUS_GROUPS: Record<string, readonly TradeStatus[]> = {
  ALL_WAIT_PAY: ['WAIT_BUYER_PAY', 'TRADE_NO_CREATE_PAY'],
  ALL_CLOSED: ['TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO'],
};

function statusFilter(raw: string | undefined): readonly TradeStatus[] | null {
  if (!raw) return null;
  if (STATUS_GROUPS[raw]) return STATUS_GROUPS[raw];
  if (TRADE_STATUSES.includes(raw as TradeStatus)) return [raw as TradeStatus];
  throw topErrors.invalidParam('status', `unknown trade status ${raw}`);
}

/** Newest change first; tid breaks ties so that pages are stable. */
function byModifiedDesc(a: Trade, b: Trade): number {
  if (a.modified !== b.modified) return b.modified - a.modified;
  return a.tid < b.tid ? 1 : a.tid > b.tid ? -1 : 0;
}

@Injectable()
export class TradeApis implements ApiGroup {
  constructor(private readonly store: TaobaoStore) {}

  methods(): ApiMethod[] {
    return [
      {
        name: 'taobao.trades.sold.increment.get',
        needsSession: true,
        handle: (call) => this.increment(call),
      },
      { name: 'taobao.trade.fullinfo.get', needsSession: true, handle: (call) => this.fullinfo(call) },
    ];
  }

  /** PROTOCOLS §3.5: a window of at most one day on `modified`, paged, newest first. */
  private increment({ params, session }: ApiCall): TopObject {
    const selection = parseTradeFields(requiredParam(params, 'fields'));
    const start = timeParam(params, 'start_modified');
    const end = timeParam(params, 'end_modified');
    if (end < start)
      throw topErrors.invalidParam('end_modified', 'end_modified must not be before start_modified');
    if (end - start > DAY_MS) {
      throw topErrors.invalidParam(
        'end_modified',
        'the window between start_modified and end_modified exceeds one day',
      );
    }
    const statuses = statusFilter(params.status);
    const pageNo = intParam(params, 'page_no', { min: 1, max: 1_000_000, fallback: 1 });
    const pageSize = intParam(params, 'page_size', { min: 1, max: 100, fallback: 40 });
    const useHasNext = boolParam(params, 'use_has_next');
    const matching = this.store
      .visibleTrades(session!.sellerNick)
      .filter((t) => t.modified >= start && t.modified <= end)
      .filter((t) => !statuses || statuses.includes(t.status))
      .filter((t) => !params.buyer_nick || t.buyerNick === params.buyer_nick)
      .filter((t) => !params.buyer_open_uid || t.buyerOpenUid === params.buyer_open_uid)
      .sort(byModifiedDesc);
    const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    const out: TopObject = useHasNext
      ? { has_next: pageNo * pageSize < matching.length }
      : { total_results: matching.length };
    // An empty page carries no `trades` key at all, as on TOP.
    if (page.length)
      out.trades = new TopList(
        'trade',
        page.map((t) => tradeView(t, selection)),
      );
    return out;
  }

  private fullinfo({ params, session }: ApiCall): TopObject {
    const selection = parseTradeFields(requiredParam(params, 'fields'));
    const tid = idParam(params, 'tid');
    const trade = this.store.trades.get(tid.toString());
    if (!trade || trade.sellerNick !== session!.sellerNick) {
      throw topErrors.business('isv.trade-not-exist', `trade ${tid} does not exist`);
    }
    return { trade: tradeView(trade, selection) };
  }
}
