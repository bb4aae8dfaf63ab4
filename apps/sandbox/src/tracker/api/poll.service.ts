import { Injectable } from '@nestjs/common';
import { TrackingService } from '../parcels/tracking.service';
import { lastResult } from '../push/payload';
import { Subscription } from '../state/model';
import { TrackerStore } from '../state/store';
import { COMPANIES, md5Upper } from '../wire/kuaidi100';

export interface PollAnswer {
  result: boolean;
  returnCode: string;
  message: string;
}

const answer = (returnCode: string, message: string): PollAnswer => ({
  result: returnCode === '200',
  returnCode,
  message,
});

type Json = Record<string, unknown>;

function parseJsonObject(text: string | undefined): Json | undefined {
  try {
    const value = JSON.parse(text ?? '') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const NUMBER = /^[0-9A-Za-z-]{5,32}$/;

function knownCompany(com: unknown): com is string {
  return typeof com === 'string' && (COMPANIES as readonly string[]).includes(com);
}

/** `/poll` (subscribe) and `/poll/query.do` (real-time query), checked as Kuaidi100 does. */
@Injectable()
export class PollService {
  constructor(
    private readonly store: TrackerStore,
    private readonly tracking: TrackingService,
  ) {}

  subscribe(form: Record<string, string>): PollAnswer {
    if (form.schema !== undefined && form.schema !== 'json') return answer('700', '不支持的schema');
    const param = parseJsonObject(form.param);
    if (!param) return answer('700', 'param不是合法的JSON');
    const account = typeof param.key === 'string' ? this.store.accounts.get(param.key) : undefined;
    if (!account) return answer('600', '您不是合法的订阅者（即授权Key出错）');
    if (account.disabled) return answer('601', 'POLL:KEY已过期');
    if (this.store.hit(account, 'serverError', account.faults.serverError))
      return answer('500', '服务器错误');
    if (!knownCompany(param.company)) return answer('700', '不支持的快递公司');
    if (typeof param.number !== 'string' || !NUMBER.test(param.number)) return answer('700', '快递单号错误');
    const parameters = (param.parameters ?? {}) as Json;
    const callbackUrl = parameters.callbackurl;
    if (typeof callbackUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(callbackUrl))
      return answer('700', '回调地址错误');
    const salt = parameters.salt;
    const resultv2 = parameters.resultv2;
    if (resultv2 !== undefined && typeof resultv2 !== 'string' && typeof resultv2 !== 'number')
      return answer('700', 'resultv2错误');
    if (salt !== undefined && typeof salt !== 'string') return answer('700', 'salt错误');
    const live = this.store
      .subscriptionsOf(param.company, param.number)
      .find((s) => s.key === account.key && s.status === 'active');
    if (live) return answer('501', '重复订阅');
    const subscription: Subscription = {
      id: `s${this.store.nextSeq()}`,
      key: account.key,
      com: param.company,
      number: param.number,
      callbackUrl,
      salt,
      resultv2: resultv2 === undefined ? undefined : String(resultv2),
      status: 'active',
      createdAt: this.store.now(),
    };
    this.store.subscriptions.set(subscription.id, subscription);
    this.tracking.subscribed(account, subscription);
    return answer('200', '提交成功');
  }

  query(form: Record<string, string>): Json | PollAnswer {
    const account = form.customer ? this.store.accountByCustomer(form.customer) : undefined;
    if (
      !account ||
      !form.param ||
      (form.sign ?? '').toUpperCase() !== md5Upper(form.param + account.key + account.customer)
    )
      return answer('503', '验证签名失败');
    if (account.disabled) return answer('601', 'POLL:KEY已过期');
    const param = parseJsonObject(form.param);
    if (!param || !knownCompany(param.com) || typeof param.num !== 'string')
      return answer('400', '找不到对应公司或参数错误');
    const parcel = this.store.parcels.get(`${param.com}|${param.num}`);
    if (!parcel || parcel.scans.length === 0) return answer('500', '查询无结果，请隔段时间再查');
    const resultv2 = param.resultv2;
    return lastResult(
      parcel,
      typeof resultv2 === 'string' || typeof resultv2 === 'number' ? String(resultv2) : undefined,
    );
  }
}
