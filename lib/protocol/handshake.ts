/**
 * The opening handshake: Sec-WebSocket-Key and -Accept, the client's request and the
 * server's response, built and checked.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-1.3 (Opening Handshake)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4.1 (Client Requirements)
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4.2 (Server-Side Requirements)
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { WS_GUID, WS_VERSION } from './constants.ts';
import { decodeBase64, encodeBase64 } from './base64.ts';
import {
  STATUS_TEXT, hasToken, isToken, parseExtensions, parseHttpHead, splitList,
  type ExtensionOffer, type HttpHeaders,
} from './http.ts';

/** Bytes of nonce in Sec-WebSocket-Key: "a randomly selected 16-byte value" (§4.1). */
export const KEY_BYTES = 16;

const textEncoder = new TextEncoder();

/** Sec-WebSocket-Accept for a key: base64(SHA-1(key + GUID)). Synchronous. @see RFC 6455 §1.3, §4.2.2 */
export function computeAcceptKey(key: string): string {
  return encodeBase64(sha1(textEncoder.encode(key + WS_GUID)));
}

/** Each step of computing Sec-WebSocket-Accept, for a stepper to show. */
export interface AcceptKeySteps {
  key: string;
  /** The key with the GUID appended: the string that is hashed. */
  concatenated: string;
  /** SHA-1 of the concatenation, 20 bytes as lowercase hex. */
  sha1Hex: string;
  /** The same 20 bytes. */
  sha1Bytes: number[];
  /** base64 of the SHA-1 bytes: the Sec-WebSocket-Accept value. */
  accept: string;
}

/** Computes Sec-WebSocket-Accept step by step. */
export function acceptKeySteps(key: string): AcceptKeySteps {
  const concatenated = key + WS_GUID;
  const digest = sha1(textEncoder.encode(concatenated));
  return {
    key,
    concatenated,
    sha1Hex: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    sha1Bytes: [...digest],
    accept: encodeBase64(digest),
  };
}

/**
 * A Sec-WebSocket-Key from 16 random bytes, which the caller supplies so runs replay.
 * "The nonce MUST be selected randomly for each connection." (§4.1)
 */
export function generateKey(random16: Uint8Array): string {
  if (random16.length !== KEY_BYTES) throw new RangeError(`A key is made of ${KEY_BYTES} random bytes, not ${random16.length}`);
  return encodeBase64(random16);
}

/** Whether a Sec-WebSocket-Key value is base64 of exactly 16 bytes. */
export function isValidKey(key: string): boolean {
  return decodeBase64(key)?.length === KEY_BYTES;
}

/** Why a handshake failed: the header at fault, the problem, the status a server answers and the RFC section. */
export interface HandshakeFailure {
  /** The header field at fault (as the RFC spells it), or null for the start line or the message as a whole. */
  header: string | null;
  /** What was wrong, in a sentence. */
  problem: string;
  /** The HTTP status a server should answer with (for a response, the status the server sent). */
  status: number;
  /** The RFC 6455 section of the rule, or, when `standard` is 'WHATWG', the name of the WHATWG WebSockets algorithm. */
  section: string;
  /** Set when the rule comes from the WHATWG WebSockets Standard (what browsers follow) rather than RFC 6455. */
  standard?: 'WHATWG';
  /** Headers the error response must carry, e.g. `Sec-WebSocket-Version: 13` with 426. */
  headers?: Record<string, string>;
}

/** Where a failure's rule is written: "RFC 6455 §4.1", or "WHATWG WebSockets, “establish a WebSocket connection”". */
export function citeFailure(failure: Pick<HandshakeFailure, 'section' | 'standard'>): string {
  return failure.standard === 'WHATWG' ? `WHATWG WebSockets, “${failure.section}”` : `RFC 6455 §${failure.section}`;
}

/** A client's opening handshake, parsed. */
export interface ClientHandshake {
  method: string;
  /** The request target as sent, e.g. `/ws/chat/lobby?token=x`. */
  target: string;
  /** The path without the query. */
  path: string;
  /** The query string without the `?` (may be empty). */
  query: string;
  httpVersion: string;
  host: string;
  key: string;
  version: string;
  origin?: string;
  /** Requested subprotocols, in the client's order of preference. */
  protocols: string[];
  extensions: ExtensionOffer[];
  headers: HttpHeaders;
}

/** The result of {@link parseClientHandshake}. */
export type ClientHandshakeResult =
  | { ok: true; request: ClientHandshake }
  | { ok: false; error: HandshakeFailure; incomplete?: boolean };

function fail(header: string | null, problem: string, status: number, section: string, headers?: Record<string, string>): { ok: false; error: HandshakeFailure } {
  return { ok: false, error: headers ? { header, problem, status, section, headers } : { header, problem, status, section } };
}

/**
 * Checks a client's opening handshake as a server must (§4.2.1). Returns the request or
 * the first failure, with the status to answer. Never throws.
 */
export function parseClientHandshake(text: string): ClientHandshakeResult {
  const head = parseHttpHead(typeof text === 'string' ? text : '');
  if (!head.ok) {
    const failure = fail(null, head.problem, 400, '4.2.1');
    return head.incomplete ? { ...failure, incomplete: true } : failure;
  }
  const match = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/(\d)\.(\d)$/.exec(head.startLine);
  if (!match) return fail(null, `The request line "${head.startLine.slice(0, 80)}" is not "GET /path HTTP/1.1"`, 400, '4.1');
  const [, method, target, major, minor] = match;
  // "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1." (§4.1)
  if (method !== 'GET') return fail(null, `The method is ${method}; the opening handshake is a GET request`, 405, '4.1', { Allow: 'GET' });
  if (Number(major) < 1 || (Number(major) === 1 && Number(minor) < 1)) {
    return fail(null, `HTTP/${major}.${minor} cannot upgrade; the handshake needs HTTP/1.1 or later`, 400, '4.1');
  }
  if (!target.startsWith('/')) return fail(null, `The request target "${target}" must be an absolute path such as /chat`, 400, '4.1');
  const h = head.headers.map;
  // "The request MUST contain a |Host| header field" (§4.1).
  if (!h.host) return fail('Host', 'The Host header is missing', 400, '4.1');
  // "The request MUST contain an |Upgrade| header field whose value MUST include the "websocket" keyword." (§4.1)
  if (h.upgrade === undefined) return fail('Upgrade', 'The Upgrade header is missing; it must say "websocket"', 400, '4.2.1');
  if (!hasToken(h.upgrade, 'websocket')) return fail('Upgrade', `Upgrade is "${h.upgrade}"; it must include "websocket"`, 400, '4.2.1');
  // "The request MUST contain a |Connection| header field whose value MUST include the "Upgrade" token." (§4.1)
  if (h.connection === undefined) return fail('Connection', 'The Connection header is missing; it must include "Upgrade"', 400, '4.2.1');
  if (!hasToken(h.connection, 'upgrade')) return fail('Connection', `Connection is "${h.connection}"; its tokens must include "Upgrade"`, 400, '4.2.1');
  // "The request MUST include a header field with the name |Sec-WebSocket-Key|." (§4.1)
  const key = h['sec-websocket-key'];
  if (key === undefined) return fail('Sec-WebSocket-Key', 'The Sec-WebSocket-Key header is missing', 400, '4.2.1');
  if ((head.headers.counts['sec-websocket-key'] ?? 0) > 1) return fail('Sec-WebSocket-Key', 'Sec-WebSocket-Key is sent more than once', 400, '11.3.1');
  if (!isValidKey(key)) return fail('Sec-WebSocket-Key', `Sec-WebSocket-Key "${key.slice(0, 40)}" is not base64 of 16 bytes`, 400, '4.1');
  // "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header field MUST be 13." (§4.1)
  const version = h['sec-websocket-version'];
  if (version === undefined) return fail('Sec-WebSocket-Version', 'The Sec-WebSocket-Version header is missing', 400, '4.2.1');
  // "If this version does not match a version understood by the server, the server MUST abort the WebSocket handshake described in this section and instead send an appropriate HTTP error code (such as 426 Upgrade Required) and a |Sec-WebSocket-Version| header field indicating the version(s) the server is capable of understanding." (§4.2.2)
  if (version.trim() !== String(WS_VERSION)) {
    // "A server that sends a 426 (Upgrade Required) response MUST send an Upgrade header field to indicate the acceptable protocols" (RFC 9110 §15.5.22).
    return fail('Sec-WebSocket-Version', `Version ${version} is not supported; this server speaks version ${WS_VERSION}`, 426, '4.4', { 'Sec-WebSocket-Version': String(WS_VERSION), Upgrade: 'websocket' });
  }
  const protocols = splitList(h['sec-websocket-protocol']);
  const badProtocol = protocols.find((protocol) => !isToken(protocol));
  if (badProtocol !== undefined) return fail('Sec-WebSocket-Protocol', `"${badProtocol}" is not a valid subprotocol name (a token)`, 400, '4.1');
  if (new Set(protocols).size !== protocols.length) return fail('Sec-WebSocket-Protocol', 'A subprotocol is requested twice', 400, '4.1');
  const question = target.indexOf('?');
  return {
    ok: true,
    request: {
      method,
      target,
      path: question < 0 ? target : target.slice(0, question),
      query: question < 0 ? '' : target.slice(question + 1),
      httpVersion: `${major}.${minor}`,
      host: h.host,
      key,
      version: version.trim(),
      ...(h.origin !== undefined ? { origin: h.origin } : {}),
      protocols,
      extensions: parseExtensions(h['sec-websocket-extensions']),
      headers: head.headers,
    },
  };
}

/** Options for {@link buildClientHandshake}. */
export interface ClientHandshakeOptions {
  host: string;
  /** The request target, e.g. `/chat?room=1`. */
  path: string;
  key: string;
  origin?: string;
  protocols?: string[];
  extensions?: string[];
  /** Extra header fields, appended in order. */
  headers?: Record<string, string>;
}

function headLines(startLine: string, fields: Array<[string, string | undefined]>): string {
  const lines = [startLine];
  for (const [name, value] of fields) if (value !== undefined) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Builds a client's opening handshake request (§4.1), CRLF line endings and the closing empty line included. */
export function buildClientHandshake(options: ClientHandshakeOptions): string {
  return headLines(`GET ${options.path || '/'} HTTP/1.1`, [
    ['Host', options.host],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', options.key],
    ['Sec-WebSocket-Version', String(WS_VERSION)],
    ['Origin', options.origin],
    ['Sec-WebSocket-Protocol', options.protocols?.length ? options.protocols.join(', ') : undefined],
    ['Sec-WebSocket-Extensions', options.extensions?.length ? options.extensions.join(', ') : undefined],
    ...Object.entries(options.headers ?? {}),
  ]);
}

/** Options for {@link buildServerHandshake}. */
export interface ServerHandshakeOptions {
  /** The client's Sec-WebSocket-Key (the accept value is computed from it). */
  key: string;
  /** The chosen subprotocol, one the client requested. */
  protocol?: string;
  extensions?: string[];
  headers?: Record<string, string>;
}

/** Builds the server's 101 Switching Protocols response (§4.2.2). */
export function buildServerHandshake(options: ServerHandshakeOptions): string {
  return headLines(`HTTP/1.1 101 ${STATUS_TEXT[101]}`, [
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Accept', computeAcceptKey(options.key)],
    ['Sec-WebSocket-Protocol', options.protocol],
    ['Sec-WebSocket-Extensions', options.extensions?.length ? options.extensions.join(', ') : undefined],
    ...Object.entries(options.headers ?? {}),
  ]);
}

/** Builds a plain HTTP error response that refuses the upgrade, e.g. 426 with Sec-WebSocket-Version: 13. */
export function buildHttpErrorResponse(status: number, options: { reason?: string; headers?: Record<string, string>; body?: string } = {}): string {
  const body = options.body ?? `${status} ${options.reason ?? STATUS_TEXT[status] ?? ''}\n`;
  // "When Upgrade is sent, the sender MUST also send a Connection header field that contains the "upgrade" connection option" (RFC 9110 §7.8).
  const upgrade = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'upgrade');
  return `${headLines(`HTTP/1.1 ${status} ${options.reason ?? STATUS_TEXT[status] ?? 'Error'}`, [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', String(textEncoder.encode(body).length)],
    ['Connection', upgrade ? 'Upgrade, close' : 'close'],
    ...Object.entries(options.headers ?? {}),
  ])}${body}`;
}

/** The result of {@link parseServerHandshake}: the accepted response, or why the client must fail the connection. */
export type ServerHandshakeResult =
  | { ok: true; response: { status: 101; protocol?: string; extensions: ExtensionOffer[]; headers: HttpHeaders } }
  | { ok: false; error: HandshakeFailure; incomplete?: boolean };

/** What the client asked for, to check the server's answer against. */
export interface ServerHandshakeOptions {
  /** The Sec-WebSocket-Key the client sent. */
  key: string;
  /** The subprotocols the client requested. */
  protocols?: string[];
  extensions?: string[];
  /**
   * Also apply the browser's rule (WHATWG WebSockets, "establish a WebSocket connection"):
   * "If protocols is not the empty list and extracting header list values given
   * `Sec-WebSocket-Protocol` and response's header list results in null, failure, or the
   * empty byte sequence, then fail the WebSocket connection." RFC 6455 alone lets such a
   * client carry on; a browser may not.
   * @see https://websockets.spec.whatwg.org/#concept-websocket-establish
   */
  requireProtocol?: boolean;
}

/**
 * Checks a server's response as a client must (§4.1, "the client MUST validate the
 * server's response"); any failure means "_Fail the WebSocket Connection_". Never throws.
 */
export function parseServerHandshake(text: string, options: ServerHandshakeOptions): ServerHandshakeResult {
  const head = parseHttpHead(typeof text === 'string' ? text : '');
  if (!head.ok) {
    const failure = fail(null, head.problem, 0, '4.1');
    return head.incomplete ? { ...failure, incomplete: true } : failure;
  }
  const match = /^HTTP\/\d\.\d (\d{3})(?: (.*))?$/.exec(head.startLine);
  if (!match) return fail(null, `The status line "${head.startLine.slice(0, 80)}" is not "HTTP/1.1 101 Switching Protocols"`, 0, '4.1');
  const status = Number(match[1]);
  // "If the status code received from the server is not 101, the client handles the response per HTTP procedures." (§4.1)
  if (status !== 101) return fail(null, `The server answered ${status} ${match[2] ?? ''}`.trim() + ' instead of 101 Switching Protocols', status, '4.1');
  const h = head.headers.map;
  // "If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a value that is not an ASCII case-insensitive match for the value "websocket", the client MUST _Fail the WebSocket Connection_." (§4.1)
  if (!h.upgrade || h.upgrade.trim().toLowerCase() !== 'websocket') return fail('Upgrade', 'The response\'s Upgrade header is missing or not "websocket"', status, '4.1');
  // "If the response lacks a |Connection| header field or the |Connection| header field doesn't contain a token that is an ASCII case-insensitive match for the value "Upgrade", the client MUST _Fail the WebSocket Connection_." (§4.1)
  if (!hasToken(h.connection, 'upgrade')) return fail('Connection', 'The response\'s Connection header is missing or lacks "Upgrade"', status, '4.1');
  // "If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept| contains a value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string, not base64-decoded) with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ... the client MUST _Fail the WebSocket Connection_." (§4.1)
  const expected = computeAcceptKey(options.key);
  if (h['sec-websocket-accept'] === undefined) return fail('Sec-WebSocket-Accept', 'The response has no Sec-WebSocket-Accept header', status, '4.1');
  if (h['sec-websocket-accept'].trim() !== expected) {
    return fail('Sec-WebSocket-Accept', `Sec-WebSocket-Accept is "${h['sec-websocket-accept']}" but the key calls for "${expected}"`, status, '4.1');
  }
  // "If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates the use of an extension that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_." (§4.1)
  const extensions = parseExtensions(h['sec-websocket-extensions']);
  const offered = new Set((options.extensions ?? []).map((e) => parseExtensions(e)[0]?.name));
  const unexpected = extensions.find((extension) => !offered.has(extension.name));
  if (unexpected) return fail('Sec-WebSocket-Extensions', `The server chose extension "${unexpected.name}", which the client did not offer`, status, '4.1');
  // "If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the use of a subprotocol that was not present in the client's handshake ... the client MUST _Fail the WebSocket Connection_." (§4.1)
  const protocol = h['sec-websocket-protocol']?.trim();
  if (protocol !== undefined && !(options.protocols ?? []).includes(protocol)) {
    return fail('Sec-WebSocket-Protocol', `The server chose subprotocol "${protocol}", which the client did not request`, status, '4.1');
  }
  if (options.requireProtocol && (options.protocols ?? []).length > 0 && !protocol) {
    const offered = options.protocols!.map((p) => `"${p}"`).join(', ');
    return { ok: false, error: { header: 'Sec-WebSocket-Protocol', problem: `The client offered ${offered} and the server chose none`, status, section: 'establish a WebSocket connection', standard: 'WHATWG' } };
  }
  return { ok: true, response: { status: 101, ...(protocol !== undefined ? { protocol } : {}), extensions, headers: head.headers } };
}

/**
 * The subprotocol a server picks: the first of the client's requested protocols (in
 * the client's order of preference) that the server supports, or undefined (§4.2.2). A
 * server that needs one should then refuse the handshake: a browser that offered
 * subprotocols fails a connection whose 101 names none.
 */
export function negotiateProtocol(requested: readonly string[], supported: readonly string[]): string | undefined {
  return requested.find((protocol) => supported.includes(protocol));
}

/**
 * Checks Origin against an allow-list. "If the origin indicated is unacceptable to the
 * server, then it SHOULD respond to the WebSocket handshake with a reply containing HTTP
 * 403 Forbidden status code." (§4.2.2, §10.2). `'*'` in the list allows any origin.
 * Requests with no Origin (non-browser clients) pass unless `requireOrigin` is set.
 */
export function checkOrigin(origin: string | undefined, allowList: readonly string[], options: { requireOrigin?: boolean } = {}): { ok: true } | { ok: false; error: HandshakeFailure } {
  if (origin === undefined) {
    return options.requireOrigin ? fail('Origin', 'The request has no Origin and this server requires one', 403, '10.2') : { ok: true };
  }
  if (allowList.includes('*') || allowList.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())) return { ok: true };
  return fail('Origin', `Origin ${origin} is not allowed to connect`, 403, '10.2');
}
