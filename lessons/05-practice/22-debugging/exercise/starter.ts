/**
 * Make this sender batch. createBatcher(ws, windowMs) is given a server connection; the
 * app calls push(item) for every update, often many times a second, and end() before
 * it closes. Today every item goes out at once, as its own message: a frame, a write and
 * a message event per item.
 *
 * Change it so that:
 * - the first item pushed starts a timer of windowMs; when it fires, every item pushed
 *   since goes out in ONE text message, a JSON array in the order pushed;
 * - a window with nothing in it sends nothing (no empty arrays);
 * - when the timer fires while the client is behind — ws.bufferedAmount above HIGH_WATER —
 *   nothing is sent: keep collecting, and look again one window later;
 * - end() sends whatever is pending at once and stops the timer: nothing goes out after it.
 */
import { WebSocketDisconnect, type ServerWebSocket } from 'websocket-lab/lab';

/** Above this many bytes waiting for the client, the batcher holds back. */
export const HIGH_WATER = 64 * 1024;

export interface Batcher {
  /** Adds an item to the next batch. */
  push(item: unknown): void;
  /** Sends what is pending at once and stops the timer; the app calls it before closing. */
  end(): Promise<void>;
}

export function createBatcher(ws: ServerWebSocket, windowMs = 100): Batcher {
  void windowMs; // TODO: gather items for this long
  return {
    push(item) {
      ws.sendText(JSON.stringify([item])).catch((error: unknown) => {
        // A client that has gone cannot be sent to; anything else is a real error.
        if (!(error instanceof WebSocketDisconnect)) throw error;
      });
    },
    async end() {},
  };
}
