/**
 * The one list of carriers we know, with each side's code for them: ours (what staff type and what rides on
 * order.shipped), Taobao's logistics company code (taobao.logistics.companies.get, used by
 * `taobao.logistics.offline.send`) and the tracker's `com` (Kuaidi100 company code, lower-case pinyin).
 */
export interface Carrier {
  code: string;
  name: string;
  taobaoCode: string;
  trackerCode: string;
}

export const CARRIERS: readonly Carrier[] = [
  { code: 'SF', name: '顺丰速运', taobaoCode: 'SF', trackerCode: 'shunfeng' },
  { code: 'EMS', name: 'EMS', taobaoCode: 'EMS', trackerCode: 'ems' },
  { code: 'POST', name: '邮政快递包裹', taobaoCode: 'POSTB', trackerCode: 'youzhengguonei' },
  { code: 'YTO', name: '圆通速递', taobaoCode: 'YTO', trackerCode: 'yuantong' },
  { code: 'ZTO', name: '中通快递', taobaoCode: 'ZTO', trackerCode: 'zhongtong' },
  { code: 'STO', name: '申通快递', taobaoCode: 'STO', trackerCode: 'shentong' },
  { code: 'YUNDA', name: '韵达快递', taobaoCode: 'YUNDA', trackerCode: 'yunda' },
  { code: 'JD', name: '京东快递', taobaoCode: 'JD', trackerCode: 'jd' },
  { code: 'BEST', name: '百世快递', taobaoCode: 'HTKY', trackerCode: 'huitongkuaidi' },
  { code: 'DBL', name: '德邦快递', taobaoCode: 'DBKD', trackerCode: 'debangkuaidi' },
  { code: 'JTSD', name: '极兔速递', taobaoCode: 'JTSD', trackerCode: 'jtexpress' },
  { code: 'ZJS', name: '宅急送', taobaoCode: 'ZJS', trackerCode: 'zhaijisong' },
];

const byOurCode = new Map(CARRIERS.map((c) => [c.code, c]));
const byAnyCode = new Map<string, Carrier>();
for (const carrier of CARRIERS) {
  for (const alias of [carrier.code, carrier.taobaoCode, carrier.trackerCode])
    if (!byAnyCode.has(alias.toUpperCase())) byAnyCode.set(alias.toUpperCase(), carrier);
}

/** The carrier of one of our codes (case-insensitive), or null. */
export function carrierByCode(code: string): Carrier | null {
  return byOurCode.get(code.trim().toUpperCase()) ?? null;
}

/**
 * The carrier named by any side's code — ours, Taobao's or the tracker's — for input from outside (ERP
 * shipments, CSV imports) that may use either; null when none matches.
 */
export function findCarrier(anyCode: string): Carrier | null {
  return byAnyCode.get(anyCode.trim().toUpperCase()) ?? null;
}

/** Taobao's company code for one of ours; an unknown code passes through upper-cased (Taobao's own style). */
export function taobaoCompanyCode(code: string): string {
  return findCarrier(code)?.taobaoCode ?? code.trim().toUpperCase();
}

/** The tracker's `com` for one of ours; an unknown code passes through lower-cased (the tracker's style). */
export function trackerCompanyCode(code: string): string {
  return findCarrier(code)?.trackerCode ?? code.trim().toLowerCase();
}
