import { OfficialAccount } from '../state/model';
import { encryptMessage } from '../wire/crypto';
import { wechatSignature } from '../wire/signature';
import { buildXml, XmlFields } from '../wire/xml';

export interface Envelope {
  url: string;
  body: string;
  plaintext: string;
}

export interface Stamp {
  timestamp: string;
  nonce: string;
  /** The 16-byte prefix inside the encrypted text. */
  random: Buffer;
}

/**
 * The signed request for one push (§1.1, §1.5): the query always carries signature/timestamp/nonce/openid; safe
 * and compatible modes add encrypt_type=aes and msg_signature, and the body gains `<Encrypt>` (safe mode: only
 * that and ToUserName).
 */
export function envelope(
  account: OfficialAccount,
  fields: XmlFields,
  openid: string,
  stamp: Stamp,
): Envelope {
  const plaintext = buildXml(fields);
  const url = new URL(account.callbackUrl ?? '');
  const query = url.searchParams;
  query.set('signature', wechatSignature(account.token, stamp.timestamp, stamp.nonce));
  query.set('timestamp', stamp.timestamp);
  query.set('nonce', stamp.nonce);
  query.set('openid', openid);
  if (account.mode === 'plain') return { url: url.toString(), body: plaintext, plaintext };
  const encrypted = encryptMessage(account.encodingAESKey, account.appId, plaintext, stamp.random);
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', wechatSignature(account.token, stamp.timestamp, stamp.nonce, encrypted));
  const outer: XmlFields =
    account.mode === 'safe'
      ? { ToUserName: account.originalId, Encrypt: encrypted }
      : { ...fields, Encrypt: encrypted };
  return { url: url.toString(), body: buildXml(outer), plaintext };
}

/** The GET URL check (§1.1): always the plain signature, even in safe mode. */
export function verificationUrl(callbackUrl: string, token: string, stamp: Stamp, echostr: string): string {
  const url = new URL(callbackUrl);
  url.searchParams.set('signature', wechatSignature(token, stamp.timestamp, stamp.nonce));
  url.searchParams.set('echostr', echostr);
  url.searchParams.set('timestamp', stamp.timestamp);
  url.searchParams.set('nonce', stamp.nonce);
  return url.toString();
}
