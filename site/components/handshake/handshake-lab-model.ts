/**
 * The handshake lab: the learner's request text goes, as bytes, through a pipe to a real
 * LabServer, whose answer comes back the same way; lib then reads that answer as a client
 * must. Presets break one thing each. Nothing here is a canned answer.
 */
import { acceptKeySteps, buildClientHandshake, computeAcceptKey, isValidKey, parseClientHandshake, parseServerHandshake, citeFailure, type AcceptKeySteps, type HandshakeFailure } from '../../../lib/index.ts';
import { LabServer, Tap, createPipe } from '../../../lib/lab/index.ts';
import { seededRandom, virtualClock } from '../../../lib/endpoint/time.ts';

/** The lab server's policy, stated on the page so the learner knows what it expects. */
export const LAB_SERVER = {
  path: '/ws/chat',
  allowedOrigin: 'https://lab.example',
  subprotocols: ['chat.v1'] as const,
};

/** The RFC 6455 §1.3 sample key, so the learner can compare with the RFC's own numbers. */
export const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** A request that the lab server accepts. */
export const VALID_REQUEST = buildClientHandshake({
  host: 'lab.example',
  path: LAB_SERVER.path,
  key: SAMPLE_KEY,
  origin: LAB_SERVER.allowedOrigin,
  protocols: ['chat.v1'],
}).replace(/\r\n/g, '\n');

/** One way to break the handshake. */
export interface HandshakePreset {
  id: string;
  label: string;
  /** What was changed, in a sentence. */
  change: string;
  request: string;
  /** Applied to the server's answer before the client reads it (a broken server or proxy). */
  alterResponse?: (response: string) => string;
}

const edit = (from: RegExp, to: string) => VALID_REQUEST.replace(from, to);

export const HANDSHAKE_PRESETS: readonly HandshakePreset[] = [
  { id: 'valid', label: 'A good handshake', change: 'Nothing is broken: the server switches protocols.', request: VALID_REQUEST },
  { id: 'no-upgrade', label: 'No Upgrade header', change: 'The Upgrade header is gone, as when a proxy strips hop-by-hop headers.', request: edit(/^Upgrade: websocket\n/m, '') },
  { id: 'no-connection', label: 'Connection: keep-alive', change: 'Connection says keep-alive instead of Upgrade.', request: edit(/^Connection: Upgrade$/m, 'Connection: keep-alive') },
  { id: 'version-8', label: 'Version 8', change: 'Sec-WebSocket-Version is 8, a draft of the protocol.', request: edit(/^Sec-WebSocket-Version: 13$/m, 'Sec-WebSocket-Version: 8') },
  { id: 'short-key', label: 'A 10-byte key', change: 'The key decodes to 10 bytes, not 16.', request: edit(/^Sec-WebSocket-Key: .*$/m, 'Sec-WebSocket-Key: c2hvcnQga2V5IQ==') },
  { id: 'post', label: 'POST instead of GET', change: 'The request uses POST; the handshake must be a GET.', request: edit(/^GET /, 'POST ') },
  { id: 'origin', label: 'A foreign Origin', change: 'The page comes from https://evil.example, which the server does not allow.', request: edit(/^Origin: .*$/m, 'Origin: https://evil.example') },
  { id: 'path', label: 'An unknown path', change: 'The request asks for /ws/news, where the server has no endpoint.', request: edit(/^GET \/ws\/chat /, 'GET /ws/news ') },
  { id: 'subprotocol', label: 'An unsupported subprotocol', change: 'The client asks only for mqtt, which the server does not speak; the server answers 101 anyway, choosing none.', request: edit(/^Sec-WebSocket-Protocol: .*$/m, 'Sec-WebSocket-Protocol: mqtt') },
  {
    id: 'wrong-accept',
    label: 'A wrong Accept',
    change: 'Something between the ends rewrote Sec-WebSocket-Accept (here: the accept of another key).',
    request: VALID_REQUEST,
    alterResponse: (response) => response.replace(/^(Sec-WebSocket-Accept: ).*$/im, `$1${computeAcceptKey('AAAAAAAAAAAAAAAAAAAAAA==')}`),
  },
];

/** Text typed in a textarea, as it goes on the wire: CRLF line ends and the blank line that ends the head. */
export function toWire(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** What the server did with a request. */
export interface ServerAnswer {
  /** The response as it came back over the pipe. */
  response: string;
  /** Why the server refused, when it did. */
  refusal?: HandshakeFailure;
  /** The subprotocol the handler picked ('' for none), when it accepted. */
  protocol?: string;
}

/** The lab's server: one endpoint with an Origin allow-list that picks chat.v1 when asked. */
export function createHandshakeServer(): LabServer {
  return new LabServer({ allowedOrigins: [LAB_SERVER.allowedOrigin] }).websocket(LAB_SERVER.path, async (ws) => {
    await ws.accept({ protocol: ws.pickProtocol(LAB_SERVER.subprotocols) });
  });
}

/** Sends `requestText` to a fresh lab server over a pipe and returns its answer. */
export async function exchange(requestText: string): Promise<ServerAnswer> {
  const clock = virtualClock();
  const tap = new Tap();
  const pipe = createPipe(clock, tap, {}, 1);
  const server = createHandshakeServer();
  let refusal: HandshakeFailure | undefined;
  server.on('refused', ({ failure }) => (refusal = failure));
  const received: Uint8Array[] = [];
  pipe.client.onData((bytes) => received.push(bytes));
  server.connect(pipe.server, { clock, random: seededRandom(1) });
  pipe.client.write(new TextEncoder().encode(toWire(requestText)));
  await clock.run(1000);
  const all = new Uint8Array(received.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const bytes of received) {
    all.set(bytes, at);
    at += bytes.length;
  }
  const text = new TextDecoder().decode(all);
  // Only the head matters here; after a 101 the bytes are frames, and this server sends none.
  const response = text.includes('\r\n\r\n') && text.startsWith('HTTP/1.1 101') ? text.slice(0, text.indexOf('\r\n\r\n') + 4) : text;
  const protocol = /^Sec-WebSocket-Protocol: (.*)$/im.exec(response)?.[1]?.trim();
  return { response, ...(refusal ? { refusal } : { protocol: protocol ?? '' }) };
}

/**
 * A handshake failure in one line: "Sec-WebSocket-Version: Version 8 is not supported".
 * The header leads only when the sentence does not name it already, so a label never
 * repeats itself ("Origin https://evil.example is not allowed", not "Origin: Origin …").
 */
export function headerProblem(failure: Pick<HandshakeFailure, 'header' | 'problem'>): string {
  const { header, problem } = failure;
  if (!header) return problem;
  // Header names are letters and dashes, so the name goes into the pattern as it is.
  const named = new RegExp(`(^|[^\\w-])${header}([^\\w-]|$)`, 'i').test(problem);
  return named ? problem : `${header}: ${problem}`;
}

/** What the page's script sees, and what the browser knows but does not tell it. */
export interface ClientVerdict {
  open: boolean;
  /** The events the script gets, in order. */
  events: string[];
  /** Why the connection failed (the browser's console and DevTools say so; the script is not told). */
  reason?: string;
  /** Where the rule that failed it is written: "RFC 6455 §4.1", or the WHATWG standard's algorithm. */
  citation?: string;
  /** The negotiated subprotocol, when open. */
  protocol?: string;
  /** Where browsers and the RFC leave room, what real browsers do. */
  browserNote?: string;
}

/**
 * Reads the server's answer as a browser must: RFC 6455 §4.1 with the key and protocols of
 * the request, and the WHATWG standard's rule that a 101 selecting no subprotocol fails a
 * connection that offered some.
 */
export function clientVerdict(requestText: string, responseText: string): ClientVerdict {
  const request = parseClientHandshake(toWire(requestText));
  const key = request.ok ? request.request.key : (/^Sec-WebSocket-Key:\s*(.*)$/im.exec(requestText)?.[1]?.trim() ?? '');
  const protocols = request.ok ? request.request.protocols : [];
  const result = parseServerHandshake(toWire(responseText), { key, protocols, requireProtocol: true });
  if (!result.ok) {
    const verdict: ClientVerdict = {
      open: false,
      events: ['error', 'close (code 1006, wasClean false, reason "")'],
      reason: headerProblem(result.error),
      citation: citeFailure(result.error),
    };
    if (result.error.standard === 'WHATWG') {
      verdict.browserNote =
        'RFC 6455 alone would let a client carry on without a subprotocol, but the WHATWG standard that every browser follows says to fail the connection (Chromium\'s console: "Sent non-empty \'Sec-WebSocket-Protocol\' header but no response was received"). A server that needs a subprotocol should refuse the handshake with an HTTP status and a body saying which ones it speaks, or pick one it supports; answering 101 with none is only safe for clients that offered none.';
    }
    return verdict;
  }
  return { open: true, events: ['open'], protocol: result.response.protocol ?? '' };
}

/** The accept computation for the request's key, or why it cannot be done. */
export function acceptStepsFor(requestText: string): { ok: true; steps: AcceptKeySteps; validKey: boolean } | { ok: false; message: string } {
  const key = /^Sec-WebSocket-Key:\s*(.*)$/im.exec(requestText)?.[1]?.trim();
  if (!key) return { ok: false, message: 'The request has no Sec-WebSocket-Key header, so there is nothing to hash.' };
  return { ok: true, steps: acceptKeySteps(key), validKey: isValidKey(key) };
}
