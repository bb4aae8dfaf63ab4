import { WechatCryptoError, WechatMessageCipher, signaturesMatch, wechatSignature } from './wechat-crypto';

// Vectors from PROTOCOLS.md §1.1 and §1.5.
describe('WeChat signatures', () => {
  it('plain-mode signature (official vector)', () => {
    expect(wechatSignature('AAAAA', '1714037059', '486452656')).toBe(
      '899cf89e464efb63f54ddac96b0a0a235f53aa78',
    );
  });

  it('safe-mode msg_signature (wechat-crypto vector)', () => {
    expect(wechatSignature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe(
      '8edac0945683c119ee71c9f6256d76c48aa08a96',
    );
  });

  it('compares signatures safely', () => {
    expect(
      signaturesMatch('899cf89e464efb63f54ddac96b0a0a235f53aa78', '899CF89E464EFB63F54DDAC96B0A0A235F53AA78'),
    ).toBe(true);
    expect(signaturesMatch('899cf89e464efb63f54ddac96b0a0a235f53aa78', '899cf89e')).toBe(false);
    expect(signaturesMatch('899cf89e464efb63f54ddac96b0a0a235f53aa78', undefined)).toBe(false);
  });
});

describe('WeChat message cipher', () => {
  const key = 'SvFHaQqrlAhRud3ye6f8ujJsR2LeYbxzPPIzNlei2FX';
  const cipher = new WechatMessageCipher(key, 'wx2c2769f8efd9abc2');

  it('round-trips a message, including one already a multiple of the block size', () => {
    const xml = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[你好]]></Content></xml>';
    expect(cipher.decrypt(cipher.encrypt(xml))).toBe(xml);
    // 16 + 4 + 8 + 18 = 46 → pads to 64; and a message that makes the plaintext exactly 64 bytes gets a full block.
    const aligned = 'x'.repeat(64 - 16 - 4 - 'wx2c2769f8efd9abc2'.length);
    expect(Buffer.from(cipher.encrypt(aligned), 'base64').length).toBe(96);
    expect(cipher.decrypt(cipher.encrypt(aligned))).toBe(aligned);
  });

  it('refuses another appId and tampered ciphertext', () => {
    const other = new WechatMessageCipher(key, 'wx_other');
    expect(() => other.decrypt(cipher.encrypt('<xml/>'))).toThrow(WechatCryptoError);
    const encrypted = Buffer.from(cipher.encrypt('<xml>hello</xml>'), 'base64');
    encrypted[encrypted.length - 1] ^= 0xff;
    expect(() => cipher.decrypt(encrypted.toString('base64'))).toThrow(WechatCryptoError);
    expect(() => cipher.decrypt('not base64 at all!')).toThrow(WechatCryptoError);
  });

  it('refuses a malformed EncodingAESKey', () => {
    expect(() => new WechatMessageCipher('short', 'wx')).toThrow(WechatCryptoError);
  });
});
