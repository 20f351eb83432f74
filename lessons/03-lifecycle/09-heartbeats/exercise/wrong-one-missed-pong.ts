/**
 * A common mistake: giving up after one missed pong (an isAlive flag checked at the next
 * tick). One late or lost pong on a slow mobile link then costs the user the connection.
 * Fails: "a silent client is terminated after two missed pongs — not after one, and not never"
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

  const timer = setInterval(() => {
    if (unanswered >= 1) {
      // Nothing came back for two whole intervals, and a Close frame
      // would never be read: cut the connection.
      ws.terminate();
      return;
    }
    unanswered += 1;
    void ws.ping();
  }, PING_EVERY_MS);

  try {
    for await (const message of ws) {
      if (typeof message === 'string') await ws.sendText(message);
    }
  } finally {
    // The loop ends however the connection ends (close, drop,
    // terminate): stop pinging.
    clearInterval(timer);
  }
}
