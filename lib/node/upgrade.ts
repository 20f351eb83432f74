/**
 * HTTP upgrade → LabServer: the handshake Node's HTTP parser read is written back out as
 * text, so the LabServer checks it with the same code as in the lab.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { cryptoRandom, realClock } from '../endpoint/time.ts';
import { hasToken } from '../protocol/http.ts';
import type { LabServer } from '../lab/server.ts';
import type { ServerWebSocket } from '../lab/server-socket.ts';
import { socketTransport } from './socket-transport.ts';

/** The request head as it came over the wire (header names as sent). */
export function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Whether an upgrade request is a WebSocket opening handshake: its Upgrade header names
 * websocket (§4.2.1, "An |Upgrade| header field containing the value "websocket""). Node
 * hands every request with Connection: Upgrade to 'upgrade' listeners; any other protocol
 * (h2c, which `curl --http2` asks for) is an ordinary request to be answered in HTTP/1.1,
 * as RFC 9110 §7.8 lets a server ignore an upgrade it does not want.
 */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return hasToken(req.headers.upgrade, 'websocket');
}

const clock = realClock();
const random = cryptoRandom();

/**
 * Hands an upgrade request to `lab`: its head, then any bytes that came after it. Returns
 * the connection the lab routed it to (before its handler accepts), or undefined when the
 * lab refused the handshake: Node has read the whole head, so the lab decides at once.
 */
export function handleUpgrade(lab: LabServer, req: IncomingMessage, socket: Socket, head: Buffer): ServerWebSocket | undefined {
  const text = new TextEncoder().encode(requestHead(req));
  const bytes = new Uint8Array(text.length + head.length);
  bytes.set(text);
  bytes.set(head, text.length);
  let routed: ServerWebSocket | undefined;
  const stop = lab.on('connection', (ws) => { routed = ws; });
  try {
    lab.connect(socketTransport(socket), { clock, random, head: bytes });
  } finally {
    stop();
  }
  return routed;
}
