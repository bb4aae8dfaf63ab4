import { trackingStateOf } from './tracking-states';

describe('trackingStateOf', () => {
  it('maps the main Kuaidi100 states', () => {
    expect(['0', '1', '7', '8'].map(trackingStateOf)).toEqual(Array(4).fill('in_transit'));
    expect(trackingStateOf('5')).toBe('out_for_delivery');
    expect(trackingStateOf(3)).toBe('delivered');
    expect(trackingStateOf('2')).toBe('exception');
    expect(['4', '6', '14'].map(trackingStateOf)).toEqual(['returned', 'returned', 'returned']);
    expect(trackingStateOf('13')).toBe('exception');
  });

  it('maps advanced sub-states to their main state', () => {
    expect(trackingStateOf('103')).toBe('in_transit');
    expect(trackingStateOf('1002')).toBe('in_transit');
    expect(trackingStateOf('501')).toBe('out_for_delivery');
    expect(trackingStateOf('304')).toBe('delivered');
    expect(trackingStateOf('201')).toBe('exception');
    expect(trackingStateOf('401')).toBe('returned');
  });

  it('knows nothing of other codes', () => {
    for (const code of ['9', '999', '2001', 'abc', '', null, undefined, '-1'])
      expect(trackingStateOf(code)).toBeNull();
  });
});
