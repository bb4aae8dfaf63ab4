import { OfficialAccount, PassiveReply } from '../state/model';
import { decryptMessage, WechatCryptoError } from '../wire/crypto';
import { signatureMatches, wechatSignature } from '../wire/signature';
import { parseXml, textOf, XmlNode } from '../wire/xml';

export const USER_NOTICE = '该公众号暂时无法提供服务，请稍后再试';

type Root = Record<string, XmlNode | XmlNode[]>;

/** The part of each reply type that must be there (§1.3). */
const REQUIRED: Record<string, (root: Root) => boolean> = {
  text: (root) => textOf(root, 'Content') !== undefined,
  image: (root) => hasChild(root, 'Image', 'MediaId'),
  voice: (root) => hasChild(root, 'Voice', 'MediaId'),
  video: (root) => hasChild(root, 'Video', 'MediaId'),
  music: (root) => hasChild(root, 'Music', 'ThumbMediaId'),
  news: (root) => /^[1-8]$/.test(textOf(root, 'ArticleCount') ?? '') && typeof root.Articles === 'object',
  transfer_customer_service: () => true,
};

function hasChild(root: Root, name: string, child: string): boolean {
  const node = root[name];
  return typeof node === 'object' && !Array.isArray(node) && typeof node[child] === 'string';
}

function invalid(raw: string, problem: string, extra: Partial<PassiveReply> = {}): PassiveReply {
  return { kind: 'invalid', raw, problem, userNotice: USER_NOTICE, ...extra };
}

/**
 * What WeChat makes of the HTTP 2xx body of a push (§1.3, §1.5, §1.10): `success` or nothing is an acknowledgement;
 * otherwise a reply message, encrypted in safe mode (optionally in compatible mode), whose MsgSignature is checked
 * with the TimeStamp and Nonce it carries. Anything else shows the user the "cannot serve" notice.
 */
export function interpretReply(account: OfficialAccount, openid: string, raw: string): PassiveReply {
  const text = raw.trim();
  if (text === '' || text === 'success') return { kind: 'ack', raw };
  const root = parseXml(text);
  if (!root) return invalid(raw, 'not XML with an <xml> root');
  const encrypt = textOf(root, 'Encrypt');
  if (encrypt === undefined) {
    if (account.mode === 'safe') return invalid(raw, 'safe mode needs an encrypted reply');
    return checkMessage(account, openid, raw, text, root, false);
  }
  if (account.mode === 'plain') return invalid(raw, 'encrypted reply in plain mode');
  const timestamp = textOf(root, 'TimeStamp') ?? '';
  const nonce = textOf(root, 'Nonce') ?? '';
  const expected = wechatSignature(account.token, timestamp, nonce, encrypt);
  const signatureValid = signatureMatches(expected, textOf(root, 'MsgSignature'));
  if (!signatureValid)
    return invalid(raw, 'MsgSignature does not match', { encrypted: true, signatureValid });
  try {
    const decrypted = decryptMessage(account.encodingAESKey, encrypt);
    if (decrypted.appId !== account.appId)
      return invalid(raw, `encrypted for appid ${decrypted.appId}`, { encrypted: true, signatureValid });
    const inner = parseXml(decrypted.message);
    if (!inner) return invalid(raw, 'decrypted reply is not XML', { encrypted: true, signatureValid });
    return checkMessage(account, openid, raw, decrypted.message, inner, true);
  } catch (error) {
    if (!(error instanceof WechatCryptoError)) throw error;
    return invalid(raw, `cannot decrypt: ${error.message}`, { encrypted: true, signatureValid });
  }
}

function checkMessage(
  account: OfficialAccount,
  openid: string,
  raw: string,
  plaintext: string,
  root: Root,
  encrypted: boolean,
): PassiveReply {
  const facts = { plaintext, message: root, encrypted, signatureValid: encrypted ? true : undefined };
  const msgType = textOf(root, 'MsgType') ?? '';
  const required = REQUIRED[msgType];
  if (!required) return invalid(raw, `unknown MsgType "${msgType}"`, facts);
  // To/From are swapped relative to the push: the reply goes to the user, from the account.
  if (textOf(root, 'ToUserName') !== openid) return invalid(raw, 'ToUserName is not the user', facts);
  if (textOf(root, 'FromUserName') !== account.originalId)
    return invalid(raw, 'FromUserName is not the account', facts);
  // Seconds per the spec; milliseconds are tolerated because a widely used SDK sends them (§1.3).
  if (!/^\d{10}$|^\d{13}$/.test(textOf(root, 'CreateTime') ?? ''))
    return invalid(raw, 'bad CreateTime', facts);
  if (!required(root)) return invalid(raw, `incomplete ${msgType} reply`, facts);
  return { kind: 'message', raw, ...facts };
}
