/**
 * A common mistake: measuring a message with string.length. That counts UTF-16 code
 * units, not bytes: 600 × "é" is 600 characters but 1200 bytes of UTF-8 on the wire,
 * and a limit meant for memory and bandwidth is one of bytes.
 * Fails: "the size is counted in bytes of UTF-8, not characters: 600 × "é" is 1200 bytes, too big"
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

export default async function secure(ws: ServerWebSocket) {
  // Refuse before accepting: a refused handshake gives a cross-site page nothing, and costs no connection.
  if (ws.headers.origin !== ALLOWED_ORIGIN) return ws.reject(403, { body: 'Origin not allowed\n' });
  const session = verifyToken(ws.query.get('token'), Date.now());
  if (!session) return ws.reject(401, { body: 'A valid token is required\n' });

  await ws.accept();
  const expiry = setTimeout(() => void ws.close(4001, 'token expired'), session.expires - Date.now());
  let tokens = RATE;
  let last = Date.now();
  try {
    for await (const message of ws) {
      const size = message.length;
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
