import { Parcel, Subscription } from '../state/model';
import { FINAL_STATES, formatKuaidiTime, STATE_NAMES } from '../wire/kuaidi100';

/** The `lastResult` object: the whole scan history newest first, as both the push and query.do carry it. */
export function lastResult(parcel: Parcel, resultv2?: string): Record<string, unknown> {
  const latest = parcel.scans.at(-1);
  const state = latest?.state ?? 0;
  return {
    message: 'ok',
    state: String(state),
    status: '200',
    condition: FINAL_STATES.has(state) ? 'F00' : '00',
    ischeck: FINAL_STATES.has(state) ? '1' : '0',
    com: parcel.com,
    nu: parcel.number,
    data: [...parcel.scans].reverse().map((scan) => {
      const time = formatKuaidiTime(scan.at);
      return {
        context: scan.context,
        time,
        ftime: time,
        status: STATE_NAMES[scan.state] ?? '',
        ...(scan.areaName ? { areaName: scan.areaName } : {}),
        ...(resultv2 ? { statusCode: String(scan.state) } : {}),
      };
    }),
  };
}

/** The push `param` JSON string for one subscription. */
export function pushParam(
  parcel: Parcel,
  subscription: Subscription,
  status: 'polling' | 'shutdown' | 'abort',
  message: string,
): string {
  return JSON.stringify({
    status,
    billstatus: '',
    message,
    autoCheck: '0',
    comOld: '',
    comNew: '',
    lastResult: lastResult(parcel, subscription.resultv2),
  });
}
