/**
 * /ws/echo: echoes every text and binary message unchanged. The endpoint answers pings
 * and completes the closing handshake echoing the peer's code, so this works as a
 * conformance testee.
 */
import type { ServerWebSocket } from '../server-socket.ts';

/** The echo handler. */
export async function echoHandler(ws: ServerWebSocket): Promise<void> {
  await ws.accept();
  for await (const message of ws) {
    if (typeof message === 'string') await ws.sendText(message);
    else await ws.sendBytes(message);
  }
}
