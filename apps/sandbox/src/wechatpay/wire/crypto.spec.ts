import { createPrivateKey, createPublicKey } from 'node:crypto';
import {
  AesGcmError,
  aesGcmDecrypt,
  aesGcmEncrypt,
  notificationMessage,
  parseAuthorization,
  requestMessage,
  rfc3339Gmt8,
  rsaSign,
  rsaVerify,
} from './crypto';

// PROTOCOLS §2 gives no AES-GCM or RSA vector, so these were made outside Node: the signature with
// `openssl dgst -sha256 -sign` (PKCS#1 v1.5 is deterministic) over a 1024-bit key made by `openssl genpkey`, the
// ciphertexts with Python's `cryptography` AESGCM (ciphertext ‖ 16-byte tag, Base64).
const PRIVATE_PEM = [
  '-----BEGIN PRIVATE KEY-----',
  'MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAJ5+NR0oOl5dEh98',
  'KtVY6unR0GwviiUfBztyVfiLxOwCEfnpOVDz9za1dAKy3WGMqFaxh1ynrOFkJ1vQ',
  'DNbGDLqJZaXavURCumbQ2EEtYklpKj5wgAaSV7T+kmrJ0AdLDBfLdyMV8WGyPz4G',
  'y1sRoTyC486ipwahj+ewi7f/tHH9AgMBAAECgYA7kcP0yYHmpaSCIPEYbuscJrfn',
  'cZbCjP7y4O5fFGlXKxAGlhnsy0VHUrvfp8p9N5itvNvbf0oDDNmeMHwi3R07B6c6',
  'GcHaUyMxRRV7USV+XH+rTaSqDeg57Ihpj++i5sP7TK4Ntv4O9P4N5UhZ0Khf7jA2',
  'RRm0DaWLXxDNugSdAQJBAM1WaqFhIK/H66hDxx8vndBdXdLIxd2R8l0zmJKZ1fgx',
  '01BbUoJvlWhPLm8sCV3elDfgDI2uDyis2DUsb0jLykUCQQDFmPuGjzritT3Lo1r5',
  'UgVJ1YbD9lyy620b5nLYlN0y2pQgN+R6cQY1WV/Km5ZJEGQL/XnbmoDVKPlRV1Xn',
  'sKBZAkB2DdwKYlw3k9pyCF3AGVFDTZq2qEXSSKmuWg67IoT5SDQ0u/xpD5w3t2Z7',
  '9jaAaIqQwViWUF9YxF8d2yk0Ei59AkEAn1rJ9nHKZo0OAg2Cz7EjDLGEVsN3bN/K',
  'hYarNhmP7nQyo20P+OLvw9SJGUeywsfSN407WixXHBFISB4r7IcYOQJAM8cvmRLd',
  'OpiS3tcAvuLsh6koLKUuCu3w+n92qG3yVNAT7TRV0UJhja56A4KGsji/sFi29UXl',
  'qdaP2IhBFD+1Yg==',
  '-----END PRIVATE KEY-----',
].join('\n');
const PUBLIC_PEM = createPublicKey(createPrivateKey(PRIVATE_PEM))
  .export({ type: 'spki', format: 'pem' })
  .toString();
const BODY = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}';
const OPENSSL_SIGNATURE =
  'P7J71+Omr8GxxBzqRXe/qlPUYsJ/fgnSgMvqzSNBpWfqNihHmQqnPYJvRaAo4CMV7jzbiiG4yO7KpV4GN2GLyUJkxdRjOsNQO2zeB/xKfC3n' +
  'ksQcPmM7nEA448LrGH80QCDWMNMwm4MKstTD10pJdVk7+7IAqQlA8QqEUmAbTq8=';

const KEY = '0123456789abcdefghijKLMNOPQRSTUV';
const NONCE = 'a1B2c3D4e5F6';
const PLAINTEXT =
  '{"out_trade_no":"TD202405200001","trade_state":"SUCCESS","amount":{"total":5900,"payer_total":5900,' +
  '"currency":"CNY"},"payer":{"openid":"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},"success_time":"2024-05-20T13:29:35+08:00"}';
const PYTHON_CIPHERTEXT =
  'LOE10x9So5LL80nUiglKZr8pzsfqEEllKyhiSpMmniiZ+t4lsQN02pgcda+yuSquY/0VqZdbMhKK9qFbiZpOpGBZGkAQG1Vl+0B6xEM2hKMCNpG' +
  'TzG4Rp96Ew6AkSr4JCM4aWQPNFhr/sX9LR+C+dEeZOdOx0iEjshLManPWUtkZ7D+dsWOJEqo5d42HB0sLM5aR5s5mznVcRW7Ru1b/aolHdELxbG' +
  'zjOyk9na7kRrgNi1um3Tvf8AL84ZryQIIAC7rMP6lyRzWJ309QAY0NeYvmsW0T2b/0uiqXMv4IQ3U0zQ==';

describe('WeChat Pay v3 signatures (PROTOCOLS §2.2)', () => {
  const message = notificationMessage('1700000000', 'f8Kq2mZ7Lr4Xw9Bc', BODY);

  it('builds timestamp\\nnonce\\nbody\\n, the last line ending in a newline too', () => {
    expect(message).toBe(`1700000000\nf8Kq2mZ7Lr4Xw9Bc\n${BODY}\n`);
    expect(notificationMessage('1', 'n', '')).toBe('1\nn\n\n');
  });

  it('builds METHOD\\nURL\\ntimestamp\\nnonce\\nbody\\n for merchant requests', () => {
    expect(requestMessage('GET', '/v3/certificates', '1554208460', 'abc', '')).toBe(
      'GET\n/v3/certificates\n1554208460\nabc\n\n',
    );
  });

  it('signs exactly as openssl does (SHA256withRSA, PKCS#1 v1.5)', () => {
    expect(rsaSign(PRIVATE_PEM, message)).toBe(OPENSSL_SIGNATURE);
  });

  it('verifies the openssl signature and refuses any other bytes or garbage', () => {
    expect(rsaVerify(PUBLIC_PEM, message, OPENSSL_SIGNATURE)).toBe(true);
    expect(rsaVerify(PUBLIC_PEM, message.replace('1700000000', '1700000001'), OPENSSL_SIGNATURE)).toBe(false);
    expect(rsaVerify(PUBLIC_PEM, `${message} `, OPENSSL_SIGNATURE)).toBe(false);
    expect(rsaVerify(PUBLIC_PEM, message, 'not base64 at all')).toBe(false);
    expect(rsaVerify('not a key', message, OPENSSL_SIGNATURE)).toBe(false);
  });
});

describe('WeChat Pay resource encryption AEAD_AES_256_GCM (PROTOCOLS §2.3)', () => {
  it('encrypts to exactly the Python ciphertext (tag appended)', () => {
    expect(aesGcmEncrypt(KEY, NONCE, 'transaction', PLAINTEXT)).toBe(PYTHON_CIPHERTEXT);
  });

  it('decrypts the Python ciphertext', () => {
    expect(aesGcmDecrypt(KEY, NONCE, 'transaction', PYTHON_CIPHERTEXT)).toBe(PLAINTEXT);
  });

  it('an empty plaintext with empty associated data is the bare 16-byte tag', () => {
    expect(aesGcmEncrypt(KEY, NONCE, '', '')).toBe('lg6FE4Xk/fuC00AhcAX9kw==');
  });

  it('refuses a wrong associated data, key or a flipped byte', () => {
    expect(() => aesGcmDecrypt(KEY, NONCE, '', PYTHON_CIPHERTEXT)).toThrow(AesGcmError);
    expect(() => aesGcmDecrypt(KEY.replace('0', '1'), NONCE, 'transaction', PYTHON_CIPHERTEXT)).toThrow(
      AesGcmError,
    );
    const flipped = Buffer.from(PYTHON_CIPHERTEXT, 'base64');
    flipped[3] ^= 1;
    expect(() => aesGcmDecrypt(KEY, NONCE, 'transaction', flipped.toString('base64'))).toThrow(AesGcmError);
  });

  it('insists on a 32-byte APIv3 key', () => {
    expect(() => aesGcmEncrypt(KEY.slice(1), NONCE, '', 'x')).toThrow(AesGcmError);
  });
});

describe('Authorization header and times', () => {
  it('reads the fields in any order, quoted or not', () => {
    const header =
      'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",' +
      'signature="c2ln",timestamp="1554208460",serial_no=1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';
    expect(parseAuthorization(header)).toEqual({
      mchid: '1900009191',
      nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242',
      signature: 'c2ln',
      timestamp: '1554208460',
      serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    });
  });

  it('refuses another schema or a missing field', () => {
    expect(parseAuthorization('Bearer x')).toBeNull();
    expect(parseAuthorization('WECHATPAY2-SHA256-RSA2048 mchid="1",nonce_str="n",timestamp="1"')).toBeNull();
    expect(parseAuthorization(undefined)).toBeNull();
  });

  it('writes RFC 3339 in China time', () => {
    expect(rfc3339Gmt8(Date.UTC(2015, 4, 20, 5, 29, 35))).toBe('2015-05-20T13:29:35+08:00');
  });
});
