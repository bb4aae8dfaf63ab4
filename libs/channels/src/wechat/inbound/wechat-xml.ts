import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The flat `<xml>` document of a push: every leaf as text (nested elements are ignored). */
export type XmlFields = Record<string, string>;

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  // WeChat never sends a DTD; refusing one below also rules out entity expansion tricks.
  processEntities: true,
});

/** Parses a push body; undefined for anything that is not well-formed XML with an `<xml>` root of leaves. */
export function parseWechatXml(body: string): XmlFields | undefined {
  const text = body.trim();
  if (!text.startsWith('<') || /<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const fields: XmlFields = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

function cdata(text: string): string {
  // A CDATA section cannot contain its own terminator, so `]]>` is split across two sections.
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** The §1.3 text reply, To/From swapped relative to the push it answers. */
export function textReplyXml(toOpenid: string, fromOriginalId: string, content: string, now: Date): string {
  return (
    `<xml><ToUserName>${cdata(toOpenid)}</ToUserName><FromUserName>${cdata(fromOriginalId)}</FromUserName>` +
    `<CreateTime>${Math.floor(now.getTime() / 1000)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(content)}</Content></xml>`
  );
}

/** The §1.5 encrypted envelope of a reply. */
export function encryptedReplyXml(
  encrypt: string,
  signature: string,
  timestamp: string,
  nonce: string,
): string {
  return (
    `<xml><Encrypt>${cdata(encrypt)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
