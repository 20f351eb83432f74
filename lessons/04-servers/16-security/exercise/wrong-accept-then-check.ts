/**
 * A common mistake: accepting first and checking credentials after, closing with 1008
 * when they fail. The 101 has gone out by then: a cross-site page got a WebSocket
 * connection, and the server paid for it. Refuse the handshake with 403 or 401 instead.
 * Fails: "a handshake from any other Origin is refused with 403, even with a valid token: no 101"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** The only origin whose pages may connect: the lab's own. */
export const ALLOWED_ORIGIN = 'http://lab.local';
/** The largest message accepted, in bytes. */
export const MAX_MESSAGE_BYTES = 1024;
/** Messages per second per connection, and the most in a burst. */
export const RATE = 5;

/** The tokens the login page handed out (a real server verifies a signature instead). */
const TOKENS: Record<string, { user: string; expires: number }> = {
  'tk-alice-7f3a': { user: 'alice', expires: Date.UTC(2026, 0, 1, 0, 5) }, // valid for the lab's first 5 minutes
  'tk-bob-91c2': { user: 'bob', expires: Date.UTC(2026, 0, 1, 0, 5) },
  'tk-carol-0d4e': { user: 'carol', expires: Date.UTC(2025, 11, 31) }, // expired the day before
};

/** The user a token belongs to and when it expires, or null when it is unknown or expired at `now`. */
export function verifyToken(token: string | null, now: number): { user: string; expires: number } | null {
  const entry = token === null ? undefined : TOKENS[token];
  return entry && entry.expires > now ? entry : null;
}

const encoder = new TextEncoder();

export default async function secure(ws: ServerWebSocket) {
  // Refuse before accepting: a refused handshake gives a cross-site page nothing, and costs no connection.
  await ws.accept();
  if (ws.headers.origin !== ALLOWED_ORIGIN) return await ws.close(1008, 'Origin not allowed');
  const session = verifyToken(ws.query.get('token'), Date.now());
  if (!session) return await ws.close(1008, 'A valid token is required');
  const expiry = setTimeout(() => void ws.close(4001, 'token expired'), session.expires - Date.now());
  let tokens = RATE;
  let last = Date.now();
  try {
    for await (const message of ws) {
      const size = typeof message === 'string' ? encoder.encode(message).length : message.length;
      if (size > MAX_MESSAGE_BYTES) return await ws.close(1009, 'message too big');

      const now = Date.now();
      tokens = Math.min(RATE, tokens + ((now - last) * RATE) / 1000);
      last = now;
      if (tokens < 1) return await ws.close(1008, 'too many messages');
      tokens -= 1;

      let text: unknown;
      try {
        text = typeof message === 'string' ? (JSON.parse(message) as { text?: unknown })?.text : undefined;
      } catch {
        text = undefined;
      }
      if (typeof text !== 'string') await ws.sendJson({ error: 'expected {"text": "…"}' });
      else await ws.sendJson({ user: session.user, text });
    }
  } finally {
    clearTimeout(expiry);
  }
}
