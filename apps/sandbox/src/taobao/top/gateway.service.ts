import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SandboxApp } from '../state/model';
import { TaobaoStore } from '../state/store';
import { LifecycleError } from '../trades/lifecycle';
import { formatGmt8 } from '../wire/gmt8';
import { renderTop, RenderedBody } from '../wire/render';
import { API_GROUPS, ApiGroup, ApiMethod } from './api';
import { TopError, topErrors } from './errors';
import { checkSession, checkSystemParams, responseShape } from './system-params';

export interface GatewayReply extends RenderedBody {
  status: number;
}

const OUTAGE_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>' +
  '</center><hr><center>Tengine</center></body></html>';

/** `/router/rest`: the TOP gateway. Checks the call as TOP does, applies the app's faults, dispatches. */
@Injectable()
export class GatewayService {
  private readonly methods = new Map<string, ApiMethod>();

  constructor(
    private readonly store: TaobaoStore,
    @Inject(API_GROUPS) groups: ApiGroup[],
  ) {
    for (const group of groups) for (const method of group.methods()) this.methods.set(method.name, method);
  }

  async call(params: Record<string, string>): Promise<GatewayReply> {
    const started = this.store.now();
    const knownApp = params.app_key ? this.store.apps.get(params.app_key) : undefined;
    const faults = knownApp ? this.store.misbehaviourOf(knownApp.appKey) : undefined;
    if (faults?.config.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.config.delayMs));
    if (faults?.hit('serverError', faults.config.serverError)) {
      const status = faults.config.serverError?.status ?? 502;
      this.log(params, `http:${status}`, started);
      return {
        status,
        contentType: 'text/html',
        text: OUTAGE_PAGE.replace(/502 Bad Gateway/g, `${status} Error`),
      };
    }
    const { format, simplify } = responseShape(params);
    const requestId = randomBytes(6).toString('base64url').toLowerCase();
    try {
      const payload = this.dispatch(params);
      this.log(params, 'ok', started);
      const root = `${params.method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
      return { status: 200, ...renderTop(root, { ...payload, request_id: requestId }, format, simplify) };
    } catch (error) {
      const topError = this.asTopError(error);
      this.log(params, topError.outcome, started);
      const body = {
        code: topError.code,
        msg: topError.msg,
        sub_code: topError.subCode,
        sub_msg: topError.subMsg,
        request_id: requestId,
      };
      return { status: 200, ...renderTop('error_response', body, format, simplify) };
    }
  }

  private dispatch(params: Record<string, string>) {
    const now = this.store.now();
    const app = checkSystemParams(params, this.store, now);
    const method = this.methods.get(params.method);
    if (!method) throw topErrors.invalidMethod();
    const session = method.needsSession ? checkSession(params, app, this.store, now) : undefined;
    this.throttle(app, now);
    return method.handle({ params, app, session });
  }

  private throttle(app: SandboxApp, now: number): void {
    const faults = this.store.misbehaviourOf(app.appKey);
    const limited = faults.overRate(now) || faults.hit('rateLimit', faults.config.rateLimit);
    if (!limited) return;
    throw faults.config.rateLimit?.style === 'isp' ? topErrors.ispCallLimited() : topErrors.appCallLimited(1);
  }

  private asTopError(error: unknown): TopError {
    if (error instanceof TopError) return error;
    if (error instanceof LifecycleError) return topErrors.business(error.subCode, error.message);
    return new TopError(15, 'Remote service error', 'isp.unknown-error', String(error));
  }

  private log(params: Record<string, string>, outcome: string, started: number): void {
    this.store.logCall({
      at: formatGmt8(started),
      method: params.method ?? '',
      appKey: params.app_key ?? '',
      session: params.session,
      params: { ...params },
      outcome,
      durationMs: this.store.now() - started,
    });
  }
}
