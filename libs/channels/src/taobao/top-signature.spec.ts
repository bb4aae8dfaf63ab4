import { topSignature, topSignatureMatches } from './top-signature';

// Vectors from PROTOCOLS.md §3.3.
describe('TOP signature', () => {
  it('md5 of no parameters', () => {
    expect(topSignature({}, 'secret', 'md5')).toBe('D98221BB33CB9193E00FC7AC1E0E02A9');
  });

  it('md5 sorts parameters by name', () => {
    expect(topSignature({ a: '1', c: '2', b: '3' }, 'secret', 'md5')).toBe(
      '37920C671B95D3755163099B33C5A509',
    );
  });

  it('hmac does not wrap the secret', () => {
    expect(topSignature({ a: '1', c: '2', b: '3' }, 'secret', 'hmac')).toBe(
      'AB1CE22BDF00A12E1B715305DD351A95',
    );
  });

  it('ignores the sign parameter and empty values', () => {
    expect(topSignature({ a: '1', c: '2', b: '3', sign: 'X', d: '' }, 'secret', 'md5')).toBe(
      '37920C671B95D3755163099B33C5A509',
    );
  });

  it('verifies case-insensitively and refuses a tampered parameter', () => {
    const params = { method: 'taobao.trades.sold.increment.get', app_key: '12345', page_no: '1' };
    const sign = topSignature(params, 's3cret', 'hmac');
    expect(topSignatureMatches(params, 's3cret', 'hmac', sign.toLowerCase())).toBe(true);
    expect(topSignatureMatches({ ...params, page_no: '2' }, 's3cret', 'hmac', sign)).toBe(false);
    expect(topSignatureMatches(params, 'wrong', 'hmac', sign)).toBe(false);
  });
});
