import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_HOLD_MS, ErpFaults } from '../state/misbehaviour';
import { ErpStore } from '../state/store';
import { ErpError, erpErrors } from '../wire/errors';
import { formatErpTime } from '../wire/gmt8';
import { signatureMatches } from '../wire/signing';
import { Endpoint, ENDPOINT_GROUPS, EndpointGroup, EndpointResult } from './endpoint';

export interface ErpReply {
  status: number;
  contentType: string;
  text: string;
  /** Store done, answer withheld: hold it this long, or drop the connection. */
  withhold?: { mode: 'hold' | 'drop'; holdMs: number };
}

const TIMESTAMP_WINDOW_S = 600;
const OUTAGE_PAGE =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>' +
  '<hr><center>nginx</center></body></html>';

/** The open API gateway: checks a call as the ERP does, applies the tenant's faults, dispatches by path. */
@Injectable()
export class ErpGateway {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly store: ErpStore,
    @Inject(ENDPOINT_GROUPS) groups: EndpointGroup[],
  ) {
    for (const group of groups)
      for (const endpoint of group.endpoints()) this.endpoints.set(endpoint.path, endpoint);
  }

  async call(path: string, params: Record<string, string>): Promise<ErpReply> {
    const started = this.store.now();
    const endpoint = this.endpoints.get(path);
    if (!endpoint) return json(404, { code: 404, msg: '接口不存在', data: null });
    const knownTenant = params.app_key ? this.store.tenants.get(params.app_key) : undefined;
    const faults = knownTenant ? this.store.faultsOf(knownTenant.appKey) : undefined;
    if (faults?.config.delayMs) await new Promise((resolve) => setTimeout(resolve, faults.config.delayMs));
    if (faults?.hit('serverError', faults.config.serverError)) {
      const status = faults.config.serverError?.status ?? 502;
      this.log(path, params, `http:${status}`, started);
      return {
        status,
        contentType: 'text/html',
        text: OUTAGE_PAGE.replace(/502 Bad Gateway/g, `${status} Error`),
      };
    }
    try {
      const result = this.dispatch(endpoint, params);
      this.log(path, params, result.withhold ? 'ok-withheld' : 'ok', started);
      const reply = json(200, { code: 0, msg: '执行成功', data: result.data });
      if (!result.withhold) return reply;
      const rule = faults?.config.timeoutAfterStore;
      return { ...reply, withhold: { mode: rule?.mode ?? 'hold', holdMs: rule?.holdMs ?? DEFAULT_HOLD_MS } };
    } catch (error) {
      const erpError = error instanceof ErpError ? error : erpErrors.unknown();
      this.log(path, params, erpError.outcome, started);
      return json(200, { code: erpError.code, msg: erpError.msg, data: null });
    }
  }

  private dispatch(endpoint: Endpoint, params: Record<string, string>): EndpointResult {
    checkCommonParams(endpoint, params, this.store.now());
    const tenant = this.store.tenants.get(params.app_key);
    if (!tenant) throw erpErrors.unknownApp();
    if (!signatureMatches(params, tenant.appSecret)) throw erpErrors.badSign();
    if (endpoint.kind === 'auth') return endpoint.handle({ tenant, params, biz: undefined });
    if (params.access_token !== tenant.accessToken || tenant.tokenExpired) throw erpErrors.badToken();
    const faults = this.store.faultsOf(tenant.appKey);
    this.throttle(faults);
    if (faults.hit('unknownError', faults.config.unknownError)) throw erpErrors.unknown();
    return endpoint.handle({ tenant, params, biz: parseBiz(params.biz) });
  }

  private throttle(faults: ErpFaults): void {
    if (!faults.overRate(this.store.now())) return;
    throw faults.config.throttle?.code === 200 ? erpErrors.overQuota() : erpErrors.tooFrequent();
  }

  private log(path: string, params: Record<string, string>, outcome: string, started: number): void {
    this.store.logCall({
      at: formatErpTime(started),
      path,
      appKey: params.app_key ?? '',
      outcome,
      durationMs: this.store.now() - started,
      biz: params.biz?.slice(0, 4000),
    });
  }
}

function checkCommonParams(endpoint: Endpoint, params: Record<string, string>, now: number): void {
  const required =
    endpoint.kind === 'open'
      ? ['app_key', 'access_token', 'timestamp', 'biz', 'sign']
      : ['app_key', 'timestamp', 'grant_type', 'sign'];
  for (const name of required) if (!params[name]) throw erpErrors.commonParam(name);
  if (params.charset !== undefined && params.charset.toLowerCase() !== 'utf-8')
    throw erpErrors.commonParam('charset');
  if (endpoint.kind === 'open' && params.version !== '2') throw erpErrors.commonParam('version');
  const timestamp = /^\d{1,12}$/.test(params.timestamp) ? Number(params.timestamp) : NaN;
  if (!Number.isFinite(timestamp) || Math.abs(timestamp - now / 1000) > TIMESTAMP_WINDOW_S)
    throw erpErrors.badTimestamp();
}

function parseBiz(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw erpErrors.biz('biz不是合法的JSON');
  }
}

function json(status: number, body: object): ErpReply {
  return { status, contentType: 'application/json', text: JSON.stringify(body) };
}
