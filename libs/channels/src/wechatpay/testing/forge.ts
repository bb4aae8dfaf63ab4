import { createCipheriv, createSign, randomBytes } from 'node:crypto';

/** Test-only: plays WeChat Pay's part (encrypt a resource, sign an answer) so specs can build exact inputs. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
  nonce = randomBytes(6).toString('hex'),
): { algorithm: string; ciphertext: string; nonce: string; associated_data: string } {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: data.toString('base64'),
    nonce,
    associated_data: associatedData,
  };
}

export function platformHeaders(
  body: string,
  privateKeyPem: string,
  serial: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(privateKeyPem, 'base64');
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonce,
    'wechatpay-signature': signature,
    'wechatpay-serial': serial,
  };
}

export function notificationBody(
  eventType: string,
  originalType: string,
  plain: object,
  apiV3Key: string,
): string {
  return JSON.stringify({
    id: `EV-${randomBytes(8).toString('hex')}`,
    create_time: '2026-11-23T20:00:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary: '支付成功',
    resource: {
      original_type: originalType,
      ...encryptResource(JSON.stringify(plain), apiV3Key, originalType),
    },
  });
}
