import { randomInt } from 'node:crypto';
import { ForbiddenError, ValidationFailedError } from '@tongdao/kernel';
import { WechatCryptoError, signaturesMatch, wechatSignature } from '../wechat-crypto';
import { CallbackAccount } from './callback-accounts';
import { encryptedReplyXml, parseWechatXml, XmlFields } from './wechat-xml';

/** The query WeChat puts on every callback (PROTOCOLS §1.1, §1.5). */
export interface CallbackQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  openid?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function callbackQuery(raw: Record<string, unknown>): CallbackQuery {
  return {
    signature: text(raw.signature),
    timestamp: text(raw.timestamp),
    nonce: text(raw.nonce),
    echostr: text(raw.echostr),
    openid: text(raw.openid),
    encrypt_type: text(raw.encrypt_type),
    msg_signature: text(raw.msg_signature),
  };
}

/** §1.1: sha1(sort(token, timestamp, nonce)); checked on the GET and on every POST, before the body is read. */
export function assertSignature(account: CallbackAccount, query: CallbackQuery): void {
  const { timestamp, nonce } = query;
  if (!timestamp || !nonce || timestamp.length > 20 || nonce.length > 40)
    throw new ForbiddenError('invalid_signature', 'timestamp and nonce are required');
  const expected = wechatSignature(account.credentials.token, timestamp, nonce);
  if (!signaturesMatch(expected, query.signature))
    throw new ForbiddenError('invalid_signature', 'The WeChat signature does not match');
}

export interface OpenedPush {
  fields: XmlFields;
  encrypted: boolean;
}

/**
 * The push's fields. Safe/compatible mode (`encrypt_type=aes`): msg_signature over the ciphertext is checked
 * first, then the ciphertext is decrypted and its appId compared; only then is the message itself parsed.
 */
export function openPush(account: CallbackAccount, query: CallbackQuery, body: string): OpenedPush {
  if (query.encrypt_type !== 'aes') {
    const fields = parseWechatXml(body);
    if (!fields) throw malformed();
    return { fields, encrypted: false };
  }
  if (!account.cipher)
    throw new ValidationFailedError(
      'not_encrypted',
      'This account has no EncodingAESKey for encrypted pushes',
    );
  const envelope = parseWechatXml(body);
  const encrypt = envelope?.Encrypt;
  if (!encrypt) throw malformed();
  const expected = wechatSignature(
    account.credentials.token,
    query.timestamp ?? '',
    query.nonce ?? '',
    encrypt,
  );
  if (!signaturesMatch(expected, query.msg_signature))
    throw new ForbiddenError('invalid_msg_signature', 'The WeChat msg_signature does not match');
  let xml: string;
  try {
    xml = account.cipher.decrypt(encrypt);
  } catch (error) {
    if (error instanceof WechatCryptoError)
      throw new ValidationFailedError(
        'undecryptable_message',
        `The encrypted push was refused: ${error.message}`,
      );
    throw error;
  }
  const fields = parseWechatXml(xml);
  if (!fields) throw malformed();
  return { fields, encrypted: true };
}

/** §1.5 encrypted reply: fresh timestamp and nonce, MsgSignature over them and the ciphertext. */
export function sealReply(account: CallbackAccount, xml: string, now: Date): string {
  if (!account.cipher) return xml;
  const encrypt = account.cipher.encrypt(xml);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = String(randomInt(100_000_000, 999_999_999));
  const signature = wechatSignature(account.credentials.token, timestamp, nonce, encrypt);
  return encryptedReplyXml(encrypt, signature, timestamp, nonce);
}

function malformed(): ValidationFailedError {
  return new ValidationFailedError('malformed_message', 'The push body is not WeChat XML', [
    { field: '(body)', problem: 'an <xml> document' },
  ]);
}
