/**
 * Base framing: encoding and decoding one frame.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 */
import {
  FIN_BIT, LENGTH_16_MARKER, LENGTH_64_MARKER, LENGTH_BITS, MASK_BIT, MAX_16BIT_LENGTH, MAX_7BIT_LENGTH,
  MAX_SAFE_PAYLOAD_LENGTH, OPCODE_BITS, RSV1_BIT, RSV2_BIT, RSV3_BIT,
} from './constants.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { headerViolations } from './header-rules.ts';
import { MASKING_KEY_LENGTH, applyMask, copyBytes } from './mask.ts';
import { encodeUtf8 } from './utf8.ts';

/** The smallest header: two bytes. */
export const MIN_HEADER_LENGTH = 2;
/** The largest header: 2 + 8 bytes of length + 4 bytes of masking key. */
export const MAX_HEADER_LENGTH = 14;

/** One WebSocket frame. `payload` is always the unmasked application data. */
export interface Frame {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  /** 4-bit opcode; see {@link Opcode}. */
  opcode: number;
  /** Present when the frame is (to be) masked: 4 bytes. */
  maskingKey?: Uint8Array;
  /** The application data, unmasked. */
  payload: Uint8Array;
}

/** The header fields of a frame, without its payload. */
export interface FrameHeader {
  fin: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  maskingKey?: Uint8Array;
  payloadLength: number;
}

/** Options for {@link createFrame}. */
export interface CreateFrameOptions {
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  maskingKey?: Uint8Array;
}

/** Builds a {@link Frame}: FIN set and RSV bits clear unless told otherwise. */
export function createFrame(opcode: number, payload: Uint8Array | string = new Uint8Array(0), options: CreateFrameOptions = {}): Frame {
  return {
    fin: options.fin ?? true,
    rsv1: options.rsv1 ?? false,
    rsv2: options.rsv2 ?? false,
    rsv3: options.rsv3 ?? false,
    opcode,
    maskingKey: options.maskingKey,
    payload: typeof payload === 'string' ? encodeUtf8(payload) : payload,
  };
}

/** How many header bytes a frame with this payload length takes (minimal encoding). */
export function headerLength(payloadLength: number, masked: boolean): number {
  const lengthBytes = payloadLength <= MAX_7BIT_LENGTH ? 0 : payloadLength <= MAX_16BIT_LENGTH ? 2 : 8;
  return MIN_HEADER_LENGTH + lengthBytes + (masked ? MASKING_KEY_LENGTH : 0);
}

/**
 * Writes a frame header into `target` at `at` and returns the number of bytes written.
 * "the minimal number of bytes MUST be used to encode the length" (§5.2).
 */
export function writeHeader(target: Uint8Array, at: number, header: FrameHeader): number {
  const { payloadLength } = header;
  if (!Number.isSafeInteger(payloadLength) || payloadLength < 0) {
    throw new RangeError(`Invalid payload length ${payloadLength}`);
  }
  if (!Number.isInteger(header.opcode) || header.opcode < 0 || header.opcode > OPCODE_BITS) {
    throw new RangeError(`An opcode has 4 bits; ${header.opcode} does not fit`);
  }
  if (header.maskingKey && header.maskingKey.length !== MASKING_KEY_LENGTH) {
    throw new RangeError(`A masking key has ${MASKING_KEY_LENGTH} bytes`);
  }
  let b0 = header.opcode;
  if (header.fin) b0 |= FIN_BIT;
  if (header.rsv1) b0 |= RSV1_BIT;
  if (header.rsv2) b0 |= RSV2_BIT;
  if (header.rsv3) b0 |= RSV3_BIT;
  target[at] = b0;
  const maskBit = header.maskingKey ? MASK_BIT : 0;
  let p = at + 2;
  if (payloadLength <= MAX_7BIT_LENGTH) {
    target[at + 1] = maskBit | payloadLength;
  } else if (payloadLength <= MAX_16BIT_LENGTH) {
    target[at + 1] = maskBit | LENGTH_16_MARKER;
    target[p++] = payloadLength >>> 8;
    target[p++] = payloadLength & 0xff;
  } else {
    target[at + 1] = maskBit | LENGTH_64_MARKER;
    const high = Math.floor(payloadLength / 0x100000000);
    const low = payloadLength >>> 0;
    target[p++] = high >>> 24;
    target[p++] = (high >>> 16) & 0xff;
    target[p++] = (high >>> 8) & 0xff;
    target[p++] = high & 0xff;
    target[p++] = low >>> 24;
    target[p++] = (low >>> 16) & 0xff;
    target[p++] = (low >>> 8) & 0xff;
    target[p++] = low & 0xff;
  }
  if (header.maskingKey) {
    target.set(header.maskingKey, p);
    p += MASKING_KEY_LENGTH;
  }
  return p - at;
}

/** Encodes a frame header alone (a pure header encoder, apart from any payload). */
export function encodeHeader(header: FrameHeader): Uint8Array {
  const out = new Uint8Array(headerLength(header.payloadLength, header.maskingKey !== undefined));
  writeHeader(out, 0, header);
  return out;
}

/**
 * Encodes a frame with the minimal length encoding. When `maskingKey` is set, the
 * payload is masked in the output; the caller's payload is never changed.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const payloadLength = frame.payload.length;
  const out = new Uint8Array(headerLength(payloadLength, frame.maskingKey !== undefined) + payloadLength);
  // Fields are passed one by one: an object spread here costs more than the whole header.
  const at = writeHeader(out, 0, {
    fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3,
    opcode: frame.opcode, maskingKey: frame.maskingKey, payloadLength,
  });
  out.set(frame.payload, at);
  if (frame.maskingKey) applyMask(out.subarray(at), frame.maskingKey);
  return out;
}

/** What a frame header says, once enough bytes have arrived to read it. */
export interface ParsedHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  payloadLength: number;
  /** Bytes the header takes, masking key included. */
  headerLength: number;
}

/**
 * Result of reading a header: the header, more bytes needed (at least; once the length
 * has been read, the whole rest of the frame), or a protocol error.
 */
export type HeaderResult =
  | { kind: 'header'; header: ParsedHeader }
  | { kind: 'incomplete'; needed: number }
  | { kind: 'error'; error: ProtocolError };

/**
 * Reads a frame header from the start of `bytes`. Checks RSV bits (no extension is
 * supported, so any set bit is an error), reserved opcodes, control-frame rules and the
 * 64-bit length rules (see {@link headerViolations}). Masking by role and continuation
 * order are left to the caller, who knows the role and the message in progress.
 */
export function readHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length < MIN_HEADER_LENGTH) return { kind: 'incomplete', needed: MIN_HEADER_LENGTH - bytes.length };
  const b0 = bytes[0];
  const b1 = bytes[1];
  const error = headerViolations(b0, b1)[0];
  if (error) return { kind: 'error', error };
  const masked = (b1 & MASK_BIT) !== 0;
  const length7 = b1 & LENGTH_BITS;
  const extended = length7 === LENGTH_16_MARKER ? 2 : length7 === LENGTH_64_MARKER ? 8 : 0;
  const total = MIN_HEADER_LENGTH + extended + (masked ? MASKING_KEY_LENGTH : 0);
  if (bytes.length < MIN_HEADER_LENGTH + extended) return { kind: 'incomplete', needed: total - bytes.length };
  let payloadLength = length7;
  if (extended === 2) {
    payloadLength = (bytes[2] << 8) | bytes[3];
  } else if (extended === 8) {
    const lengthResult = readLength64(bytes, 2);
    if (typeof lengthResult !== 'number') return { kind: 'error', error: lengthResult };
    payloadLength = lengthResult;
  }
  // The length is known by now, so count the payload too: this is how much the frame still needs.
  if (bytes.length < total) return { kind: 'incomplete', needed: total + payloadLength - bytes.length };
  return {
    kind: 'header',
    header: {
      fin: (b0 & FIN_BIT) !== 0,
      rsv1: false,
      rsv2: false,
      rsv3: false,
      opcode: b0 & OPCODE_BITS,
      masked,
      payloadLength,
      headerLength: total,
    },
  };
}

/**
 * Reads the 64-bit extended length at `at`.
 * "the most significant bit MUST be 0" (§5.2); lengths above 2^53 − 1 cannot be held
 * exactly and no receiver can buffer them, so they fail with 1009.
 */
export function readLength64(bytes: Uint8Array, at: number): number | ProtocolError {
  const high = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  const low = ((bytes[at + 4] << 24) | (bytes[at + 5] << 16) | (bytes[at + 6] << 8) | bytes[at + 7]) >>> 0;
  if (high & 0x80000000) return protocolError('LENGTH_TOP_BIT_SET');
  const length = high * 0x100000000 + low;
  if (length > MAX_SAFE_PAYLOAD_LENGTH) return protocolError('LENGTH_TOO_LARGE', String(length));
  return length;
}

/** The result of {@link decodeFrame}. */
export type DecodeResult =
  | { kind: 'frame'; frame: Frame; length: number }
  | { kind: 'incomplete'; needed: number }
  | { kind: 'error'; error: ProtocolError };

/**
 * Decodes one frame from the start of `bytes`: the frame and the bytes it used, how many
 * more bytes are needed at least, or the protocol error its header shows. The payload
 * comes back unmasked, in a copy; `bytes` is not changed. Never throws.
 */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  const result = readHeader(bytes);
  if (result.kind !== 'header') return result;
  const { header } = result;
  const length = header.headerLength + header.payloadLength;
  if (bytes.length < length) return { kind: 'incomplete', needed: length - bytes.length };
  const payload = copyBytes(bytes, header.headerLength, length);
  let maskingKey: Uint8Array | undefined;
  if (header.masked) {
    maskingKey = copyBytes(bytes, header.headerLength - MASKING_KEY_LENGTH, header.headerLength);
    applyMask(payload, maskingKey);
  }
  const frame: Frame = {
    fin: header.fin, rsv1: header.rsv1, rsv2: header.rsv2, rsv3: header.rsv3,
    opcode: header.opcode, payload,
  };
  if (maskingKey) frame.maskingKey = maskingKey;
  return { kind: 'frame', frame, length };
}
