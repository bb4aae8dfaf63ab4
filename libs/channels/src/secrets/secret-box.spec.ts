import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-test-key-of-enough-length');

  it('round-trips and never stores the plain text', () => {
    const sealed = box.seal('app-secret-值');
    expect(sealed).not.toContain('app-secret');
    expect(box.open(sealed)).toBe('app-secret-值');
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses tampered values and values sealed under another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('another-key-of-enough-length').open(sealed)).toThrow();
    expect(() => box.open('plain')).toThrow('not a sealed secret');
  });
});
