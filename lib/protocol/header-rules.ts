/**
 * The receiving rules a frame's first two bytes can break, checked in one place: the
 * Receiver and decodeFrame fail with the first violation, explainFrame lists them all.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.1 (masking by role)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2 (reserved bits and opcodes)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.4 (fragmentation)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.5 (control frames)
 *
 * The rules a frame's length can break are checked where the length is read
 * (readLength64 in frame.ts), those of its payload in utf8.ts and close.ts.
 */
import {
  FIN_BIT, LENGTH_BITS, MASK_BIT, MAX_CONTROL_PAYLOAD, OPCODE_BITS, Opcode, RSV_BITS, isControlOpcode, isKnownOpcode,
} from './constants.ts';
import { protocolError, type ProtocolError } from './errors.ts';

/** What a receiver knows beyond the header bytes themselves; each rule that needs a missing fact is not judged. */
export interface HeaderContext {
  /** Who receives the frame: a 'server' expects masked frames, a 'client' unmasked ones. */
  role?: 'server' | 'client';
  /** The opcode (Text or Binary) of the fragmented message in progress, or 0 when none. */
  messageOpcode?: number;
  /** The payload length, once the extended length has been read (it names the length in a message). */
  payloadLength?: number;
}

const NONE: readonly ProtocolError[] = Object.freeze([]);

/**
 * Every rule the header bytes `b0` and `b1` break (`b1` undefined while only one byte has
 * arrived), in the order the bits come: reserved bits, opcode, control-frame rules,
 * masking, continuation order. With `limit`, stops after that many.
 */
export function headerViolations(b0: number, b1: number | undefined, context: HeaderContext = {}, limit = Infinity): readonly ProtocolError[] {
  let found: ProtocolError[] | undefined;
  const opcode = b0 & OPCODE_BITS;
  // "MUST be 0 unless an extension is negotiated that defines meanings for non-zero values" (§5.2). No extension is ever negotiated here.
  if (b0 & RSV_BITS) {
    found = add(found, protocolError('RESERVED_BITS_SET'));
    if (found.length >= limit) return found;
  }
  // "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_" (§5.2).
  if (!isKnownOpcode(opcode)) {
    found = add(found, protocolError('RESERVED_OPCODE', `0x${opcode.toString(16).toUpperCase()}`));
    if (found.length >= limit) return found;
  }
  if (isControlOpcode(opcode)) {
    // "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be fragmented" (§5.5).
    if (!(b0 & FIN_BIT)) {
      found = add(found, protocolError('CONTROL_FRAME_FRAGMENTED'));
      if (found.length >= limit) return found;
    }
    // A 7-bit length of 126 or 127 announces an extended length: more than 125, whatever it says.
    if (b1 !== undefined && (b1 & LENGTH_BITS) > MAX_CONTROL_PAYLOAD) {
      found = add(found, protocolError('CONTROL_FRAME_TOO_LONG', context.payloadLength === undefined ? undefined : `${context.payloadLength} bytes`));
      if (found.length >= limit) return found;
    }
  }
  if (b1 !== undefined && context.role !== undefined) {
    const masked = (b1 & MASK_BIT) !== 0;
    // "The server MUST close the connection upon receiving a frame that is not masked" and
    // "A client MUST close a connection if it detects a masked frame" (§5.1).
    if (context.role === 'server' ? !masked : masked) {
      found = add(found, protocolError(context.role === 'server' ? 'UNMASKED_CLIENT_FRAME' : 'MASKED_SERVER_FRAME'));
      if (found.length >= limit) return found;
    }
  }
  if (context.messageOpcode !== undefined && isKnownOpcode(opcode) && !isControlOpcode(opcode)) {
    // A continuation frame continues something: "a single frame with the FIN bit clear and an opcode other than 0, followed by ... frames with ... the opcode set to 0";
    // and "The fragments of one message MUST NOT be interleaved between the fragments of another message" (§5.4).
    const inProgress = context.messageOpcode !== 0;
    if (opcode === Opcode.Continuation ? !inProgress : inProgress) {
      found = add(found, protocolError(inProgress ? 'EXPECTED_CONTINUATION' : 'UNEXPECTED_CONTINUATION'));
    }
  }
  return found ?? NONE;
}

function add(found: ProtocolError[] | undefined, error: ProtocolError): ProtocolError[] {
  if (!found) return [error];
  found.push(error);
  return found;
}
