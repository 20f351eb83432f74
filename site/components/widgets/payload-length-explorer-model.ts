/**
 * The model behind the payload-length explorer of lesson 5: a payload size in, and out
 * come the frame header that carries it (from lib's `encodeHeader`), each header field as
 * lib's `explainFrame` reads it back, the header's size and share of the frame, and — for
 * sizes no header can or should carry — what a receiver does with them.
 * @see RFC 6455 §5.2 (Payload length)
 */
import {
  LENGTH_16_MARKER,
  LENGTH_64_MARKER,
  MAX_16BIT_LENGTH,
  MAX_7BIT_LENGTH,
  MAX_SAFE_PAYLOAD_LENGTH,
  MIN_HEADER_LENGTH,
  Opcode,
  encodeHeader,
  explainFrame,
  headerLength,
  type ExplainedField,
  type ProtocolError,
} from '../../../lib/index.ts';
import { toHex } from '../../util/hex.ts';
import { RFC_MASKING_KEY } from '../../util/rfc-examples.ts';
import type { Sender } from '../ui/frame-fields.ts';

// Client frames are masked with the RFC's example key, so the bytes can be checked against
// RFC 6455 §5.7; a real client draws a fresh random key for every frame.
const MASKING_KEY = Uint8Array.from(RFC_MASKING_KEY);

/** 2^63: the first length the 64-bit field cannot carry, because its top bit must be 0. */
export const FIRST_UNSENDABLE = 1n << 63n;
/** 2^64: the first length that does not fit in 64 bits at all. */
export const FIRST_UNREPRESENTABLE = 1n << 64n;
/** 2^53 − 1: the largest length JavaScript holds exactly, and the largest lib accepts. */
export const MAX_SAFE = BigInt(MAX_SAFE_PAYLOAD_LENGTH);

/** Which form of the length field a size takes (minimal encoding). */
export type LengthForm = '7-bit' | '16-bit' | '64-bit';

/** Reading the learner's size. */
export type ParsedSize = { ok: true; size: bigint } | { ok: false; error: string };

const UNITS: Readonly<Record<string, bigint>> = {
  '': 1n,
  b: 1n,
  kb: 1000n,
  mb: 1000n ** 2n,
  gb: 1000n ** 3n,
  tb: 1000n ** 4n,
  kib: 1n << 10n,
  mib: 1n << 20n,
  gib: 1n << 30n,
  tib: 1n << 40n,
};

/**
 * Reads a payload size in bytes: a whole number ("65536", "65 536", "65_536"), hex
 * ("0x10000"), a power of two with an optional offset ("2^16", "2^63 - 1"), or a number
 * with a unit ("64 KiB", "1.5 MB"). Sizes can be far larger than a JavaScript number
 * holds exactly, so they are BigInts.
 */
export function parseSize(text: string): ParsedSize {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return { ok: false, error: 'Type a payload size in bytes, e.g. 126.' };
  if (trimmed.startsWith('-')) return { ok: false, error: 'A payload length cannot be negative.' };

  const power = /^2\s*(?:\^|\*\*)\s*(\d{1,3})\s*(?:([+-])\s*(\d[\d_ ,]*))?$/.exec(trimmed);
  if (power) {
    const exponent = BigInt(power[1]);
    if (exponent > 128n) return { ok: false, error: 'Keep the exponent at 128 or below; 2^64 is already too large for any frame.' };
    const offset = power[3] ? BigInt(power[3].replace(/[_ ,]/g, '')) : 0n;
    const size = power[2] === '-' ? (1n << exponent) - offset : (1n << exponent) + offset;
    if (size < 0n) return { ok: false, error: 'A payload length cannot be negative.' };
    return { ok: true, size };
  }
  if (/^0x[0-9a-f]+$/.test(trimmed)) return { ok: true, size: BigInt(trimmed) };
  if (/^\d[\d_ ,]*$/.test(trimmed) && !/[_ ,]{2}|[_ ,]$/.test(trimmed)) return { ok: true, size: BigInt(trimmed.replace(/[_ ,]/g, '')) };

  const withUnit = /^(\d+)(?:\.(\d+))?\s*([a-z]*)$/.exec(trimmed);
  if (withUnit && withUnit[3] in UNITS) {
    const unit = UNITS[withUnit[3]];
    const fraction = withUnit[2] ?? '';
    const scaled = BigInt(withUnit[1] + fraction) * unit;
    const divisor = 10n ** BigInt(fraction.length);
    if (scaled % divisor !== 0n) return { ok: false, error: 'That is not a whole number of bytes.' };
    return { ok: true, size: scaled / divisor };
  }
  if (/^\d+(\.\d+)?e/.test(trimmed)) return { ok: false, error: 'Write the number out, or use a power of two such as 2^20.' };
  return { ok: false, error: 'A size is a whole number of bytes, such as 126, 0x10000, 2^16 or 64 KiB.' };
}

/** The form the minimal encoding uses for a size that fits in 63 bits. */
export function lengthForm(size: bigint): LengthForm {
  if (size <= BigInt(MAX_7BIT_LENGTH)) return '7-bit';
  if (size <= BigInt(MAX_16BIT_LENGTH)) return '16-bit';
  return '64-bit';
}

/** One stretch of header bytes and what it holds. */
export interface HeaderSegment {
  part: 'first' | 'second' | 'extended' | 'maskingKey';
  label: string;
  hex: string;
}

/** The header for one size and sender, or why there is none. */
export interface LengthExplanation {
  size: bigint;
  sender: Sender;
  /**
   * 'ok': lib encodes it. 'too-large': the RFC allows it (below 2^63), but it is beyond
   * 2^53 − 1, which lib — like every real receiver — refuses. 'top-bit': 2^63 to 2^64 − 1,
   * which would need the 64-bit field's top bit, and that bit MUST be 0. 'overflow': does
   * not fit in 64 bits at all.
   */
  status: 'ok' | 'too-large' | 'top-bit' | 'overflow';
  /** The minimal form; absent for 'overflow'. */
  form?: LengthForm;
  /** The 7-bit "Payload len" value: the size itself, 126 or 127. */
  length7?: number;
  /** The header's bytes, split by field; absent for 'overflow'. */
  segments: HeaderSegment[];
  /** All header bytes as hex. */
  headerHex: string;
  headerBytes: number;
  /** Header + payload, when the header exists. */
  frameBytes?: bigint;
  /** The length fields as lib's `explainFrame` reads them back. */
  fields: ExplainedField[];
  /** What a receiver using lib finds wrong with the header. */
  violations: ProtocolError[];
  /** One or two sentences for the learner. */
  summary: string;
}

const hexOf = (bytes: Uint8Array) => toHex(bytes);

/** The 8 bytes of a 64-bit big-endian integer, for sizes lib's number-based encoder cannot take. */
function uint64Bytes(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 7; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

/** Header bytes built by hand for a 64-bit size (lib encodes only sizes up to 2^53 − 1). */
function handBuiltHeader(size: bigint, masked: boolean): Uint8Array {
  const out = new Uint8Array(MIN_HEADER_LENGTH + 8 + (masked ? MASKING_KEY.length : 0));
  out[0] = 0x80 | Opcode.Binary;
  out[1] = (masked ? 0x80 : 0) | LENGTH_64_MARKER;
  out.set(uint64Bytes(size), 2);
  if (masked) out.set(MASKING_KEY, 10);
  return out;
}

function segmentsOf(header: Uint8Array, masked: boolean, length7: number): HeaderSegment[] {
  const extended = length7 === LENGTH_16_MARKER ? 2 : length7 === LENGTH_64_MARKER ? 8 : 0;
  const segments: HeaderSegment[] = [
    { part: 'first', label: 'FIN, RSV1–3, opcode', hex: hexOf(header.subarray(0, 1)) },
    { part: 'second', label: 'MASK and 7-bit payload len', hex: hexOf(header.subarray(1, 2)) },
  ];
  if (extended > 0) segments.push({ part: 'extended', label: `extended payload length (${extended * 8} bits)`, hex: hexOf(header.subarray(2, 2 + extended)) });
  if (masked) segments.push({ part: 'maskingKey', label: 'masking key', hex: hexOf(header.subarray(2 + extended)) });
  return segments;
}

/** Formats a byte count with thin grouping: 65536 → "65,536". */
export function formatBytes(size: bigint): string {
  return size.toLocaleString('en-US');
}

/**
 * Builds and explains the header of one binary frame carrying `size` bytes. Sizes up to
 * 2^53 − 1 go through lib's `encodeHeader`; larger ones are built by hand so the learner
 * sees what lib's `explainFrame` — a receiver — makes of them.
 */
export function explainLength(size: bigint, sender: Sender): LengthExplanation {
  const masked = sender === 'client';
  const receiverRole = sender === 'client' ? 'server' : 'client';
  if (size < 0n) throw new RangeError('A payload length cannot be negative');
  if (size >= FIRST_UNREPRESENTABLE) {
    return {
      size, sender, status: 'overflow', segments: [], headerHex: '', headerBytes: 0, fields: [], violations: [],
      summary: `${formatBytes(size)} bytes does not fit in 64 bits, the widest length field a frame has. No header can say it; send the data as a fragmented message instead.`,
    };
  }

  let header: Uint8Array;
  let status: LengthExplanation['status'];
  if (size <= MAX_SAFE) {
    header = encodeHeader({
      fin: true, opcode: Opcode.Binary, payloadLength: Number(size),
      ...(masked ? { maskingKey: Uint8Array.from(RFC_MASKING_KEY) } : {}),
    });
    status = 'ok';
  } else {
    header = handBuiltHeader(size, masked);
    status = size >= FIRST_UNSENDABLE ? 'top-bit' : 'too-large';
  }
  const length7 = header[1] & 0x7f;
  const explained = explainFrame(header, { role: receiverRole });
  const fields = explained.fields.filter((f) => f.name === 'mask' || f.name === 'payloadLength' || f.name === 'extendedPayloadLength' || f.name === 'maskingKey');
  const form = lengthForm(size);
  const headerBytes = header.length;
  const frameBytes = size + BigInt(headerBytes);

  let summary: string;
  if (status === 'ok') {
    const how = form === '7-bit'
      ? `${formatBytes(size)} fits in the 7-bit field itself`
      : form === '16-bit'
        ? `${formatBytes(size)} is over 125, so the 7-bit field says 126 and the next 2 bytes hold the length`
        : `${formatBytes(size)} is over 65,535, so the 7-bit field says 127 and the next 8 bytes hold the length`;
    summary = `${how}. The header takes ${headerBytes} bytes${masked ? ', 4 of them the masking key' : ''}.`;
  } else if (status === 'too-large') {
    summary = `RFC 6455 allows this length (it is below 2^63), but it is above 2^53 − 1, the largest whole number JavaScript holds exactly, and far more than anyone can buffer. lib — like real servers and browsers — refuses the frame and closes with 1009.`;
  } else {
    summary = `This length needs the top bit of the 64-bit field, and RFC 6455 §5.2 says that bit MUST be 0. No valid frame carries it; a receiver fails the connection with 1002.`;
  }
  return {
    size, sender, status, form, length7,
    segments: segmentsOf(header, masked, length7),
    headerHex: hexOf(header),
    headerBytes,
    frameBytes,
    fields,
    violations: explained.violations,
    summary,
  };
}

/** The header's share of the whole frame, as a percentage with one decimal ("4.0 %"). */
export function overheadPercent(headerBytes: number, size: bigint): string {
  const total = Number(size) + headerBytes;
  if (total === 0) return '0 %';
  const share = (headerBytes / total) * 100;
  return share >= 0.1 || share === 0 ? `${share.toFixed(1)} %` : '< 0.1 %';
}

/** One row of the header-size table. */
export interface HeaderSizeRow {
  form: LengthForm;
  from: bigint;
  to: bigint;
  length7: string;
  extendedBytes: number;
  server: number;
  client: number;
}

/** Header sizes for each form, server (unmasked) and client (masked), from lib's `headerLength`. */
export function headerSizeTable(): HeaderSizeRow[] {
  const rows: Array<[LengthForm, bigint, bigint, string, number]> = [
    ['7-bit', 0n, BigInt(MAX_7BIT_LENGTH), '0–125', 0],
    ['16-bit', BigInt(MAX_7BIT_LENGTH + 1), BigInt(MAX_16BIT_LENGTH), '126', 2],
    ['64-bit', BigInt(MAX_16BIT_LENGTH + 1), FIRST_UNSENDABLE - 1n, '127', 8],
  ];
  return rows.map(([form, from, to, length7, extendedBytes]) => ({
    form, from, to, length7, extendedBytes,
    server: headerLength(Number(from), false),
    client: headerLength(Number(from), true),
  }));
}

/** Sizes worth one click: both sides of each boundary, and the limits. */
export const QUICK_SIZES: ReadonlyArray<{ label: string; size: bigint }> = [
  { label: '0', size: 0n },
  { label: '5', size: 5n },
  { label: '125', size: 125n },
  { label: '126', size: 126n },
  { label: '65535', size: 65535n },
  { label: '65536', size: 65536n },
  { label: '2^53 − 1', size: MAX_SAFE },
  { label: '2^53', size: MAX_SAFE + 1n },
  { label: '2^63', size: FIRST_UNSENDABLE },
];

/**
 * The sizes the slider stops at: every size to 16, then steps of about a fifth, plus
 * both sides of every boundary, up to 2^64. Sorted, unique.
 */
export const SLIDER_STOPS: readonly bigint[] = (() => {
  const stops = new Set<bigint>();
  for (let i = 0n; i <= 16n; i++) stops.add(i);
  let value = 16;
  while (value < 2 ** 64) {
    value *= 1.2;
    stops.add(BigInt(Math.round(value)) < FIRST_UNREPRESENTABLE ? BigInt(Math.round(value)) : FIRST_UNREPRESENTABLE);
  }
  for (const edge of [125n, 126n, 65535n, 65536n, MAX_SAFE, MAX_SAFE + 1n, FIRST_UNSENDABLE - 1n, FIRST_UNSENDABLE, FIRST_UNREPRESENTABLE - 1n, FIRST_UNREPRESENTABLE]) stops.add(edge);
  return [...stops].filter((s) => s <= FIRST_UNREPRESENTABLE).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
})();

/** The slider position of a size: the last stop at or below it. */
export function sliderIndexOf(size: bigint): number {
  let index = 0;
  for (let i = 0; i < SLIDER_STOPS.length; i++) {
    if (SLIDER_STOPS[i] <= size) index = i;
    else break;
  }
  return index;
}

/** Plain words for the slider's position, for assistive technology ("65,536 bytes"). */
export function sizeLabel(size: bigint): string {
  return `${formatBytes(size)} ${size === 1n ? 'byte' : 'bytes'}`;
}
