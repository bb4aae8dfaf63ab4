/**
 * Fixed vectors for the WeChat Pay unit specs, made outside Node so that a bug in our code cannot produce them:
 * the RSA key pair and signatures with the openssl CLI (`openssl genpkey`, `openssl dgst -sha256 -sign`), the
 * AES-256-GCM ciphertext with Python `cryptography` (AESGCM.encrypt, tag appended). The key is a throwaway made
 * for these tests only; it signs nothing real.
 */
export const VECTOR_PRIVATE_KEY = `
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC0MTXTPXTJbh+8
HQmSOaLOn6KnVT+2h9J14QdFhuAh9pRJnZN3cDuiBzh4OpZDlgTgo7w9cbMOzg+R
2aAWQVNlyvx4TrNrbkrWLYlloe8POJygBAjk1lfB8U/eTY122J7BwPU46mdR5FqY
Iil+Kij+G+G9C75Y2C2p+IV9zfCdULw9SAXw+UZNgh/vs5BsOEIE13bXOi7kMKI7
zJMxnjN+ylBgBdVV01i8KvnrFJ/ZLmKy2ORdcw2mFXjgMZPuyt6HeUboqCGj+KEH
ghx+rDyxsApUsu1DtTw85XnuIBVyFwsfW0pA8M158fYYlwb0RXyx9xGemWDuJLlH
m1+siqBBAgMBAAECggEAH+DJ2zR25hDhs+O2NwST0TasLarXAfmO6fRU1z/IhLGt
I8XpGhsErcJVwu1oeo3+kGhfK8ai7SZW2lB0MiO995b86eLQepvRSQlW0qBenOSA
zw1Prn5eGa1RmixBr+ocUf5LU9WiUDpULbBzg0K9rFDt84Yxl2GtWHHjWfGWVRow
gWLoqFHaiKu9hliSq7qI93BvyIYzir4QIXCPF9BRO8OaKAc+edj+FRmb9oQjo2+u
87TkycLS+yOYeJijUWhqVL5u45Hx2+HSJPGP4Tm9df6ui6nTQxLm7u+8Rpaln1qU
JgLuQ8GBHfu3Bn94BGY1mIB2wQfun+59WQYmsoS8zQKBgQDk3PhiBKqprqpilhen
XW+KfECFktHkq9jTed0hTRUqAwC3CXqZ6XDrEsB2TOKwPj/qMSQf6eYX5k8a4Rnb
cXt0Mp02HvETFc5OJBaGZ/J294Sr/4KzTAqk6eMmEj3Vf5dJGquZx2vAyZuHIOY8
xu+Ijqb/Ju1B1lZ2AaabQ6pV1QKBgQDJjtuBKgw7Vfp+n+dePBT7bgpo8lvYr7oM
q2jd+3H3z/LeOuKt9JL2KGHikHbxfGB6L+oc0Tjf0xfVhv9j93ITVrEjqSJiIxte
nMsJPucnTHZUMiwo7Io9BV9Von0f6jFL/8s48OOJrveEa0MyHwXhh+yRowcU7DTX
AngJ13s6vQKBgQChG+kCX1SgpKOvSQeXuw/FRljJbySwvESkAnqncbL/YyPCtjqH
VK033nh8Dv3ZociunS9YA/kFRAzV2Dayoz2L/AFt0vRUQhp8Ka1tqokmNHJB/lnM
zDAGDdvothivTeV7AfphA+CX05TX2FIb4NNIp1tp7MZCfZdZ9SmKzWSAjQKBgDiI
l0zdTF0AOqh1lWG7HG+BZ+4TvGtErryK/3jz4/2MGCT5A0ejh+z/WqU/u/zz0+Ox
uMqobHlrLg44NT4G07pU4I6ODBTWoACjnddUC2XcbnwjLnu0DPocnabZUps3Bui4
MHoiJtAhgU9k/o36YZ3mkBYxUfUuY4vDJ4QrKmdJAoGAHlq6ARsTVQKBbZWNb5U2
4X1bb5p99lMXVI4w4CLoEYpXBVHXwPlBrk84PJHtf/8PRz6f4zBIjacLEp/y4rgg
l/SnEQ0dBO7mBGZy95PiPiAOkfI5TWFN6TfsmNDRKGwfWoBvCaAQHnWp69heXksl
dI/sUcHe3jeX9rhcdnJY7Uk=
-----END PRIVATE KEY-----
`.trim();

export const VECTOR_PUBLIC_KEY = `
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtDE10z10yW4fvB0Jkjmi
zp+ip1U/tofSdeEHRYbgIfaUSZ2Td3A7ogc4eDqWQ5YE4KO8PXGzDs4PkdmgFkFT
Zcr8eE6za25K1i2JZaHvDzicoAQI5NZXwfFP3k2NdtiewcD1OOpnUeRamCIpfioo
/hvhvQu+WNgtqfiFfc3wnVC8PUgF8PlGTYIf77OQbDhCBNd21zou5DCiO8yTMZ4z
fspQYAXVVdNYvCr56xSf2S5istjkXXMNphV44DGT7sreh3lG6Kgho/ihB4Icfqw8
sbAKVLLtQ7U8POV57iAVchcLH1tKQPDNefH2GJcG9EV8sfcRnplg7iS5R5tfrIqg
QQIDAQAB
-----END PUBLIC KEY-----
`.trim();

/** SHA256withRSA over `1700000000\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\n{"code":"SUCCESS","message":"成功"}\n`. */
export const RESPONSE_VECTOR = {
  timestamp: '1700000000',
  nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
  body: '{"code":"SUCCESS","message":"成功"}',
  signature:
    'gCHtZB/az9Kol0wzbjnWzy5OyTvVNlJQD50zRH2E3eXBN3m2m5dAxUiNd3sESDqp4nGSx5f+vd4IqhBdo/lRaL1tZgluVzcmBp7Slp5x4+UxSfecJm+HbxcWhdXFe3bCt+xLZjtpMlseGRum0x/7+MKHYw53EfR6D/HrW/1wpVrH5yzl8ovUZEaZp3+FskIGeDYHSQhIisaN17TRxc7zlTwnKfRryfrvtd1CXvtAcpbPCN+npCVtj+hT03yMqaBvNZbVQzkiXKLIzcpHy57Be68nfJwZWpm1SVwkFhHwWsEbTMOBoUoNkCc40Xvg4ZFkGjLDEVfqR3vOUCfq9MbMXQ==',
};

/** SHA256withRSA over the five-line request message (§2.2). */
export const REQUEST_VECTOR = {
  method: 'POST',
  path: '/v3/pay/transactions/jsapi',
  timestamp: 1554208460,
  nonce: '593BEC0C930BF1AFEB40B4A08C8FB242',
  body: '{"appid":"wxd678efh567hg6787","mchid":"1230000109"}',
  signature:
    'fnlnRyDIXmmBQQC8a+1LVOXPlEaxSDiSVNE1HSogzelYK/bYL+Xcrlcl2YZfhjZ3+urDAf1lGlrm8erARL3qpuidyV1iF4HINl9HidDVxKWXs26ByTYFfOrkOzu4GYre9P13E5FIkqLlBwcyhvzf+YVX1R7KZam0TMUTZNwlfV2IfZDGT8MCSwGCAgVu12OylCWwT0bHsiIzp5gwdxZ0R26p71vqhKewmgdOKP1gQbSxEWbDJtChhwASUlZVEukPNpQWTmHZODVRLBq+ND+A6bo+3qKPjo1JCPd5h/B8JpmH7Ob71pf5M3xP4/J3DLcO3jrMIe8eWD3YQCy69Gx8ag==',
};

/** AES-256-GCM, AAD `transaction`. */
export const RESOURCE_VECTOR = {
  apiV3Key: 'TongdaoApiV3KeyForUnitVectors032',
  resource: {
    algorithm: 'AEAD_AES_256_GCM',
    original_type: 'transaction',
    associated_data: 'transaction',
    nonce: 'Xq3nB7pT2vLw',
    ciphertext:
      'QUFLijCX1iaM33T3UJ1r0D8AixLNYgpJpt8ZwtEfw1FZU8H7809jSK8RPpH50z3KWEDVhT2JeYytpF7xUL+i+UXBvrptvdv/nPG7BC5+4JKum1kpgFyGJ203qZq9qR8y8QaJnfWcapi14qZAplbKBDd9jcPLWNpydmjd0U8ZY6ZISpQTs4SwsdLucJrQReaQkwX5u2UUVnRwhE6MNaEnrTg6SR9oTWxlr8bBI8V7JprarTZzt9xFFRo9D9ya2Melxnk3ekaupNaAwx5kVs9BdW2ruGZdcCxoNYHLUiYyXh73SxFjB6mnePUQVndr30uT2Lg2hS0c+gnDcHKTMWbgXY189uBhdrgjN7EV9Xk+0Ud2qs7a3reS4gbtuRbcpMJFLJgSmTmLtg55',
  },
  plaintext:
    '{"out_trade_no":"TD-VEC-0001","transaction_id":"4200000000000000000000000001","trade_state":"SUCCESS","amount":{"total":5900,"payer_total":5900,"currency":"CNY"},"payer":{"openid":"oVec"},"success_time":"2026-11-23T20:00:00+08:00","mchid":"1900000001","appid":"wx0000000000vector"}',
};
