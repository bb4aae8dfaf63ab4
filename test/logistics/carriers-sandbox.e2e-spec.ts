import { CARRIERS } from '@tongdao/logistics';
import { COMPANIES } from '../../apps/sandbox/src/tracker/wire/kuaidi100';

// The sandbox tracker must know every company the registry subscribes with, or those parcels are refused there.
describe('carriers registry against the sandbox tracker', () => {
  it('every carrier’s tracker code is a company the sandbox tracker accepts', () => {
    const known = new Set<string>(COMPANIES);
    expect(CARRIERS.filter((c) => c.trackerCode && !known.has(c.trackerCode)).map((c) => c.code)).toEqual([]);
  });
});
