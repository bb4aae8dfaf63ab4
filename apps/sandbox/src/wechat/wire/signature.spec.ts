import { createHash } from 'node:crypto';
import { signatureMatches, wechatSignature } from './signature';

describe('WeChat signatures (PROTOCOLS §1.1, §1.5 vectors)', () => {
  it('reproduces the official plain-mode URL verification vector', () => {
    expect(wechatSignature('AAAAA', '1714037059', '486452656')).toBe(
      '899cf89e464efb63f54ddac96b0a0a235f53aa78',
    );
  });

  it('sorts before joining, whatever order the parts come in', () => {
    expect(wechatSignature('486452656', 'AAAAA', '1714037059')).toBe(
      '899cf89e464efb63f54ddac96b0a0a235f53aa78',
    );
  });

  it('reproduces the wechat-crypto msg_signature vector (token, timestamp, nonce, encrypt)', () => {
    expect(wechatSignature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe(
      '8edac0945683c119ee71c9f6256d76c48aa08a96',
    );
  });

  it('is SHA-1 lower-case hex of the sorted concatenation', () => {
    const manual = createHash('sha1').update('abc').digest('hex');
    expect(wechatSignature('c', 'a', 'b')).toBe(manual);
  });

  it('compares case-insensitively and refuses a different or missing signature', () => {
    const sig = wechatSignature('t', '1', '2');
    expect(signatureMatches(sig, sig.toUpperCase())).toBe(true);
    expect(signatureMatches(sig, wechatSignature('t', '1', '3'))).toBe(false);
    expect(signatureMatches(sig, undefined)).toBe(false);
    expect(signatureMatches(sig, 'short')).toBe(false);
  });
});
