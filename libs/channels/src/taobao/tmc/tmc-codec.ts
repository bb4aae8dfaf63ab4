/**
 * The TMC WebSocket frame (PROTOCOLS §3.11). Everything is little-endian:
 *
 *   int8 version · int8 frame type · { int16 header type · header body }* · int16 0 (end of headers)
 *
 * Header bodies: Custom = counted name + int8 value format + value; StatusCode and Flag = int32;
 * StatusPhrase and Token = counted string. A counted string/byte array is an int32 length and the bytes;
 * length 0 reads as null, so an empty string does not survive a round trip (it comes back null).
 * Int64 values (message ids, user ids) stay bigint end to end: a JS number would round them past 2^53.
 */

export const TMC_PROTOCOL_VERSION = 2;

export const TmcFrameType = { Connect: 0, ConnectAck: 1, Send: 2, SendAck: 3 } as const;

/** What a SEND/SENDACK is about; carried as the custom field `__kind`. */
export const TmcKind = { None: 0, PullRequest: 1, Confirm: 2, Data: 3, Failed: 20 } as const;
export const KIND_FIELD = '__kind';

const Header = { End: 0, Custom: 1, StatusCode: 2, StatusPhrase: 3, Flag: 4, Token: 5 } as const;

export type TmcValue =
  | { type: 'void' }
  | { type: 'string'; value: string | null }
  | { type: 'byte' | 'int16' | 'int32'; value: number }
  | { type: 'int64'; value: bigint }
  | { type: 'date'; value: Date }
  | { type: 'bytes'; value: Uint8Array | null };

/** Wire code of each value format, in the order §3.11 lists them. */
const FORMAT_CODES: Record<TmcValue['type'], number> = {
  void: 0,
  string: 1,
  byte: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  date: 6,
  bytes: 7,
};
const FORMAT_OF_CODE = new Map(Object.entries(FORMAT_CODES).map(([type, code]) => [code, type]));

export interface TmcField {
  name: string;
  value: TmcValue;
}

export interface TmcFrame {
  version: number;
  type: number;
  statusCode?: number;
  statusPhrase?: string | null;
  flag?: number;
  token?: string | null;
  /** Custom headers in wire order. */
  fields: TmcField[];
}

export class TmcFrameError extends Error {
  override readonly name = 'TmcFrameError';
}

export const tmcValue = {
  string: (value: string | null): TmcValue => ({ type: 'string', value }),
  byte: (value: number): TmcValue => ({ type: 'byte', value }),
  int16: (value: number): TmcValue => ({ type: 'int16', value }),
  int32: (value: number): TmcValue => ({ type: 'int32', value }),
  /** A decimal string is accepted so that ids read as text go back out exactly. */
  int64: (value: bigint | string): TmcValue => ({ type: 'int64', value: BigInt(value) }),
  date: (value: Date): TmcValue => ({ type: 'date', value }),
};

// ---------------------------------------------------------------- encoding

const INT_RANGE = { byte: 0x80, int16: 0x8000, int32: 0x8000_0000 } as const;
const INT64_LIMIT = 1n << 63n;

function fixed(size: 1 | 2 | 4 | 8, write: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(size);
  write(b);
  return b;
}
const int8 = (v: number) => fixed(1, (b) => b.writeInt8(v));
const int16 = (v: number) => fixed(2, (b) => b.writeInt16LE(v));
const int32 = (v: number) => fixed(4, (b) => b.writeInt32LE(v));
const int64 = (v: bigint) => fixed(8, (b) => b.writeBigInt64LE(v));
const counted = (bytes: Uint8Array | null) =>
  bytes && bytes.length > 0 ? [int32(bytes.length), Buffer.from(bytes)] : [int32(0)];
const countedText = (text: string | null | undefined) => counted(text ? Buffer.from(text, 'utf8') : null);

function checkedInt(type: keyof typeof INT_RANGE, value: number, name: string): number {
  const limit = INT_RANGE[type];
  if (!Number.isInteger(value) || value < -limit || value >= limit) {
    throw new TmcFrameError(`field ${name}: ${value} does not fit ${type}`);
  }
  return value;
}

function encodeValue(name: string, v: TmcValue): Buffer[] {
  const code = int8(FORMAT_CODES[v.type]);
  switch (v.type) {
    case 'void':
      return [code];
    case 'string':
      return [code, ...countedText(v.value)];
    case 'byte':
      return [code, int8(checkedInt('byte', v.value, name))];
    case 'int16':
      return [code, int16(checkedInt('int16', v.value, name))];
    case 'int32':
      return [code, int32(checkedInt('int32', v.value, name))];
    case 'int64':
      if (v.value < -INT64_LIMIT || v.value >= INT64_LIMIT)
        throw new TmcFrameError(`field ${name}: ${v.value} does not fit int64`);
      return [code, int64(v.value)];
    case 'date':
      return [code, int64(BigInt(v.value.getTime()))];
    case 'bytes':
      return [code, ...counted(v.value)];
  }
}

export function encodeFrame(frame: TmcFrame): Buffer {
  const parts: Buffer[] = [int8(frame.version), int8(frame.type)];
  if (frame.statusCode !== undefined) parts.push(int16(Header.StatusCode), int32(frame.statusCode));
  if (frame.statusPhrase !== undefined)
    parts.push(int16(Header.StatusPhrase), ...countedText(frame.statusPhrase));
  if (frame.flag !== undefined) parts.push(int16(Header.Flag), int32(frame.flag));
  if (frame.token !== undefined) parts.push(int16(Header.Token), ...countedText(frame.token));
  for (const field of frame.fields) {
    if (!field.name) throw new TmcFrameError('a custom field needs a name');
    parts.push(int16(Header.Custom), ...countedText(field.name), ...encodeValue(field.name, field.value));
  }
  parts.push(int16(Header.End));
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- decoding

/** Reads a frame; anything truncated, negative or unknown is a TmcFrameError, never an out-of-range read. */
export function decodeFrame(data: Uint8Array): TmcFrame {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const take = (n: number): number => {
    if (pos + n > buf.length) throw new TmcFrameError(`frame ends at byte ${buf.length}, needed ${pos + n}`);
    const at = pos;
    pos += n;
    return at;
  };
  const r8 = () => buf.readInt8(take(1));
  const r16 = () => buf.readInt16LE(take(2));
  const r32 = () => buf.readInt32LE(take(4));
  const r64 = () => buf.readBigInt64LE(take(8));
  const rBytes = (): Buffer | null => {
    const length = r32();
    if (length < 0) throw new TmcFrameError(`negative length ${length} at byte ${pos - 4}`);
    if (length === 0) return null;
    const at = take(length);
    return Buffer.from(buf.subarray(at, at + length));
  };
  const rText = () => rBytes()?.toString('utf8') ?? null;
  const rValue = (): TmcValue => {
    const code = r8();
    switch (FORMAT_OF_CODE.get(code)) {
      case 'void':
        return { type: 'void' };
      case 'string':
        return { type: 'string', value: rText() };
      case 'byte':
        return { type: 'byte', value: r8() };
      case 'int16':
        return { type: 'int16', value: r16() };
      case 'int32':
        return { type: 'int32', value: r32() };
      case 'int64':
        return { type: 'int64', value: r64() };
      case 'date':
        return { type: 'date', value: new Date(Number(r64())) };
      case 'bytes':
        return { type: 'bytes', value: rBytes() };
      default:
        throw new TmcFrameError(`unknown value format ${code}`);
    }
  };

  const frame: TmcFrame = { version: r8(), type: r8(), fields: [] };
  for (let header = r16(); header !== Header.End; header = r16()) {
    if (header === Header.Custom) {
      const name = rText();
      if (name === null) throw new TmcFrameError('a custom field without a name');
      frame.fields.push({ name, value: rValue() });
    } else if (header === Header.StatusCode) frame.statusCode = r32();
    else if (header === Header.StatusPhrase) frame.statusPhrase = rText();
    else if (header === Header.Flag) frame.flag = r32();
    else if (header === Header.Token) frame.token = rText();
    // Header bodies carry no length, so an unknown one cannot be skipped.
    else throw new TmcFrameError(`unknown header type ${header}`);
  }
  // Bytes after the end marker are left alone: the spec says nothing of them, and refusing would only cost
  // interoperability with a server that pads.
  return frame;
}

// ---------------------------------------------------------------- reading fields

export function fieldValue(frame: TmcFrame, name: string): TmcValue | undefined {
  return frame.fields.find((f) => f.name === name)?.value;
}

/** A field as text whatever width the sender chose: integers in decimal (int64 exact), dates as epoch ms. */
export function fieldText(frame: TmcFrame, name: string): string | null {
  const v = fieldValue(frame, name);
  if (!v || v.type === 'void') return null;
  if (v.type === 'string') return v.value;
  if (v.type === 'date') return String(v.value.getTime());
  if (v.type === 'bytes') return v.value ? Buffer.from(v.value).toString('utf8') : null;
  return v.value.toString();
}

/** A small integer field (`__kind`, `retried`); null when absent or not an integer. */
export function fieldInt(frame: TmcFrame, name: string): number | null {
  const v = fieldValue(frame, name);
  if (!v) return null;
  if (v.type === 'byte' || v.type === 'int16' || v.type === 'int32') return v.value;
  if (v.type === 'int64') return Number(v.value);
  if (v.type === 'string' && v.value !== null && /^-?\d+$/.test(v.value)) return Number(v.value);
  return null;
}
