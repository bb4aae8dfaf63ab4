import {
  decodeFrame,
  encodeFrame,
  fieldInt,
  fieldText,
  fieldValue,
  TmcFrame,
  TmcFrameError,
  TmcFrameType,
  tmcValue,
} from './tmc-codec';

// Hand-built little-endian pieces, written out from §3.11 rather than through the codec under test.
const i16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
const i32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
const i64 = (v: bigint) => {
  const u = BigInt.asUintN(64, v);
  return Array.from({ length: 8 }, (_, i) => Number((u >> BigInt(8 * i)) & 0xffn));
};
const str = (s: string) => {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...i32(bytes.length), ...bytes];
};
const custom = (name: string, format: number, payload: number[]) => [
  ...i16(1),
  ...str(name),
  format,
  ...payload,
];
const bytes = (...parts: number[][]) => Buffer.from(parts.flat());

describe('TMC frame codec (PROTOCOLS §3.11)', () => {
  it('reads a hand-built CONNECTACK carrying a token', () => {
    const frame = decodeFrame(bytes([2, 1], i16(5), str('tok-1'), i16(0)));
    expect(frame).toEqual({ version: 2, type: TmcFrameType.ConnectAck, token: 'tok-1', fields: [] });
  });

  it('reads a refusal: int32 status code and a status phrase', () => {
    const frame = decodeFrame(bytes([2, 1], i16(2), i32(401), i16(3), str('invalid sign'), i16(0)));
    expect(frame.statusCode).toBe(401);
    expect(frame.statusPhrase).toBe('invalid sign');
    expect(frame.token).toBeUndefined();
  });

  it('writes a PullRequest byte for byte', () => {
    const frame: TmcFrame = {
      version: 2,
      type: TmcFrameType.Send,
      token: 'abc',
      fields: [{ name: '__kind', value: tmcValue.byte(1) }],
    };
    expect(encodeFrame(frame)).toEqual(bytes([2, 2], i16(5), str('abc'), custom('__kind', 2, [1]), i16(0)));
  });

  it('reads a hand-built data message, keeping a 64-bit id exact', () => {
    const id = 9_007_199_254_740_993n; // 2^53 + 1: a JS number would read 2^53
    const data = bytes(
      [2, 2],
      custom('__kind', 2, [3]),
      custom('id', 5, i64(id)),
      custom('topic', 1, str('taobao_trade_TradeCreate')),
      custom('time', 6, i64(1_700_000_000_123n)),
      custom('retried', 4, i32(2)),
      i16(0),
    );
    const frame = decodeFrame(data);
    expect(fieldValue(frame, 'id')).toEqual({ type: 'int64', value: id });
    expect(fieldText(frame, 'id')).toBe('9007199254740993');
    expect(fieldText(frame, 'topic')).toBe('taobao_trade_TradeCreate');
    expect(fieldValue(frame, 'time')).toEqual({ type: 'date', value: new Date(1_700_000_000_123) });
    expect(fieldInt(frame, '__kind')).toBe(3);
    expect(fieldInt(frame, 'retried')).toBe(2);
    expect(encodeFrame(frame)).toEqual(data);
  });

  it('round-trips every header and value format', () => {
    const frame: TmcFrame = {
      version: 2,
      type: TmcFrameType.SendAck,
      statusCode: -7,
      statusPhrase: '失败 (failed)',
      flag: 0x7fff_ffff,
      token: 't',
      fields: [
        { name: 'void', value: { type: 'void' } },
        { name: 'nullText', value: tmcValue.string(null) },
        { name: 'text', value: tmcValue.string('卖家 nick') },
        { name: 'byte', value: tmcValue.byte(-128) },
        { name: 'short', value: tmcValue.int16(-32768) },
        { name: 'int', value: tmcValue.int32(-2_147_483_648) },
        { name: 'max', value: tmcValue.int64((1n << 63n) - 1n) },
        { name: 'min', value: tmcValue.int64(-(1n << 63n)) },
        { name: 'fromText', value: tmcValue.int64('1234567890123456789') },
        { name: 'date', value: tmcValue.date(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))) },
        { name: 'bytes', value: { type: 'bytes', value: Buffer.from([0, 255, 7]) } },
        { name: 'noBytes', value: { type: 'bytes', value: null } },
      ],
    };
    expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
    expect(fieldText(frame, 'fromText')).toBe('1234567890123456789');
  });

  it('reads an empty string back as null (length 0 means null on the wire)', () => {
    const frame = decodeFrame(
      encodeFrame({ version: 2, type: 2, fields: [{ name: 'x', value: tmcValue.string('') }] }),
    );
    expect(fieldValue(frame, 'x')).toEqual({ type: 'string', value: null });
  });

  it('refuses values that do not fit their width instead of wrapping them', () => {
    const one = (value: ReturnType<typeof tmcValue.byte>) =>
      encodeFrame({ version: 2, type: 2, fields: [{ name: 'v', value }] });
    expect(() => one(tmcValue.byte(128))).toThrow(TmcFrameError);
    expect(() => one(tmcValue.int16(40_000))).toThrow(TmcFrameError);
    expect(() => one(tmcValue.int32(2 ** 31))).toThrow(TmcFrameError);
    expect(() => one(tmcValue.int32(1.5))).toThrow(TmcFrameError);
    expect(() => one(tmcValue.int64(1n << 63n))).toThrow(TmcFrameError);
  });

  it('turns every truncation of a valid frame into a TmcFrameError', () => {
    const whole = bytes(
      [2, 2],
      i16(5),
      str('tok'),
      custom('id', 5, i64(42n)),
      custom('content', 1, str('{}')),
      i16(0),
    );
    for (let cut = 0; cut < whole.length; cut++) {
      expect(() => decodeFrame(whole.subarray(0, cut))).toThrow(TmcFrameError);
    }
    expect(() => decodeFrame(whole)).not.toThrow();
  });

  it('refuses unknown headers, unknown formats, negative lengths and nameless fields', () => {
    expect(() => decodeFrame(bytes([2, 2], i16(9), i16(0)))).toThrow(/unknown header type 9/);
    expect(() => decodeFrame(bytes([2, 2], custom('x', 8, []), i16(0)))).toThrow(/unknown value format 8/);
    expect(() => decodeFrame(bytes([2, 2], i16(5), i32(-1), i16(0)))).toThrow(/negative length/);
    expect(() => decodeFrame(bytes([2, 2], i16(1), i32(0), [1], str('v'), i16(0)))).toThrow(/without a name/);
  });

  it('reads a frame from a view into a larger buffer (as ws may hand it over)', () => {
    const inner = bytes([2, 1], i16(5), str('tok'), i16(0));
    const big = Buffer.concat([Buffer.from([9, 9, 9]), inner, Buffer.from([9])]);
    expect(decodeFrame(big.subarray(3, 3 + inner.length)).token).toBe('tok');
  });
});
