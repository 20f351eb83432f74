/**
 * A common mistake: sending an empty binary message and calling it a ping. It is a data
 * frame (opcode 0x2): the browser hands it to the page and sends no pong, so the client
 * looks dead and is cut off. A protocol ping is a control frame, opcode 0x9.
 * Fails: "pings at the interval: a Ping frame (opcode 0x9) every 10 s"
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
    if (unanswered >= MAX_MISSED) {
      // Nothing came back for two whole intervals, and a Close frame
      // would never be read: cut the connection.
      ws.terminate();
      return;
    }
    unanswered += 1;
    void ws.sendBytes(new Uint8Array(0));
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
