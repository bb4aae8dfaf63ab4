import { createHash } from 'node:crypto';
import { trackerPushSignature, trackerSignatureMatches } from './tracker-signature';

describe('tracker push signature', () => {
  const param = '{"status":"polling","lastResult":{"state":"0","nu":"SF123"}}';
  // Computed independently of the code under test.
  const lower = createHash('md5').update(`${param}s4lt`).digest('hex');

  it('is md5(param + salt), accepted in either hex case', () => {
    expect(trackerPushSignature(param, 's4lt')).toBe(lower.toUpperCase());
    expect(trackerSignatureMatches(param, 's4lt', lower)).toBe(true);
    expect(trackerSignatureMatches(param, 's4lt', lower.toUpperCase())).toBe(true);
  });

  it('refuses another salt, another param, and anything that is not 32 hex digits', () => {
    expect(trackerSignatureMatches(param, 'other', lower)).toBe(false);
    expect(trackerSignatureMatches(`${param} `, 's4lt', lower)).toBe(false);
    for (const sign of [undefined, null, '', 'zz', `${lower}0`, ['x'], 42])
      expect(trackerSignatureMatches(param, 's4lt', sign)).toBe(false);
  });
});
