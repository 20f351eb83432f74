/**
 * Protocol constants of RFC 6455.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-1.3 (GUID)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.2 (opcodes, lengths)
 */

/**
 * The globally unique identifier appended to `Sec-WebSocket-Key` before hashing.
 * @see RFC 6455 §1.3
 */
export const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** The only protocol version RFC 6455 defines (`Sec-WebSocket-Version: 13`). @see RFC 6455 §4.1 */
export const WS_VERSION = 13;

/**
 * Frame opcodes.
 * @see RFC 6455 §5.2 and §11.8
 */
export const Opcode = {
  /** %x0 denotes a continuation frame. */
  Continuation: 0x0,
  /** %x1 denotes a text frame. */
  Text: 0x1,
  /** %x2 denotes a binary frame. */
  Binary: 0x2,
  /** %x8 denotes a connection close. */
  Close: 0x8,
  /** %x9 denotes a ping. */
  Ping: 0x9,
  /** %xA denotes a pong. */
  Pong: 0xa,
} as const;

/** One of the opcodes RFC 6455 defines. */
export type OpcodeValue = (typeof Opcode)[keyof typeof Opcode];

/** Human names of every opcode value 0–15, reserved ones included. */
export const OPCODE_NAMES: readonly string[] = [
  'continuation', 'text', 'binary',
  'reserved (non-control 0x3)', 'reserved (non-control 0x4)', 'reserved (non-control 0x5)',
  'reserved (non-control 0x6)', 'reserved (non-control 0x7)',
  'close', 'ping', 'pong',
  'reserved (control 0xB)', 'reserved (control 0xC)', 'reserved (control 0xD)',
  'reserved (control 0xE)', 'reserved (control 0xF)',
];

/** Whether an opcode is one RFC 6455 defines (the rest are reserved). */
export function isKnownOpcode(opcode: number): opcode is OpcodeValue {
  return opcode <= Opcode.Binary || (opcode >= Opcode.Close && opcode <= Opcode.Pong);
}

/**
 * "Control frames are identified by opcodes where the most significant bit of the
 * opcode is 1." @see RFC 6455 §5.5
 */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}

/**
 * "All control frames MUST have a payload length of 125 bytes or less."
 * @see RFC 6455 §5.5
 */
export const MAX_CONTROL_PAYLOAD = 125;

/** Payload lengths up to this fit in the 7-bit field. @see RFC 6455 §5.2 */
export const MAX_7BIT_LENGTH = 125;
/** The 7-bit length value announcing a 16-bit extended length. @see RFC 6455 §5.2 */
export const LENGTH_16_MARKER = 126;
/** The 7-bit length value announcing a 64-bit extended length. @see RFC 6455 §5.2 */
export const LENGTH_64_MARKER = 127;
/** The largest length the 16-bit extended field can carry. */
export const MAX_16BIT_LENGTH = 0xffff;
/** The largest payload length this library represents exactly (JavaScript's safe integer). */
export const MAX_SAFE_PAYLOAD_LENGTH = Number.MAX_SAFE_INTEGER;

/** Bit masks of the first two header bytes. @see RFC 6455 §5.2 */
export const FIN_BIT = 0x80;
export const RSV1_BIT = 0x40;
export const RSV2_BIT = 0x20;
export const RSV3_BIT = 0x10;
/** All three reserved bits. */
export const RSV_BITS = RSV1_BIT | RSV2_BIT | RSV3_BIT;
export const OPCODE_BITS = 0x0f;
export const MASK_BIT = 0x80;
export const LENGTH_BITS = 0x7f;

/** The longest close reason: 125 bytes of control payload less the 2-byte code. @see RFC 6455 §5.5.1 */
export const MAX_CLOSE_REASON_BYTES = 123;

/** Default limit on a reassembled message, after which the receiver fails with 1009. */
export const DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
