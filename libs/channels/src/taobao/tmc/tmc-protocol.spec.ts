import { createHash } from 'node:crypto';
import {
  decodeFrame,
  encodeFrame,
  fieldInt,
  fieldText,
  fieldValue,
  TmcFrameType,
  tmcValue,
} from './tmc-codec';
import {
  confirmFrame,
  connectFrame,
  deliveryOf,
  failedFrame,
  pullFrame,
  routeOf,
  TmcDelivery,
} from './tmc-protocol';

const wire = (frame: Parameters<typeof encodeFrame>[0]) => decodeFrame(encodeFrame(frame));

function delivery(topic: string, content: string, dataId: string | null = null): TmcDelivery {
  return {
    id: '1',
    topic,
    content,
    publishedAt: null,
    sellerId: null,
    sellerNick: null,
    dataId,
    retried: 0,
  };
}

describe('TMC client frames', () => {
  it('signs CONNECT as md5(secret + app_key… + group_name… + timestamp… + secret), upper hex', () => {
    const now = new Date(1_700_000_000_000);
    const frame = wire(connectFrame('12345678', 's3cret', 'default', now));
    expect(frame.type).toBe(TmcFrameType.Connect);
    expect(fieldText(frame, 'app_key')).toBe('12345678');
    expect(fieldText(frame, 'group_name')).toBe('default');
    expect(fieldText(frame, 'timestamp')).toBe('1700000000000');
    const expected = createHash('md5')
      .update('s3cretapp_key12345678group_namedefaulttimestamp1700000000000s3cret')
      .digest('hex')
      .toUpperCase();
    expect(fieldText(frame, 'sign')).toBe(expected);
  });

  it('carries the token and the kind on pull, confirm and failed', () => {
    const pull = wire(pullFrame('tk'));
    expect([pull.type, pull.token, fieldInt(pull, '__kind')]).toEqual([TmcFrameType.Send, 'tk', 1]);

    const confirm = wire(confirmFrame('tk', '9223372036854775807'));
    expect([confirm.type, fieldInt(confirm, '__kind')]).toEqual([TmcFrameType.Send, 2]);
    expect(fieldValue(confirm, 'id')).toEqual({ type: 'int64', value: 9223372036854775807n });

    const failed = wire(failedFrame('tk', '9007199254740993', 'gateway 502'));
    expect([failed.type, failed.token, fieldInt(failed, '__kind')]).toEqual([TmcFrameType.SendAck, 'tk', 20]);
    expect(fieldText(failed, 'id')).toBe('9007199254740993');
    expect(fieldText(failed, 'msg')).toBe('gateway 502');
  });

  it('reads a data message into a delivery with exact ids', () => {
    const frame = wire({
      version: 2,
      type: TmcFrameType.Send,
      fields: [
        { name: '__kind', value: tmcValue.byte(3) },
        { name: 'id', value: tmcValue.int64(9_007_199_254_740_993n) },
        { name: 'topic', value: tmcValue.string('taobao_trade_TradeBuyerPay') },
        { name: 'content', value: tmcValue.string('{"tid":3801234567890123457}') },
        { name: 'time', value: tmcValue.date(new Date(1_700_000_000_000)) },
        { name: 'userid', value: tmcValue.int64(2_200_000_000_001n) },
        { name: 'nick', value: tmcValue.string('茶叶小铺') },
        { name: 'dataid', value: tmcValue.int64(3_801_234_567_890_123_457n) },
        { name: 'retried', value: tmcValue.int32(1) },
      ],
    });
    expect(deliveryOf(frame)).toEqual({
      id: '9007199254740993',
      topic: 'taobao_trade_TradeBuyerPay',
      content: '{"tid":3801234567890123457}',
      publishedAt: new Date(1_700_000_000_000),
      sellerId: '2200000000001',
      sellerNick: '茶叶小铺',
      dataId: '3801234567890123457',
      retried: 1,
    });
  });

  it('is not fooled by frames that are not data messages', () => {
    expect(deliveryOf(wire(confirmFrame('tk', '5')))).toBeNull();
    expect(
      deliveryOf(wire({ version: 2, type: TmcFrameType.ConnectAck, token: 'x', fields: [] })),
    ).toBeNull();
    const noTopic = wire({
      version: 2,
      type: TmcFrameType.Send,
      fields: [
        { name: '__kind', value: tmcValue.byte(3) },
        { name: 'id', value: tmcValue.int64(5n) },
      ],
    });
    expect(deliveryOf(noTopic)).toBeNull();
  });
});

describe('TMC message routing', () => {
  it('takes a trade message’s tid from its content, exactly, past 2^53', () => {
    const route = routeOf(delivery('taobao_trade_TradeCreate', '{"tid":3801234567890123457,"oid":1}'));
    expect(route).toEqual({ action: 'ingest_trade', tid: '3801234567890123457' });
  });

  it('falls back to dataid for a trade message whose content cannot be read', () => {
    expect(routeOf(delivery('taobao_trade_TradeSuccess', 'not json', '123'))).toEqual({
      action: 'ingest_trade',
      tid: '123',
    });
  });

  it('ingests the trade of a refund message (never its refund id)', () => {
    const content = '{"refund_id":7000000000000000001,"tid":3801234567890123457,"refund_fee":"9.90"}';
    expect(routeOf(delivery('taobao_refund_RefundCreated', content, '7000000000000000001'))).toEqual({
      action: 'ingest_trade',
      tid: '3801234567890123457',
    });
    expect(routeOf(delivery('taobao_refund_RefundSuccess', '{}', '7000000000000000001'))).toMatchObject({
      action: 'ignore',
    });
  });

  it('ignores topics it does not consume and ids that are not ids', () => {
    expect(routeOf(delivery('taobao_item_ItemAdd', '{"num_iid":1}'))).toMatchObject({ action: 'ignore' });
    expect(routeOf(delivery('taobao_trade_TradeCreate', '{"tid":"12;DROP"}'))).toMatchObject({
      action: 'ignore',
    });
    expect(routeOf(delivery('taobao_trade_TradeCreate', '{"tid":1.5}'))).toMatchObject({ action: 'ignore' });
  });
});
