/**
 * Annotated opening handshake: the start line and every header with what it does, the
 * accept-key computation step by step, and every rule the text breaks.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-4
 */
import { WS_VERSION } from './constants.ts';
import { acceptKeySteps, isValidKey, parseClientHandshake, parseServerHandshake, type AcceptKeySteps, type HandshakeFailure } from './handshake.ts';
import { hasToken, parseHttpHead } from './http.ts';

/** What each handshake header does, keyed by lowercased name. */
export const HANDSHAKE_HEADER_MEANINGS: Record<string, string> = {
  host: 'The server\'s host and port; required in every HTTP/1.1 request.',
  upgrade: 'Asks to switch this HTTP connection to another protocol; must include "websocket".',
  connection: 'Marks Upgrade as a hop-by-hop header for this connection; its tokens must include "Upgrade".',
  'sec-websocket-key': '16 random bytes in base64. The server proves it understood the handshake by hashing it into Sec-WebSocket-Accept.',
  'sec-websocket-version': `The protocol version; RFC 6455 is version ${WS_VERSION}.`,
  'sec-websocket-accept': 'base64(SHA-1(key + GUID)): proof that the server read this very handshake as WebSocket.',
  'sec-websocket-protocol': 'Subprotocols: the client lists those it speaks, in order of preference; the server answers with the one it picked, or leaves the header out.',
  'sec-websocket-extensions': 'Extensions such as permessage-deflate: offered by the client, accepted by the server.',
  origin: 'The page that opened the connection, sent by browsers. Servers must check it, since WebSocket is not bound by the same-origin policy.',
  'user-agent': 'The client software; not part of the WebSocket handshake.',
  cookie: 'Cookies for the server\'s origin; browsers send them with the handshake, which is why Origin checks matter.',
  authorization: 'Credentials; browsers cannot set it from JavaScript for WebSocket, other clients can.',
};

/** One header line explained. */
export interface ExplainedHeader {
  name: string;
  value: string;
  meaning: string;
  /** Whether this header plays a part in the WebSocket handshake. */
  websocket: boolean;
}

/** Everything explainHandshake finds in a request or response. Plain data. */
export interface HandshakeExplanation {
  kind: 'request' | 'response' | 'unknown';
  startLine: string;
  startLineMeaning: string;
  headers: ExplainedHeader[];
  /** For a request with a usable key: the accept value and how it is computed. */
  accept?: AcceptKeySteps;
  /** Every failure found, not only the first. */
  violations: HandshakeFailure[];
  /** Whether the head is complete (ends with an empty line). */
  complete: boolean;
}

const WEBSOCKET_HEADERS = new Set(['host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-accept', 'sec-websocket-protocol', 'sec-websocket-extensions', 'origin']);

/**
 * Explains a handshake request or response. For a response, pass the client's key to
 * check Sec-WebSocket-Accept. A request is checked repeatedly, each fault repaired in
 * a copy, so every violation is listed, not only the first. Never throws.
 */
export function explainHandshake(text: string, options: { key?: string; protocols?: string[] } = {}): HandshakeExplanation {
  const source = typeof text === 'string' ? text : '';
  const complete = /\r?\n\r?\n/.test(source);
  const head = parseHttpHead(complete ? source : `${source.replace(/\s+$/, '')}\r\n\r\n`);
  if (!head.ok) {
    return { kind: 'unknown', startLine: '', startLineMeaning: '', headers: [], violations: [{ header: null, problem: head.problem, status: 400, section: '4.1' }], complete };
  }
  const kind = head.startLine.startsWith('HTTP/') ? 'response' : /^[A-Z]+ /.test(head.startLine) ? 'request' : 'unknown';
  const headers = head.headers.raw.map(([name, value]) => {
    const key = name.toLowerCase();
    return { name, value, meaning: HANDSHAKE_HEADER_MEANINGS[key] ?? 'Not part of the WebSocket handshake; passed along as ordinary HTTP.', websocket: WEBSOCKET_HEADERS.has(key) };
  });
  const violations: HandshakeFailure[] = [];
  const normalized = `${head.startLine}\r\n${head.headers.raw.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n`;
  const h = head.headers.map;
  let accept: AcceptKeySteps | undefined;
  let startLineMeaning = 'Not an HTTP request or status line.';
  if (kind === 'request') {
    const [method, target] = head.startLine.split(' ');
    startLineMeaning = `${method} ${target}: the client asks for ${target} and, with the headers below, to switch to WebSocket.`;
    // Find every fault: report the first, repair it in a copy, check again.
    const seen = new Set<string>();
    let probe = normalized;
    for (let guard = 0; guard < 12; guard++) {
      const result = parseClientHandshake(probe);
      if (result.ok) break;
      const id = `${result.error.header}|${result.error.problem}`;
      if (seen.has(id)) break;
      seen.add(id);
      violations.push(result.error);
      const repaired = repair(probe, result.error);
      if (repaired === probe) break;
      probe = repaired;
    }
    const key = h['sec-websocket-key'];
    if (key !== undefined && isValidKey(key)) accept = acceptKeySteps(key);
  } else if (kind === 'response') {
    const status = head.startLine.split(' ')[1] ?? '';
    startLineMeaning = status === '101'
      ? '101 Switching Protocols: the server agrees; from the end of this head on, both sides speak WebSocket frames.'
      : `${status}: not 101, so there is no WebSocket connection; a browser reports only an error event and a close with code 1006.`;
    if (options.key !== undefined) {
      const result = parseServerHandshake(normalized, { key: options.key, protocols: options.protocols });
      if (!result.ok) violations.push(result.error);
      accept = acceptKeySteps(options.key);
    } else {
      if (status !== '101') violations.push({ header: null, problem: `The status is ${status}, not 101`, status: Number(status) || 0, section: '4.1' });
      if (!hasToken(h.upgrade, 'websocket')) violations.push({ header: 'Upgrade', problem: 'Upgrade is missing or not "websocket"', status: Number(status) || 0, section: '4.1' });
      if (!hasToken(h.connection, 'upgrade')) violations.push({ header: 'Connection', problem: 'Connection is missing or lacks "Upgrade"', status: Number(status) || 0, section: '4.1' });
    }
  }
  if (!complete) violations.push({ header: null, problem: 'The head is not finished: an empty line must follow the last header', status: 400, section: '4.1' });
  return { kind, startLine: head.startLine, startLineMeaning, headers, ...(accept ? { accept } : {}), violations, complete };
}

/** A copy of `text` with the header at fault replaced by a valid one, to find the next fault. */
function repair(text: string, failure: HandshakeFailure): string {
  const lines = text.split('\r\n');
  const fixes: Record<string, string> = {
    host: 'Host: example.com',
    upgrade: 'Upgrade: websocket',
    connection: 'Connection: Upgrade',
    'sec-websocket-key': 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-version': `Sec-WebSocket-Version: ${WS_VERSION}`,
    'sec-websocket-protocol': '',
  };
  if (failure.header === null) {
    if (failure.status === 405 || /request line|HTTP\//.test(failure.problem)) {
      const parts = (lines[0] ?? '').split(' ');
      const target = parts[1]?.startsWith('/') ? parts[1] : '/';
      lines[0] = `GET ${target} HTTP/1.1`;
      return lines.join('\r\n');
    }
    return text;
  }
  const key = failure.header.toLowerCase();
  if (!(key in fixes)) return text;
  const kept = lines.filter((line, index) => index === 0 || !line.toLowerCase().startsWith(`${key}:`));
  const insertAt = 1;
  if (fixes[key]) kept.splice(insertAt, 0, fixes[key]);
  return kept.join('\r\n');
}
