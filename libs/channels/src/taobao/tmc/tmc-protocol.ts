import { isObject, parseTopJson } from '../top-client';
import { topSignature } from '../top-signature';
import {
  fieldInt,
  fieldText,
  fieldValue,
  KIND_FIELD,
  TMC_PROTOCOL_VERSION,
  TmcFrame,
  TmcFrameType,
  TmcKind,
  tmcValue,
} from './tmc-codec';

/** The consumer side of §3.11: the frames a client sends, and what it reads out of the server's. */

export const TMC_DEFAULT_GROUP = 'default';
const SDK = 'tongdao-tmc/1';

/** One message as delivered. 64-bit ids are decimal strings. */
export interface TmcDelivery {
  id: string;
  topic: string;
  /** JSON text; its ids are bare 64-bit numbers. */
  content: string;
  publishedAt: Date | null;
  sellerId: string | null;
  sellerNick: string | null;
  /** The tid of a trade message, the refund id of a refund message. */
  dataId: string | null;
  /** How many times the platform delivered it before. */
  retried: number;
}

export type TmcRoute = { action: 'ingest_trade'; tid: string } | { action: 'ignore'; reason: string };

/** CONNECT: the sign is TOP's md5 rule over exactly app_key, group_name and timestamp (ms). */
export function connectFrame(appKey: string, appSecret: string, group: string, now: Date): TmcFrame {
  const signed = { app_key: appKey, group_name: group, timestamp: String(now.getTime()) };
  return {
    version: TMC_PROTOCOL_VERSION,
    type: TmcFrameType.Connect,
    fields: [
      ...Object.entries(signed).map(([name, value]) => ({ name, value: tmcValue.string(value) })),
      { name: 'sign', value: tmcValue.string(topSignature(signed, appSecret, 'md5')) },
      { name: 'sdk', value: tmcValue.string(SDK) },
    ],
  };
}

export function pullFrame(token: string): TmcFrame {
  return send(TmcFrameType.Send, token, TmcKind.PullRequest, []);
}

export function confirmFrame(token: string, id: string): TmcFrame {
  return send(TmcFrameType.Send, token, TmcKind.Confirm, [{ name: 'id', value: tmcValue.int64(id) }]);
}

/** Asks the platform to deliver the message again (it was not handled). */
export function failedFrame(token: string, id: string, reason: string): TmcFrame {
  return send(TmcFrameType.SendAck, token, TmcKind.Failed, [
    { name: 'id', value: tmcValue.int64(id) },
    { name: 'msg', value: tmcValue.string(reason.slice(0, 200) || 'failed') },
  ]);
}

function send(type: number, token: string, kind: number, fields: TmcFrame['fields']): TmcFrame {
  return {
    version: TMC_PROTOCOL_VERSION,
    type,
    token,
    fields: [{ name: KIND_FIELD, value: tmcValue.byte(kind) }, ...fields],
  };
}

/** A data message out of a server SEND, or null for anything else. */
export function deliveryOf(frame: TmcFrame): TmcDelivery | null {
  if (frame.type !== TmcFrameType.Send) return null;
  const kind = fieldInt(frame, KIND_FIELD);
  const id = fieldText(frame, 'id');
  const topic = fieldText(frame, 'topic');
  if ((kind !== null && kind !== TmcKind.Data) || !id || !/^-?\d+$/.test(id) || !topic) return null;
  const time = fieldValue(frame, 'time');
  return {
    id,
    topic,
    content: fieldText(frame, 'content') ?? '',
    publishedAt: time?.type === 'date' ? time.value : null,
    sellerId: fieldText(frame, 'userid'),
    sellerNick: fieldText(frame, 'nick'),
    dataId: fieldText(frame, 'dataid'),
    retried: fieldInt(frame, 'retried') ?? 0,
  };
}

const TID = /^\d{1,20}$/;

/**
 * What a message asks of us. Trade topics name their trade; refund topics too (refund status lives on the
 * trade's orders), and their dataid is the refund's id, so only the content's tid counts. Other topics
 * (items …) are not ours to handle yet.
 */
export function routeOf(delivery: TmcDelivery): TmcRoute {
  const trade = delivery.topic.startsWith('taobao_trade_');
  if (!trade && !delivery.topic.startsWith('taobao_refund_')) {
    return { action: 'ignore', reason: 'topic not consumed' };
  }
  const tid = tidOf(delivery.content) ?? (trade ? delivery.dataId : null);
  if (!tid || !TID.test(tid)) return { action: 'ignore', reason: 'no tid in the message' };
  return { action: 'ingest_trade', tid };
}

function tidOf(content: string): string | null {
  let parsed: unknown;
  try {
    parsed = parseTopJson(content);
  } catch {
    return null;
  }
  const tid = isObject(parsed) ? parsed.tid : undefined;
  // Big-number-safe parsing hands back wide ids as strings and narrow ones as (exact) integers.
  if (typeof tid === 'string') return tid;
  if (typeof tid === 'number' && Number.isSafeInteger(tid)) return String(tid);
  return null;
}
