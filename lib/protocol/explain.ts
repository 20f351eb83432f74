/**
 * Annotated bytes: every field of a frame with its bit range, raw bits, value and
 * meaning, and every rule it breaks. The visualizers render only this.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2
 */
import {
  FIN_BIT, LENGTH_16_MARKER, LENGTH_64_MARKER, LENGTH_BITS, MASK_BIT, MAX_16BIT_LENGTH, MAX_7BIT_LENGTH,
  OPCODE_BITS, OPCODE_NAMES, Opcode, RSV1_BIT, RSV2_BIT, RSV3_BIT, isControlOpcode, isKnownOpcode,
} from './constants.ts';
import { decodeClosePayload, describeCloseCode } from './close.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { readLength64, type Frame } from './frame.ts';
import { headerViolations } from './header-rules.ts';
import { MASKING_KEY_LENGTH, applyMask, copyBytes } from './mask.ts';
import { Utf8Validator, decodeUtf8 } from './utf8.ts';

/** Names of the fields of a frame, in wire order. */
export type FrameFieldName =
  | 'fin' | 'rsv1' | 'rsv2' | 'rsv3' | 'opcode' | 'mask' | 'payloadLength'
  | 'extendedPayloadLength' | 'maskingKey' | 'payload';

/** One field of a frame as it sits on the wire. */
export interface ExplainedField {
  name: FrameFieldName;
  /** Short label, e.g. "FIN" or "Payload len". */
  label: string;
  /** First bit of the field, counted from the first bit of the frame. */
  bitOffset: number;
  /** Width in bits (for the payload: all its bits, even when `bits` is cut short). */
  bitLength: number;
  /** The raw bits as '0'/'1' (for the payload, at most {@link MAX_SHOWN_PAYLOAD_BITS}). */
  bits: string;
  /** Whether `bits` was cut short. */
  truncated: boolean;
  /** The decoded value: a flag, a number, or hex for byte fields. */
  value: boolean | number | string;
  /** What the value means, in a sentence. */
  meaning: string;
}

/** Everything explainFrame finds in some bytes. Plain data: serializable as JSON. */
export interface FrameExplanation {
  fields: ExplainedField[];
  /** The decoded frame, when all its bytes are present. */
  frame?: Frame;
  /** Every receiving rule the bytes break. */
  violations: ProtocolError[];
  /** Sender rules broken that a receiver does not enforce (e.g. non-minimal length). */
  warnings: string[];
  /** Whether the whole frame is present. */
  complete: boolean;
  /** Bytes still missing, when incomplete. */
  needed?: number;
  /** Bytes the frame takes, when complete. */
  length?: number;
  /** The payload as text, when it is a complete text frame of valid UTF-8 (or a close reason). */
  text?: string;
}

/** How many payload bits explainFrame spells out. */
export const MAX_SHOWN_PAYLOAD_BITS = 64;

function bitsOf(value: number, width: number): string {
  return value.toString(2).padStart(width, '0').slice(-width);
}

function bytesToBits(bytes: Uint8Array, limit = Infinity): string {
  let out = '';
  for (let i = 0; i < bytes.length && out.length < limit; i++) out += bitsOf(bytes[i], 8);
  return out.slice(0, limit);
}

/** Each byte value's two hex digits. */
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * Hex of bytes, space-separated, e.g. "81 05". Built from a table of pairs: the wire log
 * writes up to 64 KiB of every frame this way, and formatting each byte afresh took ten
 * times as long.
 */
export function toHex(bytes: Uint8Array): string {
  if (bytes.length === 0) return '';
  let out = HEX_PAIRS[bytes[0]];
  for (let i = 1; i < bytes.length; i++) out += ' ' + HEX_PAIRS[bytes[i]];
  return out;
}

function opcodeMeaning(opcode: number): string {
  const name = OPCODE_NAMES[opcode];
  if (!isKnownOpcode(opcode)) return `${name}: no meaning is defined, so a receiver must fail the connection`;
  if (opcode === Opcode.Continuation) return 'continuation: the next fragment of a message started earlier';
  return `${name} frame${isControlOpcode(opcode) ? ' (a control frame)' : ' (a data frame)'}`;
}

/** The length in the extended length field, when it has arrived and is allowed. */
function extendedLength(bytes: Uint8Array): number | undefined {
  const length7 = bytes.length >= 2 ? bytes[1] & LENGTH_BITS : 0;
  if (length7 === LENGTH_16_MARKER && bytes.length >= 4) return (bytes[2] << 8) | bytes[3];
  if (length7 === LENGTH_64_MARKER && bytes.length >= 10) {
    const length = readLength64(bytes, 2);
    return typeof length === 'number' ? length : undefined;
  }
  return undefined;
}

/**
 * Explains the frame at the start of `bytes`. `role` is who receives it ('server' expects
 * masked frames, 'client' unmasked); without it, masking is not judged. Never throws.
 */
export function explainFrame(bytes: Uint8Array, options: { role?: 'server' | 'client' } = {}): FrameExplanation {
  const fields: ExplainedField[] = [];
  const violations: ProtocolError[] = [];
  const warnings: string[] = [];
  const add = (name: FrameFieldName, label: string, bitOffset: number, bitLength: number, bits: string, value: ExplainedField['value'], meaning: string, truncated = false) =>
    fields.push({ name, label, bitOffset, bitLength, bits, truncated, value, meaning });
  const incomplete = (needed: number): FrameExplanation => ({ fields, violations, warnings, complete: false, needed });

  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return incomplete(2);
  const b0 = bytes[0];
  const fin = (b0 & FIN_BIT) !== 0;
  const opcode = b0 & OPCODE_BITS;
  // The header's rules are judged once, by the function the receiver uses: every violation here, the first there.
  violations.push(...headerViolations(b0, bytes.length >= 2 ? bytes[1] : undefined, { role: options.role, payloadLength: extendedLength(bytes) }));
  add('fin', 'FIN', 0, 1, bitsOf(b0 >> 7, 1), fin, fin ? 'the final fragment of its message' : 'more fragments of this message follow');
  const rsv = [[RSV1_BIT, 'rsv1', 'RSV1'], [RSV2_BIT, 'rsv2', 'RSV2'], [RSV3_BIT, 'rsv3', 'RSV3']] as const;
  rsv.forEach(([bit, name, label], index) => {
    const set = (b0 & bit) !== 0;
    add(name, label, 1 + index, 1, set ? '1' : '0', set, set ? 'set: only allowed when an extension defines it, and none is negotiated' : 'reserved for extensions; 0');
  });
  add('opcode', 'Opcode', 4, 4, bitsOf(opcode, 4), opcode, opcodeMeaning(opcode));

  if (bytes.length < 2) return incomplete(2 - bytes.length);
  const b1 = bytes[1];
  const masked = (b1 & MASK_BIT) !== 0;
  add('mask', 'MASK', 8, 1, masked ? '1' : '0', masked, masked ? 'the payload is masked with the 4-byte key that follows (client to server)' : 'the payload is not masked (server to client)');
  const length7 = b1 & LENGTH_BITS;
  const lengthMeaning = length7 === LENGTH_16_MARKER ? '126: the length is in the next 16 bits'
    : length7 === LENGTH_64_MARKER ? '127: the length is in the next 64 bits'
      : `the payload is ${length7} byte${length7 === 1 ? '' : 's'} long`;
  add('payloadLength', 'Payload len', 9, 7, bitsOf(length7, 7), length7, lengthMeaning);

  let offset = 2;
  let payloadLength = length7;
  if (length7 === LENGTH_16_MARKER || length7 === LENGTH_64_MARKER) {
    const width = length7 === LENGTH_16_MARKER ? 2 : 8;
    if (bytes.length < offset + width) return incomplete(offset + width - bytes.length);
    const raw = bytes.subarray(offset, offset + width);
    if (width === 2) {
      payloadLength = (raw[0] << 8) | raw[1];
      if (payloadLength <= MAX_7BIT_LENGTH) warnings.push(`Length ${payloadLength} fits in 7 bits: "the minimal number of bytes MUST be used to encode the length" (§5.2)`);
    } else {
      const length = readLength64(raw, 0);
      if (typeof length !== 'number') {
        violations.push(length);
        add('extendedPayloadLength', 'Extended payload length', 16, 64, bytesToBits(raw), toHex(raw), 'a 64-bit length that is not allowed');
        return { fields, violations, warnings, complete: false };
      }
      payloadLength = length;
      if (payloadLength <= MAX_16BIT_LENGTH) warnings.push(`Length ${payloadLength} fits in 16 bits: "the minimal number of bytes MUST be used to encode the length" (§5.2)`);
    }
    add('extendedPayloadLength', 'Extended payload length', 16, width * 8, bytesToBits(raw), payloadLength, `the payload is ${payloadLength} bytes long`);
    offset += width;
  }

  let maskingKey: Uint8Array | undefined;
  if (masked) {
    if (bytes.length < offset + MASKING_KEY_LENGTH) return incomplete(offset + MASKING_KEY_LENGTH - bytes.length + payloadLength);
    maskingKey = copyBytes(bytes, offset, offset + MASKING_KEY_LENGTH);
    add('maskingKey', 'Masking key', offset * 8, 32, bytesToBits(maskingKey), toHex(maskingKey), 'payload byte i is XORed with key byte i mod 4');
    offset += MASKING_KEY_LENGTH;
  }

  const available = Math.min(bytes.length - offset, payloadLength);
  const shown = bytes.subarray(offset, offset + available);
  add('payload', 'Payload', offset * 8, payloadLength * 8, bytesToBits(shown, MAX_SHOWN_PAYLOAD_BITS), toHex(shown.subarray(0, 32)) + (available > 32 ? ' …' : ''),
    `${payloadLength} byte${payloadLength === 1 ? '' : 's'} of ${masked ? 'masked ' : ''}application data`, payloadLength * 8 > MAX_SHOWN_PAYLOAD_BITS || available < payloadLength);
  if (available < payloadLength) return incomplete(payloadLength - available);

  const payload = copyBytes(bytes, offset, offset + payloadLength);
  if (maskingKey) applyMask(payload, maskingKey);
  const frame: Frame = { fin, rsv1: (b0 & RSV1_BIT) !== 0, rsv2: (b0 & RSV2_BIT) !== 0, rsv3: (b0 & RSV3_BIT) !== 0, opcode, payload };
  if (maskingKey) frame.maskingKey = maskingKey;
  const result: FrameExplanation = { fields, frame, violations, warnings, complete: true, length: offset + payloadLength };

  if (opcode === Opcode.Text) {
    // Judged as the receiver judges text: a byte no continuation can make valid fails at once; only a character cut at the end may be completed by the next fragment.
    const utf8 = new Utf8Validator();
    if (!utf8.push(payload)) violations.push(protocolError('INVALID_UTF8'));
    else if (utf8.end()) result.text = decodeUtf8(payload);
    else if (fin) violations.push(protocolError('INVALID_UTF8', 'the message ends inside a character'));
    else warnings.push('The payload ends inside a character; the next fragment may complete it');
  } else if (opcode === Opcode.Close) {
    const close = decodeClosePayload(payload);
    if (!close.ok) violations.push(close.error);
    else {
      result.text = close.reason;
      const field = fields[fields.length - 1];
      field.meaning = close.code === undefined
        ? 'an empty close payload: no status code (reported locally as 1005)'
        : `close code ${close.code} (${describeCloseCode(close.code).name})${close.reason ? `, reason "${close.reason}"` : ''}`;
    }
  }
  return result;
}
