import { ValidationFailedError } from '@tongdao/kernel';
import { XmlFields } from './wechat-xml';

/** A push reduced to what Tongdao uses; `fields` keeps everything as received. */
export interface InboundPush {
  toUser: string;
  openid: string;
  sentAt: Date;
  msgType: string;
  event: string | null;
  eventKey: string | null;
  content: string | null;
  dedupKey: string;
  /** The QR scene: `qrscene_<scene>` on subscribe, the bare EventKey on SCAN. */
  scene: string | null;
  fields: XmlFields;
}

const MAX_FIELD = 4000;

/** Reads the §1.2 fields every push shares; refuses a document that lacks them (400 malformed_message). */
export function readPush(fields: XmlFields): InboundPush {
  const missing = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'].filter((name) => !fields[name]);
  const createTime = fields.CreateTime ?? '';
  if (!/^\d{1,13}$/.test(createTime) && !missing.includes('CreateTime')) missing.push('CreateTime');
  const openid = fields.FromUserName ?? '';
  if (openid.length > 64 && !missing.includes('FromUserName')) missing.push('FromUserName');
  if (missing.length > 0)
    throw new ValidationFailedError(
      'malformed_message',
      'The push lacks required WeChat fields',
      missing.map((field) => ({ field, problem: 'required §1.2 field' })),
    );
  // Some SDKs send milliseconds (PROTOCOLS §1.3); 13 digits are read as such.
  const sentAt = new Date(createTime.length >= 13 ? Number(createTime) : Number(createTime) * 1000);
  const msgType = fields.MsgType.slice(0, 32);
  const event = msgType === 'event' ? (fields.Event ?? '').slice(0, 32) || null : null;
  const eventKey = fields.EventKey ? fields.EventKey.slice(0, 255) : null;
  return {
    toUser: fields.ToUserName,
    openid,
    sentAt,
    msgType,
    event,
    eventKey,
    content: msgType === 'text' ? (fields.Content ?? '').slice(0, MAX_FIELD) : null,
    dedupKey: dedupKeyOf(fields, event),
    scene: sceneOf(event, eventKey),
    fields,
  };
}

/**
 * §1.4: messages dedupe by MsgId, events by FromUserName + CreateTime. The event name joins the key: a user
 * who follows and taps a menu within one second sends two different events with the same CreateTime (a
 * retry is byte-identical, so it still matches). A TEMPLATESENDJOBFINISH carries its own MsgID, used instead.
 */
function dedupKeyOf(fields: XmlFields, event: string | null): string {
  if (event === 'TEMPLATESENDJOBFINISH' && fields.MsgID) return `tpl:${fields.MsgID}`.slice(0, 100);
  if (!event && fields.MsgId) return `msg:${fields.MsgId}`.slice(0, 100);
  return `evt:${fields.FromUserName}:${fields.CreateTime}:${event ?? fields.MsgType}`.slice(0, 100);
}

function sceneOf(event: string | null, eventKey: string | null): string | null {
  if (!eventKey) return null;
  if (event === 'subscribe')
    return eventKey.startsWith('qrscene_') ? eventKey.slice('qrscene_'.length).slice(0, 64) || null : null;
  if (event === 'SCAN') return eventKey.slice(0, 64);
  return null;
}
