import { Injectable } from '@nestjs/common';
import { REFUND_STATUSES, RefundStatus } from '../state/model';
import { TaobaoStore } from '../state/store';
import { TopList, TopObject } from '../wire/render';
import { ApiCall, ApiGroup, ApiMethod, boolParam, intParam, requiredParam, timeParam } from './api';
import { topErrors } from './errors';
import { refundView } from './views';

@Injectable()
export class RefundApis implements ApiGroup {
  constructor(private readonly store: TaobaoStore) {}

  methods(): ApiMethod[] {
    return [{ name: 'taobao.refunds.receive.get', needsSession: true, handle: (call) => this.receive(call) }];
  }

  /** The seller's refunds, optionally by status and modified window, newest change first. */
  private receive({ params, session }: ApiCall): TopObject {
    const fields = requiredParam(params, 'fields')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const status = params.status;
    if (status && !REFUND_STATUSES.includes(status as RefundStatus)) {
      throw topErrors.invalidParam('status', `unknown refund status ${status}`);
    }
    const start = params.start_modified ? timeParam(params, 'start_modified') : undefined;
    const end = params.end_modified ? timeParam(params, 'end_modified') : undefined;
    const pageNo = intParam(params, 'page_no', { min: 1, max: 1_000_000, fallback: 1 });
    const pageSize = intParam(params, 'page_size', { min: 1, max: 100, fallback: 40 });
    const useHasNext = boolParam(params, 'use_has_next');
    const matching = [...this.store.refunds.values()]
      .filter((r) => r.sellerNick === session!.sellerNick)
      .filter((r) => !status || r.status === status)
      .filter((r) => (start === undefined || r.modified >= start) && (end === undefined || r.modified <= end))
      .sort((a, b) => b.modified - a.modified || (a.refundId < b.refundId ? 1 : -1));
    const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize);
    const out: TopObject = useHasNext
      ? { has_next: pageNo * pageSize < matching.length }
      : { total_results: matching.length };
    const views = page
      .map((r) => refundView(this.store, r, fields))
      .filter((v): v is TopObject => v !== null);
    if (views.length) out.refunds = new TopList('refund', views);
    return out;
  }
}
