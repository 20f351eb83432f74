/**
 * The frame builder's model. The frame's bytes are the one source of truth; the bit
 * grid, the fields and the raw hex are three views of them, and every edit in any view
 * produces new bytes. What each field means, and what is wrong with the frame, comes
 * from lib's explainFrame — nothing here restates the protocol's rules.
 */
import { OPCODE_NAMES, Opcode, Utf8Validator, applyMask, explainFrame, type FrameExplanation, type ProtocolError } from '../../../lib/index.ts';
import { parseHexBytes, toHex } from '../../util/hex.ts';
import { RFC_MASKING_KEY } from '../../util/rfc-examples.ts';
import { byteRows, headerBits, type HeaderBit, type Sender } from '../ui/frame-fields.ts';


/** Payloads the builder edits stay under this size, so every view stays responsive. */
export const MAX_PAYLOAD = 1024 * 1024;

/** A frame as fields; `lengthWidth` forces a longer length form than the minimal one. */
export interface FrameSpec {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskingKey: number[];
  /** The application data, unmasked. */
  payload: Uint8Array;
  lengthWidth?: 16 | 64;
}

export type Edit = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

const minimalWidth = (length: number): 7 | 16 | 64 => (length <= 125 ? 7 : length <= 0xffff ? 16 : 64);

/** Encodes a spec, invalid or not: the learner may build any frame. */
export function buildFrame(spec: FrameSpec): Uint8Array {
  const length = spec.payload.length;
  const width = Math.max(minimalWidth(length) === 7 ? 0 : minimalWidth(length), spec.lengthWidth ?? 0) as 0 | 16 | 64;
  const extended = width === 16 ? 2 : width === 64 ? 8 : 0;
  const keyBytes = spec.masked ? 4 : 0;
  const out = new Uint8Array(2 + extended + keyBytes + length);
  out[0] = (spec.fin ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.rsv2 ? 0x20 : 0) | (spec.rsv3 ? 0x10 : 0) | (spec.opcode & 0x0f);
  out[1] = (spec.masked ? 0x80 : 0) | (width === 16 ? 126 : width === 64 ? 127 : length);
  if (width === 16) {
    out[2] = length >>> 8;
    out[3] = length & 0xff;
  } else if (width === 64) {
    // Payloads here stay far below 2^32, so the top four bytes are zero.
    new DataView(out.buffer).setUint32(6, length);
  }
  const at = 2 + extended;
  if (spec.masked) out.set(spec.maskingKey.slice(0, 4), at);
  out.set(spec.payload, at + keyBytes);
  if (spec.masked) applyMask(out.subarray(at + keyBytes), Uint8Array.from(spec.maskingKey), 0);
  return out;
}

/** Reads the fields back from complete frame bytes. */
export function specOf(bytes: Uint8Array): FrameSpec | undefined {
  const explanation = explainFrame(bytes);
  const frame = explanation.frame;
  if (!frame) return undefined;
  const len7 = bytes[1] & 0x7f;
  const spec: FrameSpec = {
    fin: frame.fin,
    rsv1: frame.rsv1,
    rsv2: frame.rsv2,
    rsv3: frame.rsv3,
    opcode: frame.opcode,
    masked: frame.maskingKey !== undefined,
    maskingKey: frame.maskingKey ? Array.from(frame.maskingKey) : [...RFC_MASKING_KEY],
    payload: frame.payload,
  };
  if (len7 === 126 && minimalWidth(frame.payload.length) === 7) spec.lengthWidth = 16;
  if (len7 === 127 && minimalWidth(frame.payload.length) !== 64) spec.lengthWidth = 64;
  return spec;
}

/** Parses the raw-hex view: one whole frame, nothing after it. */
export function parseFrameHex(text: string): Edit {
  const parsed = parseHexBytes(text);
  if (!parsed.ok) return parsed;
  const bytes = Uint8Array.from(parsed.bytes);
  const explanation = explainFrame(bytes);
  if (!explanation.complete) {
    const fatal = explanation.violations[0];
    if (fatal && explanation.needed === undefined) return { ok: false, message: `${fatal.message} (RFC 6455 §${fatal.section}); this frame cannot be read further.` };
    const needed = explanation.needed ?? 1;
    return { ok: false, message: `The frame is not complete: ${needed} more ${needed === 1 ? 'byte is' : 'bytes are'} needed.` };
  }
  if (explanation.length! < bytes.length) {
    const extra = bytes.length - explanation.length!;
    return { ok: false, message: `The frame ends after ${explanation.length} bytes; ${extra} more ${extra === 1 ? 'byte follows' : 'bytes follow'}. Paste one frame.` };
  }
  if ((explanation.frame?.payload.length ?? 0) > MAX_PAYLOAD) return { ok: false, message: `The builder edits payloads up to ${MAX_PAYLOAD} bytes.` };
  return { ok: true, bytes };
}

/** Pads or cuts the payload to `length` (text frames pad with "x", others with zero bytes). */
function resize(spec: FrameSpec, length: number): Uint8Array {
  const payload = new Uint8Array(length);
  payload.set(spec.payload.subarray(0, length));
  if (length > spec.payload.length) payload.fill(spec.opcode === 0x1 ? 0x78 : 0, spec.payload.length);
  return payload;
}

/** Flips one bit of the header (offset 0 is FIN); the frame is rebuilt around the change. */
export function toggleBit(bytes: Uint8Array, offset: number): Edit {
  const spec = specOf(bytes);
  if (!spec) return { ok: false, message: 'The frame is not complete.' };
  const fields = explainFrame(bytes).fields;
  const field = fields.find((f) => f.name !== 'payload' && offset >= f.bitOffset && offset < f.bitOffset + f.bitLength);
  if (!field) return { ok: false, message: `Bit ${offset} is not in the header.` };
  const within = offset - field.bitOffset;
  switch (field.name) {
    case 'fin':
    case 'rsv1':
    case 'rsv2':
    case 'rsv3':
      return { ok: true, bytes: buildFrame({ ...spec, [field.name]: !spec[field.name] }) };
    case 'opcode':
      return { ok: true, bytes: buildFrame({ ...spec, opcode: spec.opcode ^ (0x8 >> within) }) };
    case 'mask':
      return { ok: true, bytes: buildFrame({ ...spec, masked: !spec.masked }) };
    case 'payloadLength': {
      const len7 = (bytes[1] & 0x7f) ^ (0x40 >> within);
      if (len7 === 126) return { ok: true, bytes: buildFrame({ ...spec, payload: resize(spec, Math.min(spec.payload.length, 0xffff)), lengthWidth: 16 }) };
      if (len7 === 127) return { ok: true, bytes: buildFrame({ ...spec, lengthWidth: 64 }) };
      return { ok: true, bytes: buildFrame({ ...spec, payload: resize(spec, len7), lengthWidth: undefined }) };
    }
    case 'extendedPayloadLength': {
      const width = field.bitLength;
      const next = spec.payload.length ^ 2 ** (width - 1 - within);
      if (next > MAX_PAYLOAD) return { ok: false, message: `That would make the payload ${next.toLocaleString('en')} bytes; the builder edits payloads up to ${MAX_PAYLOAD.toLocaleString('en')} bytes.` };
      return { ok: true, bytes: buildFrame({ ...spec, payload: resize(spec, next), lengthWidth: width === 16 ? 16 : 64 }) };
    }
    case 'maskingKey': {
      const key = [...spec.maskingKey];
      key[within >> 3] ^= 0x80 >> (within & 7);
      return { ok: true, bytes: buildFrame({ ...spec, maskingKey: key }) };
    }
  }
  return { ok: false, message: `Bit ${offset} cannot be changed.` };
}

/** Changes some fields and rebuilds. */
export function withFields(bytes: Uint8Array, change: Partial<FrameSpec>): Edit {
  const spec = specOf(bytes);
  if (!spec) return { ok: false, message: 'The frame is not complete.' };
  if (change.payload && change.payload.length > MAX_PAYLOAD) return { ok: false, message: `The builder edits payloads up to ${MAX_PAYLOAD.toLocaleString('en')} bytes.` };
  const next = { ...spec, ...change };
  // A length form forced longer than needed stays only while the payload still fits it.
  if (next.lengthWidth === 16 && next.payload.length > 0xffff) next.lengthWidth = undefined;
  return { ok: true, bytes: buildFrame(next) };
}

/** A close frame's payload set from a code and a reason; any 16-bit code, so invalid ones can be built and flagged. */
export function withClose(bytes: Uint8Array, code: number, reason: string): Edit {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff) return { ok: false, message: 'A close code is a whole number from 0 to 65535 (two bytes).' };
  return withFields(bytes, { payload: closePayload(code, reason) });
}

/** Everything the views show for a frame. */
export interface FrameView {
  bytes: Uint8Array;
  hex: string;
  explanation: FrameExplanation;
  spec: FrameSpec | undefined;
  /** Every header bit, in wire order. */
  bits: HeaderBit[];
  /** Header bits, eight per row. */
  rows: HeaderBit[][];
  violations: ProtocolError[];
  warnings: string[];
  /** The payload as text when it is valid UTF-8. */
  text: string | undefined;
  /** For a text frame that fails as UTF-8: the payload offset where a receiver fails it (see {@link firstInvalidUtf8}). */
  utf8Failure?: Utf8Failure;
  headerLength: number;
}

/** Where a text payload stops being UTF-8: the offset, and the byte there (none when the payload ends inside a character). */
export interface Utf8Failure {
  offset: number;
  byte?: number;
}

/**
 * The first payload byte a receiver that checks UTF-8 as bytes arrive fails on — or, when the
 * payload of a final frame ends inside a character, its length. Undefined when nothing fails.
 */
export function firstInvalidUtf8(payload: Uint8Array, fin = true): Utf8Failure | undefined {
  const validator = new Utf8Validator();
  for (let i = 0; i < payload.length; i++) if (!validator.push(payload.subarray(i, i + 1))) return { offset: i, byte: payload[i] };
  return fin && !validator.complete ? { offset: payload.length } : undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const asText = (payload: Uint8Array): string | undefined => {
  try {
    return decoder.decode(payload);
  } catch {
    return undefined;
  }
};

/** Explains the frame as its receiver sees it: a client's frame is read by a server. */
export function viewFrame(bytes: Uint8Array, direction: Sender): FrameView {
  const explanation = explainFrame(bytes, { role: direction === 'client' ? 'server' : 'client' });
  const bits = headerBits(explanation.fields);
  const payload = explanation.fields.find((field) => field.name === 'payload');
  const spec = specOf(bytes);
  return {
    bytes,
    hex: toHex(bytes),
    explanation,
    spec,
    bits,
    rows: byteRows(bits),
    violations: explanation.violations,
    warnings: explanation.warnings,
    text: spec ? asText(spec.payload) : undefined,
    headerLength: payload ? payload.bitOffset / 8 : 0,
    ...(spec && spec.opcode === Opcode.Text && explanation.violations.some((v) => v.code === 'INVALID_UTF8')
      ? { utf8Failure: firstInvalidUtf8(spec.payload, spec.fin) }
      : {}),
  };
}

/** The masking table: payload[i] XOR key[i mod 4] = masked[i], for the first `limit` bytes. */
export function maskingRows(spec: FrameSpec, limit = 16): Array<{ index: number; payload: number; key: number; masked: number }> {
  return Array.from(spec.payload.subarray(0, limit), (payload, index) => {
    const key = spec.maskingKey[index % 4];
    return { index, payload, key, masked: payload ^ key };
  });
}

/** The opcode menu: all sixteen values with their names from lib. */
export const OPCODE_CHOICES = OPCODE_NAMES.map((name, value) => ({ value, label: `0x${value.toString(16).toUpperCase()} ${name}` }));

/** `new Uint8Array([0x81, …])`, for pasting into code. */
export const asJsBytes = (bytes: Uint8Array): string => `new Uint8Array([${Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')}])`;

/** The frame in the URL hash: `#frame=8185…&from=client`. */
export function toHash(bytes: Uint8Array, direction: Sender): string {
  return `#frame=${toHex(bytes).replaceAll(' ', '')}&from=${direction}`;
}

/** Reads a hash written by {@link toHash}; a broken one says what is wrong. */
export function fromHash(hash: string): { ok: true; bytes: Uint8Array; direction: Sender } | { ok: false; message: string } | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const hex = params.get('frame');
  if (hex === null) return undefined;
  const from = params.get('from') ?? 'client';
  if (from !== 'client' && from !== 'server') return { ok: false, message: `The link names the sender “${from.slice(0, 20)}”; it should be client or server.` };
  const parsed = parseFrameHex(hex);
  if (!parsed.ok) return { ok: false, message: `The frame in this link cannot be shown: ${parsed.message}` };
  return { ok: true, bytes: parsed.bytes, direction: from };
}

/** Text of a close payload for the close fields: the code and the reason, when the payload has that shape. */
export function closeFields(payload: Uint8Array): { code: number; reason: string } | undefined {
  if (payload.length < 2) return undefined;
  const reason = asText(payload.subarray(2));
  return reason === undefined ? undefined : { code: (payload[0] << 8) | payload[1], reason };
}

/** A close payload from a code and a reason — any code, so invalid ones can be built and flagged. */
export function closePayload(code: number, reason: string): Uint8Array {
  const text = new TextEncoder().encode(reason);
  const out = new Uint8Array(2 + text.length);
  out[0] = (code >>> 8) & 0xff;
  out[1] = code & 0xff;
  out.set(text, 2);
  return out;
}

/** A box's text read as a value, or what is wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** The raw-hex box: one whole frame. */
export function parseFrameInput(text: string): Parsed<Uint8Array> {
  const parsed = parseFrameHex(text);
  return parsed.ok ? { ok: true, value: parsed.bytes } : parsed;
}

/** The payload box: text as UTF-8 when it shows text, otherwise hex (empty is an empty payload). */
export function parsePayloadInput(text: string, asText: boolean): Parsed<Uint8Array> {
  if (asText) return { ok: true, value: new TextEncoder().encode(text) };
  if (text.trim() === '') return { ok: true, value: new Uint8Array(0) };
  const parsed = parseHexBytes(text);
  return parsed.ok ? { ok: true, value: Uint8Array.from(parsed.bytes) } : parsed;
}

/** The masking-key box: exactly four bytes of hex. */
export function parseKeyInput(text: string): Parsed<number[]> {
  const parsed = parseHexBytes(text);
  if (!parsed.ok) return parsed;
  return parsed.bytes.length === 4 ? { ok: true, value: parsed.bytes } : { ok: false, message: `A masking key is 4 bytes; this is ${parsed.bytes.length}.` };
}

/**
 * What an input box holds while the learner types: their text as typed, and what is wrong
 * with it. While there is a draft the box shows it instead of the frame's value, so a
 * half-typed value is never rewritten under the cursor.
 */
export interface Draft {
  text?: string;
  error?: string;
}

/** Takes typed text into a draft; returns the value to apply when the text reads. */
export function typeInto<T>(draft: Draft, text: string, parse: (text: string) => Parsed<T>): T | undefined {
  draft.text = text;
  const parsed = parse(text);
  draft.error = parsed.ok ? undefined : parsed.message;
  return parsed.ok ? parsed.value : undefined;
}

/** Leaving a box: a draft that reads gives way to the frame's own formatting; a bad one stays to be fixed. */
export function settle(draft: Draft): void {
  if (draft.error === undefined) draft.text = undefined;
}

/** Forgets a draft (the value changed some other way). */
export function clearDraft(draft: Draft): void {
  draft.text = undefined;
  draft.error = undefined;
}
