import { createVerify, generateKeyPairSync } from 'node:crypto';
import {
  authorizationHeader,
  decryptResource,
  requestMessage,
  rsaSign,
  sameSerial,
  timestampIsFresh,
  verifyPlatformSignature,
  WechatPayDecryptError,
} from './wechatpay-signing';
import {
  REQUEST_VECTOR,
  RESOURCE_VECTOR,
  RESPONSE_VECTOR,
  VECTOR_PRIVATE_KEY,
  VECTOR_PUBLIC_KEY,
} from './testing/vectors';

describe('WeChat Pay v3 request signing (§2.2)', () => {
  it('builds the five-line message, each line ending in \\n', () => {
    expect(requestMessage('get', '/v3/certificates', 1, 'N', '')).toBe('GET\n/v3/certificates\n1\nN\n\n');
  });

  it('signs the openssl vector byte for byte (PKCS#1 v1.5 is deterministic)', () => {
    const { method, path, timestamp, nonce, body, signature } = REQUEST_VECTOR;
    expect(rsaSign(requestMessage(method, path, timestamp, nonce, body), VECTOR_PRIVATE_KEY)).toBe(signature);
  });

  it('puts mchid, nonce, signature, timestamp and serial into the Authorization header', () => {
    const { method, path, timestamp, nonce, body, signature } = REQUEST_VECTOR;
    const header = authorizationHeader({
      method,
      pathWithQuery: path,
      body,
      mchid: '1230000109',
      merchantSerial: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
      merchantPrivateKey: VECTOR_PRIVATE_KEY,
      timestamp,
      nonce,
    });
    expect(header).toBe(
      `WECHATPAY2-SHA256-RSA2048 mchid="1230000109",nonce_str="${nonce}",signature="${signature}",` +
        `timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"`,
    );
    const fresh = authorizationHeader({
      method: 'GET',
      pathWithQuery: '/v3/certificates',
      body: '',
      mchid: '1',
      merchantSerial: 'S',
      merchantPrivateKey: VECTOR_PRIVATE_KEY,
    });
    const [, n, sig, ts] = /nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)"/.exec(fresh)!;
    expect(n).toMatch(/^[0-9A-F]{32}$/);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(5);
    const ok = createVerify('RSA-SHA256')
      .update(`GET\n/v3/certificates\n${ts}\n${n}\n\n`)
      .verify(VECTOR_PUBLIC_KEY, sig, 'base64');
    expect(ok).toBe(true);
  });
});

describe('WeChat Pay v3 answer / notification verification (§2.2)', () => {
  const headers = { ...RESPONSE_VECTOR, serial: 'X' };

  it('accepts the openssl vector, as a string and as raw bytes', () => {
    expect(verifyPlatformSignature(headers, RESPONSE_VECTOR.body, VECTOR_PUBLIC_KEY)).toBe(true);
    expect(verifyPlatformSignature(headers, Buffer.from(RESPONSE_VECTOR.body), VECTOR_PUBLIC_KEY)).toBe(true);
  });

  it('refuses any change to body, timestamp, nonce or key, and garbage signatures', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyPlatformSignature(headers, `${RESPONSE_VECTOR.body} `, VECTOR_PUBLIC_KEY)).toBe(false);
    expect(
      verifyPlatformSignature(
        { ...headers, timestamp: '1700000001' },
        RESPONSE_VECTOR.body,
        VECTOR_PUBLIC_KEY,
      ),
    ).toBe(false);
    expect(verifyPlatformSignature({ ...headers, nonce: 'x' }, RESPONSE_VECTOR.body, VECTOR_PUBLIC_KEY)).toBe(
      false,
    );
    expect(verifyPlatformSignature(headers, RESPONSE_VECTOR.body, publicKey)).toBe(false);
    expect(
      verifyPlatformSignature(
        { ...headers, signature: 'not base64!' },
        RESPONSE_VECTOR.body,
        VECTOR_PUBLIC_KEY,
      ),
    ).toBe(false);
    expect(
      verifyPlatformSignature({ ...headers, signature: '' }, RESPONSE_VECTOR.body, VECTOR_PUBLIC_KEY),
    ).toBe(false);
    expect(verifyPlatformSignature(headers, RESPONSE_VECTOR.body, 'not a key')).toBe(false);
  });

  it('compares serials case-insensitively and refuses others', () => {
    expect(sameSerial('5157f09efdc096de15ebe81a47057a72', '5157F09EFDC096DE15EBE81A47057A72')).toBe(true);
    expect(sameSerial('5157F09EFDC096DE15EBE81A47057A7', '5157F09EFDC096DE15EBE81A47057A72')).toBe(false);
    expect(sameSerial('', 'A')).toBe(false);
  });

  it('holds timestamps to ±5 minutes of the injected clock', () => {
    const now = 1_700_000_000_000;
    expect(timestampIsFresh('1700000000', now)).toBe(true);
    expect(timestampIsFresh('1700000299', now)).toBe(true);
    expect(timestampIsFresh('1699999701', now)).toBe(true);
    expect(timestampIsFresh('1699999700', now)).toBe(false);
    expect(timestampIsFresh('1700000300', now)).toBe(false);
    expect(timestampIsFresh('1700000000.5', now)).toBe(false);
    expect(timestampIsFresh('', now)).toBe(false);
  });
});

describe('WeChat Pay resource decryption (§2.3)', () => {
  const { apiV3Key, resource, plaintext } = RESOURCE_VECTOR;

  it('decrypts the Python cryptography vector', () => {
    expect(decryptResource(resource, apiV3Key)).toBe(plaintext);
  });

  it('refuses a wrong key, altered ciphertext, nonce or associated data', () => {
    const flip = Buffer.from(resource.ciphertext, 'base64');
    flip[10] ^= 1;
    const cases = [
      () => decryptResource(resource, 'TongdaoApiV3KeyForUnitVectors033'),
      () => decryptResource({ ...resource, ciphertext: flip.toString('base64') }, apiV3Key),
      () => decryptResource({ ...resource, nonce: 'Xq3nB7pT2vLX' }, apiV3Key),
      () => decryptResource({ ...resource, associated_data: '' }, apiV3Key),
      () => decryptResource({ ...resource, nonce: 'short' }, apiV3Key),
      () => decryptResource({ ...resource, ciphertext: 'AAAA' }, apiV3Key),
      () => decryptResource({ ...resource, algorithm: 'AES_CBC' }, apiV3Key),
      () => decryptResource(resource, 'short key'),
    ];
    for (const attempt of cases) expect(attempt).toThrow(WechatPayDecryptError);
  });
});
