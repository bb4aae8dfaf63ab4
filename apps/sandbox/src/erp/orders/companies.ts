/** Logistics company codes (lc_id) the sandbox ERP knows by name; any other code passes through as its own name. */
const COMPANIES: Record<string, { name: string; prefix: string }> = {
  ZTO: { name: '中通快递', prefix: '78' },
  YTO: { name: '圆通速递', prefix: 'YT' },
  STO: { name: '申通快递', prefix: '77' },
  YUNDA: { name: '韵达快递', prefix: '43' },
  SF: { name: '顺丰速运', prefix: 'SF' },
  EMS: { name: 'EMS', prefix: 'E' },
  JD: { name: '京东快递', prefix: 'JDV' },
  JTSD: { name: '极兔速递', prefix: 'JT' },
  YZPY: { name: '邮政快递包裹', prefix: '98' },
  DBKD: { name: '德邦快递', prefix: 'DPK' },
};

export function companyName(lcId: string): string {
  return COMPANIES[lcId]?.name ?? lcId;
}

export function trackingNumberPrefix(lcId: string): string {
  return COMPANIES[lcId]?.prefix ?? 'SB';
}
