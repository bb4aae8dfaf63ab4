/**
 * The TMC WebSocket frame (PROTOCOLS §3.11), little-endian:
 *   int8 protocolVersion (2) · int8 messageType · headers… · int16 EndOfHeaders (0)
 * Headers: int16 type, then Custom (countedString name + typed value), StatusCode int32, StatusPhrase
 * countedString, Flag int32, Token countedString. countedString = int32 byte length + UTF-8 (0 ⇒ null).
 */

export const MessageType = { CONNECT: 0, CONNECTACK: 1, SEND: 2, SENDACK: 3 } as const;
export const MessageKind = { None: 0, PullRequest: 1, Confirm: 2, Data: 3, Failed: 20 } as const;
export const KIND_FIELD = '__kind';

const HeaderType = { EndOfHeaders: 0, Custom: 1, StatusCode: 2, StatusPhrase: 3, Flag: 4, Token: 5 } as const;
const ValueFormat = {
  Void: 0,
  CountedString: 1,
  Byte: 2,
  Int16: 3,
  Int32: 4,
  Int64: 5,
  Date: 6,
  ByteArray: 7,
} as const;

/** A custom value keeps its wire format, so encode(decode(x)) reproduces x byte for byte. */
export type TmcValue =
  | { format: 'void' }
  | { format: 'string'; value: string | null }
  | { format: 'byte' | 'int16' | 'int32'; value: number }
  | { format: 'int64'; value: bigint }
  | { format: 'date'; value: Date }
  | { format: 'bytes'; value: Buffer | null };

export interface TmcFrame {
  protocolVersion: number;
  messageType: number;
  statusCode?: number;
  statusPhrase?: string | null;
  flag?: number;
  token?: string | null;
  /** Custom headers in wire order. */
  content: Array<[string, TmcValue]>;
}

export class TmcCodecError extends Error {}

export const tmc = {
  str: (value: string): TmcValue => ({ format: 'string', value }),
  byte: (value: number): TmcValue => ({ format: 'byte', value }),
  int32: (value: number): TmcValue => ({ format: 'int32', value }),
  int64: (value: bigint): TmcValue => ({ format: 'int64', value }),
  date: (value: Date): TmcValue => ({ format: 'date', value }),
};

/** Growable little-endian writer. */
class Writer {
  private buf = Buffer.alloc(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  int8(v: number): this {
    this.room(1);
    this.at = this.buf.writeInt8(v, this.at);
    return this;
  }
  int16(v: number): this {
    this.room(2);
    this.at = this.buf.writeInt16LE(v, this.at);
    return this;
  }
  int32(v: number): this {
    this.room(4);
    this.at = this.buf.writeInt32LE(v, this.at);
    return this;
  }
  int64(v: bigint): this {
    this.room(8);
    this.at = this.buf.writeBigInt64LE(v, this.at);
    return this;
  }
  bytes(v: Buffer | null): this {
    const len = v ? v.length : 0;
    this.int32(len);
    if (v && len) {
      this.room(len);
      this.at += v.copy(this.buf, this.at);
    }
    return this;
  }
  countedString(v: string | null | undefined): this {
    return this.bytes(v ? Buffer.from(v, 'utf8') : null);
  }
  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.at));
  }
}

export function encodeFrame(frame: TmcFrame): Buffer {
  const w = new Writer().int8(frame.protocolVersion).int8(frame.messageType);
  if (frame.statusCode !== undefined) w.int16(HeaderType.StatusCode).int32(frame.statusCode);
  if (frame.statusPhrase !== undefined) w.int16(HeaderType.StatusPhrase).countedString(frame.statusPhrase);
  if (frame.flag !== undefined) w.int16(HeaderType.Flag).int32(frame.flag);
  if (frame.token !== undefined) w.int16(HeaderType.Token).countedString(frame.token);
  for (const [name, value] of frame.content) {
    w.int16(HeaderType.Custom).countedString(name);
    writeValue(w, value);
  }
  return w.int16(HeaderType.EndOfHeaders).done();
}

function writeValue(w: Writer, v: TmcValue): void {
  switch (v.format) {
    case 'void':
      w.int8(ValueFormat.Void);
      return;
    case 'string':
      w.int8(ValueFormat.CountedString).countedString(v.value);
      return;
    case 'byte':
      w.int8(ValueFormat.Byte).int8(v.value);
      return;
    case 'int16':
      w.int8(ValueFormat.Int16).int16(v.value);
      return;
    case 'int32':
      w.int8(ValueFormat.Int32).int32(v.value);
      return;
    case 'int64':
      w.int8(ValueFormat.Int64).int64(v.value);
      return;
    case 'date':
      w.int8(ValueFormat.Date).int64(BigInt(v.value.getTime()));
      return;
    case 'bytes':
      w.int8(ValueFormat.ByteArray).bytes(v.value);
  }
}

/** Bounds-checked reader: a truncated or garbled frame is a TmcCodecError, never a crash. */
class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new TmcCodecError(`frame truncated at byte ${this.at}`);
  }
  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.at++);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16LE(this.at);
    this.at += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.at);
    this.at += 4;
    return v;
  }
  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.at);
    this.at += 8;
    return v;
  }
  bytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) throw new TmcCodecError(`negative length ${len}`);
    if (len === 0) return null;
    this.need(len);
    const v = Buffer.from(this.buf.subarray(this.at, this.at + len));
    this.at += len;
    return v;
  }
  countedString(): string | null {
    return this.bytes()?.toString('utf8') ?? null;
  }
  get remaining(): number {
    return this.buf.length - this.at;
  }
}

export function decodeFrame(buf: Buffer): TmcFrame {
  const r = new Reader(buf);
  const frame: TmcFrame = { protocolVersion: r.int8(), messageType: r.int8(), content: [] };
  for (;;) {
    const header = r.int16();
    if (header === HeaderType.EndOfHeaders) break;
    if (header === HeaderType.Custom) {
      const name = r.countedString();
      if (name === null) throw new TmcCodecError('custom header without a name');
      frame.content.push([name, readValue(r)]);
    } else if (header === HeaderType.StatusCode) frame.statusCode = r.int32();
    else if (header === HeaderType.StatusPhrase) frame.statusPhrase = r.countedString();
    else if (header === HeaderType.Flag) frame.flag = r.int32();
    else if (header === HeaderType.Token) frame.token = r.countedString();
    else throw new TmcCodecError(`unknown header type ${header}`);
  }
  return frame;
}

function readValue(r: Reader): TmcValue {
  const format = r.int8();
  switch (format) {
    case ValueFormat.Void:
      return { format: 'void' };
    case ValueFormat.CountedString:
      return { format: 'string', value: r.countedString() };
    case ValueFormat.Byte:
      return { format: 'byte', value: r.int8() };
    case ValueFormat.Int16:
      return { format: 'int16', value: r.int16() };
    case ValueFormat.Int32:
      return { format: 'int32', value: r.int32() };
    case ValueFormat.Int64:
      return { format: 'int64', value: r.int64() };
    case ValueFormat.Date:
      return { format: 'date', value: new Date(Number(r.int64())) };
    case ValueFormat.ByteArray:
      return { format: 'bytes', value: r.bytes() };
    default:
      throw new TmcCodecError(`unknown value format ${format}`);
  }
}

/** A custom field as plain text/number, whatever integer width the client chose. */
export function fieldOf(frame: TmcFrame, name: string): string | number | bigint | null | undefined {
  const entry = frame.content.find(([key]) => key === name);
  if (!entry) return undefined;
  const value = entry[1];
  if (value.format === 'void') return null;
  if (value.format === 'date') return value.value.getTime();
  if (value.format === 'bytes') return value.value?.toString('utf8') ?? null;
  return value.value;
}

export function textField(frame: TmcFrame, name: string): string | undefined {
  const value = fieldOf(frame, name);
  return value === null || value === undefined ? undefined : String(value);
}
