/**
 * A common mistake: a timer that is never cleared. It skips closed sockets, so nothing
 * breaks at once, but every connection that ever opened leaves a timer running forever.
 * Fails: "the timer is cleared when the connection ends: no pings, no timer after close"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** How often the server pings, in ms. */
export const PING_EVERY_MS = 10_000;
/** Unanswered pings in a row after which the client counts as gone. */
export const MAX_MISSED = 2;

export default async function heartbeat(ws: ServerWebSocket): Promise<void> {
  await ws.accept();

  // Pings sent since the last pong. Any pong answers them all:
  // a peer may answer only the latest ping (RFC 6455 §5.5.3).
  let unanswered = 0;
  ws.onPong(() => {
    unanswered = 0;
  });

  setInterval(() => {
    if (ws.state !== 'open') return;
    if (unanswered >= MAX_MISSED) {
      // Nothing came back for two whole intervals, and a Close frame
      // would never be read: cut the connection.
      ws.terminate();
      return;
    }
    unanswered += 1;
    void ws.ping();
  }, PING_EVERY_MS);

  for await (const message of ws) {
    if (typeof message === 'string') await ws.sendText(message);
  }
}
