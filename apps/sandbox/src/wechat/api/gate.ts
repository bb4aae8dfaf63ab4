import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { WechatStore } from '../state/store';
import { toWireJson, WireObject } from '../wire/json';
import { WechatError, wechatErrors } from './errors';

const OUTAGE_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

/**
 * The front of every WeChat API: the account's faults (delay, gateway 5xx, system busy), the handler, errors
 * rendered as WeChat does (HTTP 200, `{"errcode","errmsg"}`), and the call log.
 */
@Injectable()
export class ApiGate {
  constructor(private readonly store: WechatStore) {}

  async serve(
    res: Response,
    call: { method: string; path: string; appId?: string },
    handle: () => WireObject | Promise<WireObject>,
  ): Promise<void> {
    const started = Date.now();
    const finish = (outcome: string) =>
      this.store.logCall({
        at: this.store.now(),
        method: call.method,
        path: call.path,
        appId: call.appId,
        outcome,
        durationMs: Date.now() - started,
      });
    const faults =
      call.appId && this.store.accounts.has(call.appId) ? this.store.misbehaviourOf(call.appId) : undefined;
    if (faults?.config.apiDelayMs)
      await new Promise((resolve) => setTimeout(resolve, faults.config.apiDelayMs));
    if (faults?.hit('apiServerError', faults.config.apiServerError)) {
      const status = faults.config.apiServerError?.status ?? 502;
      finish(`http:${status}`);
      res
        .status(status)
        .type('text/html')
        .send(OUTAGE_PAGE.replace(/502 Bad Gateway/g, `${status} Error`));
      return;
    }
    try {
      if (faults?.hit('systemBusy', faults.config.systemBusy)) throw wechatErrors.systemBusy();
      const body = await handle();
      finish('ok');
      send(res, body);
    } catch (error) {
      if (!(error instanceof WechatError)) throw error;
      finish(`errcode:${error.errcode}`);
      send(res, { errcode: error.errcode, errmsg: error.errmsg });
    }
  }
}

function send(res: Response, body: WireObject): void {
  res
    .status(200)
    .set('Content-Type', 'application/json; encoding=utf-8')
    .send(Buffer.from(toWireJson(body)));
}
