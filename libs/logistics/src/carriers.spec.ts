import { CARRIERS, carrierByCode, findCarrier, taobaoCompanyCode, trackerCompanyCode } from './carriers';

describe('carriers registry', () => {
  it('has one entry per code on every side', () => {
    for (const side of ['code', 'taobaoCode', 'trackerCode'] as const)
      expect(new Set(CARRIERS.map((c) => c[side])).size).toBe(CARRIERS.length);
  });

  it("translates our codes to Taobao's and the tracker's", () => {
    expect(taobaoCompanyCode('POST')).toBe('POSTB');
    expect(taobaoCompanyCode('best')).toBe('HTKY');
    expect(taobaoCompanyCode('DBL')).toBe('DBKD');
    expect(trackerCompanyCode('SF')).toBe('shunfeng');
    expect(trackerCompanyCode('zto')).toBe('zhongtong');
  });

  it('finds a carrier by any side of it, and passes unknown codes through in each side’s style', () => {
    expect(findCarrier('HTKY')?.code).toBe('BEST');
    expect(findCarrier('yuantong')?.code).toBe('YTO');
    expect(carrierByCode('yuantong')).toBeNull();
    expect(taobaoCompanyCode(' xyz ')).toBe('XYZ');
    expect(trackerCompanyCode('XYZ')).toBe('xyz');
  });
});
