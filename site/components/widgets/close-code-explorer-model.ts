/**
 * The model behind the close-code explorer of lesson 10 ("Closing"): any 16-bit code and
 * a reason in, and out come the code's registry entry, its range, whether it may be sent,
 * whether a browser's `close()` takes it, the exact Close payload and frame bytes, and
 * what a receiver makes of those bytes. Everything comes from lib's close-code table and
 * encoders; this module only arranges it for display.
 * @see RFC 6455 §5.5.1 (Close), §7.4 (Status Codes)
 */
import {
  CLOSE_CODES,
  MAX_CLOSE_REASON_BYTES,
  MAX_CONTROL_PAYLOAD,
  Opcode,
  PROTOCOL_ERRORS,
  closeCodeRange,
  createFrame,
  decodeClosePayload,
  describeCloseCode,
  encodeClosePayload,
  encodeFrame,
  isValidCloseCode,
  type CloseCodeInfo,
} from '../../../lib/index.ts';
import { toHex } from '../../util/hex.ts';
import { RFC_MASKING_KEY } from '../../util/rfc-examples.ts';

/** The close code field is a 16-bit unsigned integer. */
export const MAX_CLOSE_CODE = 0xffff;


/** One band of close codes. @see RFC 6455 §7.4.2 */
export interface CloseCodeRangeInfo {
  from: number;
  to: number;
  /** lib's name for the band, from `closeCodeRange`. */
  kind: ReturnType<typeof closeCodeRange>;
  label: string;
  /** Who assigns codes in this band and whether they may be sent. */
  meaning: string;
}

/**
 * Every band of the 16-bit code space. RFC 6455 §7.4.2 defines 0–4999; the field can
 * carry up to 65535, and nothing above 4999 is defined, so those codes are invalid too.
 */
export const CLOSE_CODE_RANGES: readonly CloseCodeRangeInfo[] = [
  { from: 0, to: 999, kind: 'invalid', label: 'Not used', meaning: 'Never used; a Close frame carrying one of these is invalid.' },
  {
    from: 1000,
    to: 2999,
    kind: 'protocol',
    label: 'Protocol',
    meaning: 'Reserved for RFC 6455, its extensions and later RFCs. Only the codes registered with IANA have a meaning; the rest may not be sent.',
  },
  {
    from: 3000,
    to: 3999,
    kind: 'registered',
    label: 'Libraries and frameworks',
    meaning: 'For libraries, frameworks and applications, registered with IANA first come, first served. Valid on the wire.',
  },
  {
    from: 4000,
    to: 4999,
    kind: 'private',
    label: 'Private use',
    meaning: 'Yours: codes the client and server of one application agree on. Not registered. Valid on the wire.',
  },
  { from: 5000, to: MAX_CLOSE_CODE, kind: 'invalid', label: 'Undefined', meaning: 'Beyond every range RFC 6455 defines; a Close frame carrying one is invalid.' },
];

/** The band `code` falls in. */
export function rangeOf(code: number): CloseCodeRangeInfo {
  const found = CLOSE_CODE_RANGES.find((r) => code >= r.from && code <= r.to);
  if (!found) throw new RangeError(`${code} is not a 16-bit close code`);
  return found;
}

/** The codes that exist only to report what happened, never to be sent. */
const REPORTED_ONLY: Readonly<Record<number, string>> = {
  1005: 'An endpoint reports 1005 when the Close frame it received had no code at all. There is nothing to send: it is the absence of a code.',
  1006: 'An endpoint reports 1006 when the connection ended without any Close frame — a dropped network, a crashed peer, a proxy cutting the line. No frame, so nothing carries it.',
  1015: 'An endpoint reports 1015 when the TLS handshake failed, before any WebSocket frame could be exchanged.',
};

/**
 * Whether a browser's `WebSocket.close(code)` accepts the code: 1000 or 3000–4999.
 * Anything else throws an `InvalidAccessError` before a byte is sent.
 * @see https://websockets.spec.whatwg.org/#dom-websocket-close
 */
export function browserMayClose(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999);
}

/** Parsing the learner's code: a whole number 0–65535. */
export type ParsedCode = { ok: true; code: number } | { ok: false; error: string };

/** Reads the code field; accepts decimal ("1000") or hex ("0x03e8"). */
export function parseCloseCode(text: string): ParsedCode {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Type a close code, e.g. 1000.' };
  const value = /^0x[0-9a-f]+$/i.test(trimmed) ? Number.parseInt(trimmed.slice(2), 16) : /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isInteger(value)) return { ok: false, error: 'A close code is a whole number, e.g. 1000.' };
  if (value > MAX_CLOSE_CODE) return { ok: false, error: `A close code has 16 bits, so it is at most ${MAX_CLOSE_CODE}.` };
  return { ok: true, code: value };
}

/** Everything the explorer says about one code. */
export interface CloseCodeExplanation {
  code: number;
  /** The code as it sits in the payload: two bytes, big-endian, e.g. "03 e8". */
  hex: string;
  /** lib's registry entry, or a description of the band. */
  info: CloseCodeInfo;
  range: CloseCodeRangeInfo;
  /** Whether an endpoint may put it in a Close frame (lib's `isValidCloseCode`). */
  sendable: boolean;
  /** Whether a browser page may pass it to `WebSocket.close()`. */
  browserMayClose: boolean;
  /** One sentence on who uses the code and when. */
  verdict: string;
}

/** Two bytes, network byte order. */
function codeHex(code: number): string {
  return toHex(new Uint8Array([code >> 8, code & 0xff]));
}

function verdictFor(code: number, range: CloseCodeRangeInfo, sendable: boolean): string {
  const reported = REPORTED_ONLY[code];
  if (reported) return `${reported} It must never appear in a Close frame.`;
  if (code === 1004) return '1004 is reserved without a meaning, so no endpoint sends it.';
  if (!sendable) {
    return range.kind === 'protocol'
      ? `${code} is in the protocol's own range but unassigned. A receiver that finds it in a Close frame fails the connection.`
      : `${code} is outside the ranges of RFC 6455. A receiver that finds it in a Close frame fails the connection.`;
  }
  if (range.kind === 'private') return `${code} is for private use: your client and server decide together what it means.`;
  if (range.kind === 'registered') return `${code} is in the band for libraries and frameworks; check the IANA registry before relying on its meaning.`;
  if (code === 1010) return '1010 is sent only by a client, when the server did not agree to an extension the client needs.';
  if (code === 1011 || code === 1012 || code === 1013 || code === 1014) return `${code} is usually sent by a server; a browser page cannot send it.`;
  return `${code} may be sent by either endpoint.`;
}

/** Explains any 16-bit code. */
export function explainCloseCode(code: number): CloseCodeExplanation {
  const info = describeCloseCode(code);
  const range = rangeOf(code);
  const sendable = isValidCloseCode(code);
  return {
    code,
    hex: codeHex(code),
    info,
    range,
    sendable,
    browserMayClose: browserMayClose(code),
    verdict: verdictFor(code, range, sendable),
  };
}

const encoder = new TextEncoder();

/** The reason's size in UTF-8 and what is wrong with it, if anything. */
export interface ReasonCheck {
  bytes: number;
  /** Characters as a person counts them (code points). */
  characters: number;
  max: number;
  /** Problems that stop it being sent; empty when it fits. */
  errors: string[];
}

/**
 * Checks a close reason: UTF-8, and at most 123 bytes — the 125 bytes a control frame
 * may carry, less the 2 of the code.
 * @see RFC 6455 §5.5 and §5.5.1
 */
export function checkReason(reason: string): ReasonCheck {
  const errors: string[] = [];
  // A lone surrogate cannot be encoded as UTF-8; TextEncoder would swap in U+FFFD silently.
  if (/\p{Surrogate}/u.test(reason)) errors.push('The reason contains a lone surrogate, which has no UTF-8 encoding.');
  const bytes = encoder.encode(reason).length;
  if (bytes > MAX_CLOSE_REASON_BYTES) {
    errors.push(
      `The reason takes ${bytes} bytes in UTF-8; at most ${MAX_CLOSE_REASON_BYTES} fit (a control frame carries ${MAX_CONTROL_PAYLOAD} bytes, and the code takes 2).`,
    );
  }
  return { bytes, characters: [...reason].length, max: MAX_CLOSE_REASON_BYTES, errors };
}

/** The bytes of a Close frame for one code and reason, or why it cannot be built. */
export type CloseFrameBytes =
  | {
      ok: true;
      /** The Close payload: code then reason. */
      payload: Uint8Array;
      payloadHex: string;
      /** The code's two bytes and the reason's bytes, apart, for highlighting. */
      codeHex: string;
      reasonHex: string;
      /** The whole frame as a server sends it: unmasked. */
      serverFrameHex: string;
      /** The whole frame as a client sends it, masked with the RFC's example key, so the bytes can be checked against RFC 6455 §5.7 (a real client draws a fresh random key for every frame). */
      clientFrameHex: string;
      maskingKeyHex: string;
    }
  | { ok: false; errors: string[] };

/**
 * Builds the payload with lib's `encodeClosePayload` and the frames with `encodeFrame`,
 * so the bytes shown are the bytes the lab sends.
 */
export function closeFrameBytes(code: number, reason: string): CloseFrameBytes {
  const errors: string[] = [];
  if (!isValidCloseCode(code)) errors.push(`${code} may not be sent in a Close frame (RFC 6455 §7.4), so there are no bytes to show.`);
  errors.push(...checkReason(reason).errors);
  if (errors.length > 0) return { ok: false, errors };
  let payload: Uint8Array;
  try {
    payload = encodeClosePayload(code, reason);
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
  const serverFrame = encodeFrame(createFrame(Opcode.Close, payload));
  const clientFrame = encodeFrame(createFrame(Opcode.Close, payload, { maskingKey: Uint8Array.from(RFC_MASKING_KEY) }));
  return {
    ok: true,
    payload,
    payloadHex: toHex(payload),
    codeHex: toHex(payload.subarray(0, 2)),
    reasonHex: toHex(payload.subarray(2)),
    serverFrameHex: toHex(serverFrame),
    clientFrameHex: toHex(clientFrame),
    maskingKeyHex: toHex(Uint8Array.from(RFC_MASKING_KEY)),
  };
}

/** What the other end makes of a Close frame carrying this code and reason. */
export type ReceiverView =
  | { ok: true; code: number; reason: string; summary: string }
  | { ok: false; failCode: number; section: string; summary: string };

/**
 * Decodes the raw bytes `code` + UTF-8 `reason` with lib's `decodeClosePayload`, as a
 * receiver would — even for a code that may not be sent, to show what happens if a
 * faulty peer sends it anyway.
 */
export function receiverView(code: number, reason: string): ReceiverView {
  const reasonBytes = encoder.encode(reason);
  const raw = new Uint8Array(2 + reasonBytes.length);
  raw[0] = code >> 8;
  raw[1] = code & 0xff;
  raw.set(reasonBytes, 2);
  if (raw.length > MAX_CONTROL_PAYLOAD) {
    const tooLong = PROTOCOL_ERRORS.CONTROL_FRAME_TOO_LONG;
    return {
      ok: false,
      failCode: tooLong.closeCode,
      section: tooLong.section,
      summary: `A ${raw.length}-byte payload is too long for a control frame: the receiver must fail the connection (RFC 6455 §${tooLong.section}), closing with ${tooLong.closeCode}.`,
    };
  }
  const decoded = decodeClosePayload(raw);
  if (decoded.ok) {
    const shown = decoded.reason === '' ? 'no reason' : `the reason “${decoded.reason}”`;
    return {
      ok: true,
      code: decoded.code ?? code,
      reason: decoded.reason,
      summary: `The receiver reads code ${code} with ${shown} and answers with a Close frame of its own. In a browser, the close event shows code ${code} and wasClean: true once the TCP connection has closed.`,
    };
  }
  return {
    ok: false,
    failCode: decoded.error.closeCode,
    section: decoded.error.section,
    summary: `The receiver must fail the connection (${decoded.error.message}; RFC 6455 §${decoded.error.section}), closing with ${decoded.error.closeCode}.`,
  };
}

/** One row of the table of registered codes. */
export interface CloseCodeRow extends CloseCodeInfo {
  hex: string;
  rangeLabel: string;
  browserMayClose: boolean;
}

/** Every registered code from lib's `CLOSE_CODES`, ready for a table. */
export function closeCodeRows(): CloseCodeRow[] {
  return CLOSE_CODES.map((entry) => ({
    ...entry,
    hex: codeHex(entry.code),
    rangeLabel: rangeOf(entry.code).label,
    browserMayClose: browserMayClose(entry.code),
  }));
}

/** Codes worth a one-click try: the common ones, the never-sent ones, and one of each band. */
export const QUICK_CODES: readonly number[] = [1000, 1001, 1008, 1011, 1005, 1006, 1015, 3000, 4000, 999, 5000];

/** One stretch of a frame's bytes, for colouring: header, masking key or payload. */
export interface FrameSegment {
  part: 'header' | 'maskingKey' | 'payload';
  hex: string;
}

/**
 * Splits a Close frame's hex into header, masking key (client frames) and payload. A
 * Close payload is at most 125 bytes, so the header is always the 2-byte short form.
 */
export function frameSegments(frameHex: string, masked: boolean): FrameSegment[] {
  const bytes = frameHex.split(' ').filter(Boolean);
  const keyEnd = masked ? 6 : 2;
  const segments: FrameSegment[] = [{ part: 'header', hex: bytes.slice(0, 2).join(' ') }];
  if (masked) segments.push({ part: 'maskingKey', hex: bytes.slice(2, keyEnd).join(' ') });
  if (bytes.length > keyEnd) segments.push({ part: 'payload', hex: bytes.slice(keyEnd).join(' ') });
  return segments;
}
