import { isId, newId, pooledRandom } from './ids';

describe('ids', () => {
  it('are ULIDs, unique and in the order they were minted, even many in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(ids.every(isId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('draw their random characters evenly from the 32 of the alphabet', () => {
    const counts = new Array<number>(32).fill(0);
    for (let i = 0; i < 64_000; i++) {
      const value = pooledRandom();
      expect(value >= 0 && value < 1).toBe(true);
      counts[Math.floor(value * 32)] += 1;
    }
    // 2,000 expected each; a biased or stuck source leaves some far off.
    for (const n of counts) expect(Math.abs(n - 2000)).toBeLessThan(300);
  });
});
