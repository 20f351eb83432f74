/**
 * A guarded endpoint. The checks mount it at /ws/secure.
 *
 * Before accepting, check in this order:
 * - the Origin header must be exactly ALLOWED_ORIGIN, the lab's own pages; anything else
 *   is refused with HTTP 403 (no 101, so no WebSocket connection at all)
 * - the token in the query string (?token=…) must pass verifyToken; a missing, unknown
 *   or expired one is refused with HTTP 401
 * Then accept, and for each message:
 * - more than MAX_MESSAGE_BYTES bytes of UTF-8 (or binary) → close with 1009, before
 *   anything else is done with it
 * - more than RATE messages in a second on this connection → close with 1008. A token
 *   bucket per connection: it holds RATE tokens, refills at RATE per second, and each
 *   message takes one.
 * - {"text": "…"} is answered with {"user": "<the token's user>", "text": "…"}; anything
 *   else gets {"error": "…"} and the connection stays open
 * When the token expires while the connection is open, close it with 4001, so the page
 * knows to fetch a fresh token and reconnect.
 * Date.now() and setTimeout run on the lab's clock.
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
  // TODO: check the Origin and the token before accepting; refuse with ws.reject(status).
  await ws.accept();
  // TODO: close with 4001 when the token expires.
  for await (const message of ws) {
    // TODO: the size limit (1009), then the rate limit (1008), then parse.
    const { text } = JSON.parse(String(message)) as { text: string };
    await ws.sendJson({ user: 'anonymous', text });
  }
}
