import { OfficialAccount } from '../state/model';
import { XmlFields } from '../wire/xml';

/** What a follower (or the platform) does that ends up as a push to the merchant (PROTOCOLS §1.2). */
export type PushEvent =
  | { kind: 'text'; content: string }
  | { kind: 'subscribe'; scene?: string; ticket?: string }
  | { kind: 'unsubscribe' }
  | { kind: 'SCAN'; scene: string; ticket: string }
  | { kind: 'CLICK'; key: string }
  | { kind: 'VIEW'; url: string; menuId?: string }
  | { kind: 'TEMPLATESENDJOBFINISH'; msgId: string; status: string };

export interface PushMessage {
  fields: XmlFields;
  /** MsgId for messages, FromUserName + CreateTime for events: what §1.4 says to dedupe on. */
  messageKey: string;
}

/** `msgId` is only used for user messages; events carry none. */
export function buildPush(
  account: OfficialAccount,
  openid: string,
  createTime: number,
  event: PushEvent,
  msgId: string,
): PushMessage {
  const head: XmlFields = { ToUserName: account.originalId, FromUserName: openid, CreateTime: createTime };
  if (event.kind === 'text') {
    return {
      fields: { ...head, MsgType: 'text', Content: event.content, MsgId: BigInt(msgId) },
      messageKey: msgId,
    };
  }
  const fields: XmlFields = { ...head, MsgType: 'event', Event: event.kind, ...eventFields(event) };
  return { fields, messageKey: `${openid}:${createTime}` };
}

function eventFields(event: Exclude<PushEvent, { kind: 'text' }>): XmlFields {
  switch (event.kind) {
    case 'subscribe':
      // Only a subscription through a parametric QR code carries EventKey/Ticket, with the qrscene_ prefix.
      return event.scene !== undefined && event.ticket !== undefined
        ? { EventKey: `qrscene_${event.scene}`, Ticket: event.ticket }
        : {};
    case 'unsubscribe':
      return {};
    case 'SCAN':
      return { EventKey: event.scene, Ticket: event.ticket };
    case 'CLICK':
      return { EventKey: event.key };
    case 'VIEW':
      return event.menuId !== undefined
        ? { EventKey: event.url, MenuId: BigInt(event.menuId) }
        : { EventKey: event.url };
    case 'TEMPLATESENDJOBFINISH':
      return { MsgID: BigInt(event.msgId), Status: event.status };
  }
}
