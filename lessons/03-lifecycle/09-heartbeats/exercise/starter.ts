/**
 * Give this echo endpoint a heartbeat:
 *
 * - every PING_EVERY_MS (10 s), send a protocol ping with ws.ping();
 * - count the pings the client has not answered yet;
 *   ws.onPong(listener) tells you when a pong arrives
 *   (any pong answers every ping before it);
 * - when MAX_MISSED (2) pings in a row are still unanswered at the
 *   next tick, end the connection with ws.terminate(): the client is
 *   gone, so it would never read a Close frame;
 * - stop the timer when the connection ends, however it ends.
 *
 * setInterval and clearInterval run on the lab's clock: minutes of
 * lab time pass at once.
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** How often the server pings, in ms. */
export const PING_EVERY_MS = 10_000;
/** Unanswered pings in a row after which the client counts as gone. */
export const MAX_MISSED = 2;

export default async function heartbeat(ws: ServerWebSocket): Promise<void> {
  await ws.accept();

  // TODO: start the heartbeat here.

  for await (const message of ws) {
    if (typeof message === 'string') await ws.sendText(message);
  }
}
