import { SHARE_CODE_PATTERN, newShareCode } from './share-codes';

describe('newShareCode', () => {
  it('makes URL-safe codes of the requested length', () => {
    for (let i = 0; i < 200; i += 1) expect(newShareCode()).toMatch(/^[0-9A-Za-z]{10}$/);
    expect(newShareCode(12)).toHaveLength(12);
    expect(newShareCode(8)).toMatch(SHARE_CODE_PATTERN);
  });

  it('does not repeat itself', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => newShareCode()));
    expect(codes.size).toBe(5000);
  });
});
