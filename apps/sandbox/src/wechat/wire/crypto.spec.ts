import { aesKeyOf, decryptMessage, encryptMessage, pkcs7Pad, pkcs7Unpad, WechatCryptoError } from './crypto';

// EncodingAESKey from PROTOCOLS §1.5 (node-webot/wechat test); the ciphertext below was produced independently
// with `openssl enc -aes-256-cbc -nopad` over the §1.5 plaintext layout with the prefix 00 01 … 0f.
const KEY = 'SvFHaQqrlAhRud3ye6f8ujJsR2LeYbxzPPIzNlei2FX';
const APP_ID = 'wx0123456789abcdef';
const MESSAGE =
  '<xml><ToUserName><![CDATA[gh_680bdefc8c5d]]></ToUserName><Content><![CDATA[你好]]></Content></xml>';
const RANDOM = Buffer.from([...Array(16).keys()]);
const OPENSSL =
  'MiGNAiNZsBo25zc4Rtq9KuXQ37D3HiJURKjJWFvHghDQ4hE9fNDAbad/j6kaMc0TqMHjKCEaE5gsiFixrLtmOr4iPPAYos+VZ3bjJOL04GlfXLc' +
  'D5xvjXPs/IpB/XtxZnZppC4JNX0TeLzT0JseMKpgXT/y9Jkz9Nw4ENcaiefGe/U5oy+3UkGg+amQsQJjrfuwWmi1gtyjML0gs9gqIgw==';

describe('WeChat message encryption (PROTOCOLS §1.5)', () => {
  it('decodes the 43-character EncodingAESKey to 32 bytes', () => {
    expect(aesKeyOf(KEY).toString('hex')).toBe(
      '4af147690aab940851b9ddf27ba7fcba326c4762de61bc733cf2333657a2d855',
    );
  });

  it('refuses keys of the wrong shape', () => {
    expect(() => aesKeyOf(KEY.slice(1))).toThrow(WechatCryptoError);
    expect(() => aesKeyOf(`${KEY.slice(1)}+`)).toThrow(WechatCryptoError);
  });

  it('encrypts to exactly the openssl ciphertext', () => {
    expect(encryptMessage(KEY, APP_ID, MESSAGE, RANDOM)).toBe(OPENSSL);
  });

  it('decrypts the openssl ciphertext back to message, appid and prefix', () => {
    const out = decryptMessage(KEY, OPENSSL);
    expect(out.message).toBe(MESSAGE);
    expect(out.appId).toBe(APP_ID);
    expect(out.random.equals(RANDOM)).toBe(true);
  });

  it('pads to 32-byte blocks, a full block of 0x20 when already aligned', () => {
    expect(pkcs7Pad(Buffer.alloc(31)).subarray(31)).toEqual(Buffer.from([1]));
    const aligned = pkcs7Pad(Buffer.alloc(32));
    expect(aligned.length).toBe(64);
    expect([...aligned.subarray(32)].every((b) => b === 32)).toBe(true);
    expect(pkcs7Unpad(aligned).length).toBe(32);
    expect(() => pkcs7Unpad(Buffer.from([0, 0, 33]))).toThrow(WechatCryptoError);
  });

  it('round-trips a message whose plaintext is block-aligned', () => {
    // 16 + 4 + 24 + 20 = 64 bytes: padding adds a whole block.
    const message = 'x'.repeat(24);
    const appId = 'wx' + 'a'.repeat(18);
    const encrypted = encryptMessage(KEY, appId, message, RANDOM);
    expect(Buffer.from(encrypted, 'base64').length).toBe(96);
    expect(decryptMessage(KEY, encrypted)).toMatchObject({ message, appId });
  });

  it('refuses ciphertext that is not whole blocks or decrypts under another key to garbage', () => {
    expect(() => decryptMessage(KEY, 'AAAA')).toThrow(WechatCryptoError);
    const other = 'a'.repeat(43);
    expect(() => {
      const out = decryptMessage(other, OPENSSL);
      if (out.appId !== APP_ID) throw new WechatCryptoError('appid mismatch');
    }).toThrow(WechatCryptoError);
  });
});
