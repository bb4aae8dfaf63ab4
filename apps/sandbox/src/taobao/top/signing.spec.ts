import { createHash } from 'node:crypto';
import { signatureMatches, tmcConnectSign, topSign, topSignBase, verifyTopSign } from './signing';

describe('TOP signing (PROTOCOLS §3.3 vectors)', () => {
  it('md5 of no params is md5(secret+secret)', () => {
    expect(topSign({}, 'secret', 'md5')).toBe('D98221BB33CB9193E00FC7AC1E0E02A9');
  });

  it('md5 sorts names and concatenates name+value', () => {
    const params = { a: '1', c: '2', b: '3' };
    expect(topSignBase(params)).toBe('a1b3c2');
    expect(topSign(params, 'secret', 'md5')).toBe('37920C671B95D3755163099B33C5A509');
  });

  it('hmac keys HMAC-MD5 with the secret and does not wrap', () => {
    expect(topSign({ a: '1', c: '2', b: '3' }, 'secret', 'hmac')).toBe('AB1CE22BDF00A12E1B715305DD351A95');
  });

  it('hmac-sha256 gives 64 upper-case hex digits, different from the others', () => {
    const sign = topSign({ a: '1', c: '2', b: '3' }, 'secret', 'hmac-sha256');
    expect(sign).toMatch(/^[0-9A-F]{64}$/);
  });

  it('leaves out `sign` and empty values, and sorts by bytes (upper case before lower)', () => {
    expect(topSignBase({ sign: 'X', b: '', a: '1', Z: '2' })).toBe('Z2a1');
  });

  it('signs raw UTF-8 values', () => {
    const expected = createHash('md5').update('snick淘宝店s', 'utf8').digest('hex').toUpperCase();
    expect(topSign({ nick: '淘宝店' }, 's', 'md5')).toBe(expected);
  });

  it('verifies either reading of empty params, and refuses a wrong secret', () => {
    const params = { a: '1', b: '' };
    expect(verifyTopSign(params, 'secret', 'md5', topSign(params, 'secret', 'md5'))).toBe(true);
    expect(verifyTopSign(params, 'secret', 'md5', topSign(params, 'secret', 'md5', true))).toBe(true);
    expect(verifyTopSign(params, 'secret', 'md5', topSign(params, 'other', 'md5'))).toBe(false);
    expect(signatureMatches('ABC', 'abc')).toBe(true);
    expect(signatureMatches('ABC', 'ABD')).toBe(false);
  });

  it('TMC connect sign is the md5 rule over app_key, group_name and timestamp', () => {
    const manual = createHash('md5')
      .update('secretapp_key12345group_namedefaulttimestamp1700000000000secret')
      .digest('hex')
      .toUpperCase();
    expect(tmcConnectSign('12345', 'default', '1700000000000', 'secret')).toBe(manual);
  });
});
