import {
  decodeFrame,
  encodeFrame,
  fieldOf,
  MessageKind,
  MessageType,
  tmc,
  TmcCodecError,
  TmcFrame,
} from './codec';

/** Builds bytes by hand from the §3.11 layout, independently of the encoder. */
function bytes(...parts: Array<number[] | Buffer>): Buffer {
  return Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p))));
}
const i16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16LE(v);
  return b;
};
const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
};
const counted = (s: string) => bytes(i32(Buffer.byteLength(s)), Buffer.from(s, 'utf8'));

describe('TMC frame codec (§3.11)', () => {
  const connectBytes = bytes(
    [2, MessageType.CONNECT],
    i16(1),
    counted('app_key'),
    [1],
    counted('12345678'),
    i16(1),
    counted('group_name'),
    [1],
    counted('default'),
    i16(0),
  );

  it('decodes a hand-built CONNECT frame and encodes it back byte for byte', () => {
    const frame = decodeFrame(connectBytes);
    expect(frame.protocolVersion).toBe(2);
    expect(frame.messageType).toBe(MessageType.CONNECT);
    expect(fieldOf(frame, 'app_key')).toBe('12345678');
    expect(fieldOf(frame, 'group_name')).toBe('default');
    expect(encodeFrame(frame).equals(connectBytes)).toBe(true);
  });

  it('reads status code (int32), phrase, flag and token headers', () => {
    const ack = bytes(
      [2, MessageType.CONNECTACK],
      i16(2),
      i32(401),
      i16(3),
      counted('invalid sign'),
      i16(4),
      i32(7),
      i16(5),
      counted('tok'),
      i16(0),
    );
    const frame = decodeFrame(ack);
    expect(frame).toMatchObject({ statusCode: 401, statusPhrase: 'invalid sign', flag: 7, token: 'tok' });
    expect(encodeFrame(frame).equals(ack)).toBe(true);
  });

  it('round-trips every value format, 64-bit ids and UTF-8 included', () => {
    const frame: TmcFrame = {
      protocolVersion: 2,
      messageType: MessageType.SEND,
      token: 'abc',
      content: [
        ['__kind', tmc.byte(MessageKind.Data)],
        ['id', tmc.int64(5300000000000000123n)],
        ['small', { format: 'int16', value: -300 }],
        ['retried', tmc.int32(2)],
        ['topic', tmc.str('taobao_trade_TradeBuyerPay')],
        ['nick', tmc.str('小店铺')],
        ['time', tmc.date(new Date(1700000000123))],
        ['raw', { format: 'bytes', value: Buffer.from([0, 255, 1]) }],
        ['nothing', { format: 'void' }],
        ['empty', { format: 'string', value: null }],
      ],
    };
    const decoded = decodeFrame(encodeFrame(frame));
    expect(decoded).toEqual(frame);
    expect(fieldOf(decoded, 'id')).toBe(5300000000000000123n);
    expect(fieldOf(decoded, 'time')).toBe(1700000000123);
    expect(fieldOf(decoded, 'nothing')).toBeNull();
  });

  it('lays out a Confirm exactly: kind as Byte, id as Int64', () => {
    const encoded = encodeFrame({
      protocolVersion: 2,
      messageType: MessageType.SEND,
      token: 't',
      content: [
        ['__kind', tmc.byte(MessageKind.Confirm)],
        ['id', tmc.int64(1n)],
      ],
    });
    const expected = bytes(
      [2, 2],
      i16(5),
      counted('t'),
      i16(1),
      counted('__kind'),
      [2, 2],
      i16(1),
      counted('id'),
      [5, 1, 0, 0, 0, 0, 0, 0, 0],
      i16(0),
    );
    expect(encoded.equals(expected)).toBe(true);
  });

  it('refuses truncated frames and unknown headers or formats', () => {
    expect(() => decodeFrame(connectBytes.subarray(0, connectBytes.length - 1))).toThrow(TmcCodecError);
    expect(() => decodeFrame(bytes([2, 0], i16(9), i16(0)))).toThrow(TmcCodecError);
    expect(() => decodeFrame(bytes([2, 0], i16(1), counted('x'), [42], i16(0)))).toThrow(TmcCodecError);
  });
});
