import { createHash } from 'node:crypto';
import { jushuitanSign } from './jushuitan-signature';

describe('jushuitanSign', () => {
  const params = {
    app_key: 'ak',
    access_token: 'tk',
    timestamp: '1700000000',
    charset: 'utf-8',
    version: '2',
    biz: '{}',
  };

  it('signs the secret followed by the sorted name+value pairs (the wire contract vector)', () => {
    const expected = createHash('md5')
      .update('s3cretaccess_tokentkapp_keyakbiz{}charsetutf-8timestamp1700000000version2')
      .digest('hex');
    expect(jushuitanSign(params, 's3cret')).toBe(expected);
    expect(jushuitanSign(params, 's3cret')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('ignores sign itself and empty values, and changes with any value or the secret', () => {
    const base = jushuitanSign(params, 's3cret');
    expect(jushuitanSign({ ...params, sign: 'x', remark: '' }, 's3cret')).toBe(base);
    expect(jushuitanSign({ ...params, biz: '{"a":1}' }, 's3cret')).not.toBe(base);
    expect(jushuitanSign(params, 'other')).not.toBe(base);
  });

  it('hashes non-ASCII business payloads as UTF-8', () => {
    const biz = JSON.stringify([{ receiver_name: '张三' }]);
    const expected = createHash('md5')
      .update(Buffer.from(`s3cretbiz${biz}`, 'utf8'))
      .digest('hex');
    expect(jushuitanSign({ biz }, 's3cret')).toBe(expected);
  });
});
