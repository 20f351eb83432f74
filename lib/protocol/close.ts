/**
 * Close codes and the close frame's payload.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5.5.1 (Close)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-7.4 (Status Codes)
 * @see https://www.iana.org/assignments/websocket/websocket.xhtml#close-code-number
 */
import { MAX_CLOSE_REASON_BYTES } from './constants.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

/** One registered close code with its meaning and whether it may appear in a close frame. */
export interface CloseCodeInfo {
  readonly code: number;
  /** Registry name, e.g. "Normal Closure". */
  readonly name: string;
  /** What it means, in a sentence. */
  readonly meaning: string;
  /** Whether an endpoint may put it in a close frame. */
  readonly sendable: boolean;
  /** Where it is defined. */
  readonly reference: string;
}

/**
 * The registry, once: every registered close code under the name {@link CloseCode} gives
 * it, in order. {@link CloseCode} and {@link CLOSE_CODES} are both read from here.
 * @see RFC 6455 §7.4.1 and the IANA registry
 */
const REGISTRY = {
  /** 1000 indicates a normal closure, meaning that the purpose for which the connection was established has been fulfilled. */
  NormalClosure: { code: 1000, name: 'Normal Closure', meaning: 'The purpose of the connection has been fulfilled.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1001 indicates that an endpoint is "going away", such as a server going down or a browser having navigated away from a page. */
  GoingAway: { code: 1001, name: 'Going Away', meaning: 'The endpoint is going away: a server shutting down or a browser leaving the page.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1002 indicates that an endpoint is terminating the connection due to a protocol error. */
  ProtocolError: { code: 1002, name: 'Protocol Error', meaning: 'The endpoint received bytes that break the protocol.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1003 indicates that an endpoint received a type of data it cannot accept. */
  UnsupportedData: { code: 1003, name: 'Unsupported Data', meaning: 'The endpoint received a type of data it cannot accept (e.g. binary when it only understands text).', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1004 is reserved; its meaning might be defined in the future. */
  Reserved: { code: 1004, name: 'Reserved', meaning: 'Reserved; no meaning is defined, so it is never sent.', sendable: false, reference: 'RFC 6455 §7.4.1' },
  /** 1005 is reserved and MUST NOT be sent: it means no status code was present. */
  NoStatusReceived: { code: 1005, name: 'No Status Received', meaning: 'Reported locally when a close frame carried no status code. Never sent.', sendable: false, reference: 'RFC 6455 §7.4.1' },
  /** 1006 is reserved and MUST NOT be sent: the connection closed without a close frame. */
  AbnormalClosure: { code: 1006, name: 'Abnormal Closure', meaning: 'Reported locally when the connection dropped without a close frame. Never sent.', sendable: false, reference: 'RFC 6455 §7.4.1' },
  /** 1007 indicates data within a message that was not consistent with its type (e.g. non-UTF-8 text). */
  InvalidPayloadData: { code: 1007, name: 'Invalid Frame Payload Data', meaning: 'A message was not consistent with its type, such as text that is not UTF-8.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1008 indicates a message that violates the endpoint's policy. */
  PolicyViolation: { code: 1008, name: 'Policy Violation', meaning: 'A message broke the endpoint\'s policy; a generic code when no other fits.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1009 indicates a message too big to process. */
  MessageTooBig: { code: 1009, name: 'Message Too Big', meaning: 'A message was too big to process.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1010 is sent by a client when the server did not negotiate an extension it expected. */
  MandatoryExtension: { code: 1010, name: 'Mandatory Extension', meaning: 'The client expected the server to negotiate an extension and it did not.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1011 indicates that a server encountered an unexpected condition. */
  InternalError: { code: 1011, name: 'Internal Error', meaning: 'The server met an unexpected condition that kept it from fulfilling the request.', sendable: true, reference: 'RFC 6455 §7.4.1' },
  /** 1012 indicates that the service is restarting. */
  ServiceRestart: { code: 1012, name: 'Service Restart', meaning: 'The service is restarting; a client may reconnect.', sendable: true, reference: 'IANA registry' },
  /** 1013 indicates a temporary condition; try again later. */
  TryAgainLater: { code: 1013, name: 'Try Again Later', meaning: 'A temporary condition, such as overload; try again later.', sendable: true, reference: 'IANA registry' },
  /** 1014 indicates that a gateway or proxy received an invalid response from upstream. */
  BadGateway: { code: 1014, name: 'Bad Gateway', meaning: 'A gateway or proxy got an invalid response from the server behind it.', sendable: true, reference: 'IANA registry' },
  /** 1015 is reserved and MUST NOT be sent: the TLS handshake failed. */
  TlsHandshake: { code: 1015, name: 'TLS Handshake', meaning: 'Reported locally when the TLS handshake failed. Never sent.', sendable: false, reference: 'RFC 6455 §7.4.1' },
} as const satisfies Record<string, CloseCodeInfo>;

type Registry = typeof REGISTRY;

/** Registered close codes by name, e.g. `CloseCode.NormalClosure` is 1000. @see RFC 6455 §7.4.1 and the IANA registry */
export const CloseCode = Object.fromEntries(
  Object.entries(REGISTRY).map(([key, entry]) => [key, entry.code]),
) as { readonly [K in keyof Registry]: Registry[K]['code'] };

/** Every registered close code, in order. Lessons render this table. */
export const CLOSE_CODES: readonly CloseCodeInfo[] = Object.values(REGISTRY);

/** Where a close code falls among the ranges of RFC 6455 §7.4.2. */
export function closeCodeRange(code: number): 'invalid' | 'protocol' | 'registered' | 'private' {
  if (code >= 1000 && code <= 2999) return 'protocol';
  if (code >= 3000 && code <= 3999) return 'registered';
  if (code >= 4000 && code <= 4999) return 'private';
  return 'invalid';
}

/**
 * Whether `code` may appear in a close frame: the sendable registered codes 1000–1003,
 * 1007–1014, and the application ranges 3000–4999. 0–999, 1004–1006, 1015,
 * unassigned 1016–2999 and 5000 and above are invalid on the wire.
 * @see RFC 6455 §7.4
 */
export function isValidCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return CLOSE_CODES.some((entry) => entry.code === code && entry.sendable);
}

/** Describes any close code: its registry entry, or the range it falls in. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = CLOSE_CODES.find((entry) => entry.code === code);
  if (known) return known;
  const range = closeCodeRange(code);
  const reference = 'RFC 6455 §7.4.2';
  if (range === 'registered') return { code, name: 'Registered (library/framework)', meaning: 'Reserved for libraries, frameworks and applications registered with IANA.', sendable: true, reference };
  if (range === 'private') return { code, name: 'Private use', meaning: 'Reserved for private use by applications; agreed between the two ends.', sendable: true, reference };
  if (range === 'protocol') return { code, name: 'Unassigned', meaning: 'Reserved for future versions of the protocol; not assigned, so it may not be sent.', sendable: false, reference };
  return { code, name: 'Invalid', meaning: 'Outside every range RFC 6455 defines; never valid on the wire.', sendable: false, reference };
}

/**
 * Builds a close frame's payload: the code in network byte order, then the reason in UTF-8.
 * Throws a RangeError for a code that may not be sent or a reason over 123 bytes — those
 * are programming errors on the sending side, not received data.
 */
export function encodeClosePayload(code?: number, reason = ''): Uint8Array {
  if (code === undefined) {
    if (reason !== '') throw new RangeError('A close reason needs a close code');
    return new Uint8Array(0);
  }
  if (!isValidCloseCode(code)) throw new RangeError(`Close code ${code} may not be sent (RFC 6455 §7.4)`);
  const reasonBytes = encodeUtf8(reason);
  if (reasonBytes.length > MAX_CLOSE_REASON_BYTES) {
    throw new RangeError(`A close reason may take at most ${MAX_CLOSE_REASON_BYTES} bytes; this one takes ${reasonBytes.length}`);
  }
  const payload = new Uint8Array(2 + reasonBytes.length);
  payload[0] = code >> 8;
  payload[1] = code & 0xff;
  payload.set(reasonBytes, 2);
  return payload;
}

/** The decoded close payload, or the protocol error it breaks. */
export type ClosePayloadResult =
  | { ok: true; code?: number; reason: string }
  | { ok: false; error: ProtocolError };

/**
 * Reads a received close frame's payload. An empty payload has no code (reported
 * locally as 1005). Never throws.
 * @see RFC 6455 §5.5.1
 */
export function decodeClosePayload(payload: Uint8Array): ClosePayloadResult {
  if (payload.length === 0) return { ok: true, reason: '' };
  if (payload.length === 1) return { ok: false, error: protocolError('INVALID_CLOSE_PAYLOAD') };
  const code = (payload[0] << 8) | payload[1];
  if (!isValidCloseCode(code)) return { ok: false, error: protocolError('INVALID_CLOSE_CODE', String(code)) };
  // The reason "is encoded as UTF-8" and, like any text, must be valid UTF-8 (§5.5.1, §8.1).
  const reason = decodeUtf8(payload.subarray(2));
  if (reason === undefined) return { ok: false, error: protocolError('INVALID_CLOSE_REASON') };
  return { ok: true, code, reason };
}
