/**
 * Protocol errors as data: one table, each entry with a stable code, the close code
 * the connection fails with, a message and the RFC section whose MUST it enforces.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.1.7 (Fail the WebSocket Connection)
 */

/** Every way a received byte stream can break RFC 6455. */
export const PROTOCOL_ERRORS = {
  UNMASKED_CLIENT_FRAME: {
    closeCode: 1002,
    section: '5.1',
    message: 'A client frame arrived without a mask',
    must: 'The server MUST close the connection upon receiving a frame that is not masked.',
  },
  MASKED_SERVER_FRAME: {
    closeCode: 1002,
    section: '5.1',
    message: 'A server frame arrived masked',
    must: 'A client MUST close a connection if it detects a masked frame.',
  },
  RESERVED_BITS_SET: {
    closeCode: 1002,
    section: '5.2',
    message: 'A reserved bit (RSV1–3) is set but no extension was negotiated',
    must: 'MUST be 0 unless an extension is negotiated that defines meanings for non-zero values.',
  },
  RESERVED_OPCODE: {
    closeCode: 1002,
    section: '5.2',
    message: 'The frame uses a reserved opcode',
    must: 'If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_.',
  },
  CONTROL_FRAME_TOO_LONG: {
    closeCode: 1002,
    section: '5.5',
    message: 'A control frame carries more than 125 bytes of payload',
    must: 'All control frames MUST have a payload length of 125 bytes or less.',
  },
  CONTROL_FRAME_FRAGMENTED: {
    closeCode: 1002,
    section: '5.5',
    message: 'A control frame has FIN clear (control frames cannot be fragmented)',
    must: 'All control frames ... MUST NOT be fragmented.',
  },
  UNEXPECTED_CONTINUATION: {
    closeCode: 1002,
    section: '5.4',
    message: 'A continuation frame arrived with no fragmented message in progress',
    must: 'A fragmented message consists of a single frame with the FIN bit clear and an opcode other than 0, followed by zero or more frames with the FIN bit clear and the opcode set to 0.',
  },
  EXPECTED_CONTINUATION: {
    closeCode: 1002,
    section: '5.4',
    message: 'A new data frame arrived while a fragmented message was still in progress',
    must: 'The fragments of one message MUST NOT be interleaved between the fragments of another message unless an extension has been negotiated.',
  },
  LENGTH_TOP_BIT_SET: {
    closeCode: 1002,
    section: '5.2',
    message: 'The 64-bit payload length has its most significant bit set',
    must: 'the most significant bit MUST be 0',
  },
  LENGTH_TOO_LARGE: {
    closeCode: 1009,
    section: '5.2',
    message: 'The 64-bit payload length is larger than 2^53 − 1 bytes',
    must: 'An endpoint that receives a frame larger than it can process MAY close with 1009 (§7.4.1).',
  },
  MESSAGE_TOO_BIG: {
    closeCode: 1009,
    section: '10.4',
    message: 'The message is larger than the receiver accepts',
    must: 'Implementations SHOULD impose a limit on frame sizes and the total message size after reassembly.',
  },
  INVALID_UTF8: {
    closeCode: 1007,
    section: '8.1',
    message: 'A text message is not valid UTF-8',
    must: 'When an endpoint is to interpret a byte stream as UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream, that endpoint MUST _Fail the WebSocket Connection_.',
  },
  INVALID_CLOSE_PAYLOAD: {
    closeCode: 1002,
    section: '5.5.1',
    message: 'A close frame carries a 1-byte payload (a close code takes 2 bytes)',
    must: 'If there is a body, the first two bytes of the body MUST be a 2-byte unsigned integer (in network byte order) representing a status code.',
  },
  INVALID_CLOSE_CODE: {
    closeCode: 1002,
    section: '7.4',
    message: 'A close frame carries a status code that may not be sent on the wire',
    must: 'If an endpoint receives a Close frame with an invalid status code it MUST _Fail the WebSocket Connection_ (codes 0–999, 1004–1006, 1015, unassigned 1016–2999 and ≥ 5000 are invalid).',
  },
  INVALID_CLOSE_REASON: {
    closeCode: 1007,
    section: '5.5.1',
    message: 'A close reason is not valid UTF-8',
    must: 'The data following the status code is encoded as UTF-8 ... (and a receiver MUST fail the connection on invalid UTF-8, §8.1).',
  },
} as const satisfies Record<string, { closeCode: number; section: string; message: string; must: string }>;

/** The stable string code of a protocol error, e.g. `'RESERVED_BITS_SET'`. */
export type ProtocolErrorCode = keyof typeof PROTOCOL_ERRORS;

/**
 * A violation of RFC 6455 found in received bytes: plain data, so it can be shown,
 * serialized and compared. The connection is failed with `closeCode`.
 */
export interface ProtocolError {
  /** Stable identifier from {@link PROTOCOL_ERRORS}. */
  readonly code: ProtocolErrorCode;
  /** The close code to fail the connection with (1002, 1007 or 1009). */
  readonly closeCode: 1002 | 1007 | 1009;
  /** What went wrong, in words; may carry a detail after the table's message. */
  readonly message: string;
  /** The RFC 6455 section of the rule, e.g. `'5.2'`. */
  readonly section: string;
}

/** Builds the {@link ProtocolError} for `code`, optionally with a detail appended to its message. */
export function protocolError(code: ProtocolErrorCode, detail?: string): ProtocolError {
  const entry = PROTOCOL_ERRORS[code];
  return {
    code,
    closeCode: entry.closeCode,
    message: detail ? `${entry.message}: ${detail}` : entry.message,
    section: entry.section,
  };
}
