/**
 * A common mistake: a heartbeat that pings and never acts on the silence. The pings keep
 * a proxy from cutting the connection, but a dead client stays in the server's lists forever.
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
