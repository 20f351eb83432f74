/**
 * A common mistake: a batcher that ticks every window for as long as it runs and sends what
 * it has, even nothing: an empty array, a frame and a message event on the page ten times
 * a second on an idle connection.
 * Fails: "a window with nothing in it sends nothing"
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
  let pending: unknown[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;

  const arm = () => {
    if (timer === undefined && !ended) timer = setTimeout(() => void tick(), windowMs);
  };

  const send = async () => {
    const batch = pending;
    pending = [];
    await ws.sendText(JSON.stringify(batch));
  };

  const tick = async () => {
    timer = undefined;
    if (ended) return;
    arm(); // keep ticking, every window, whether or not anything came
    if (ws.bufferedAmount > HIGH_WATER) {
      // The client is behind: keep collecting, and look again after another window.
      arm();
      return;
    }
    try {
      await send();
    } catch (error) {
      // The client has gone: the batch has nowhere to go. Anything else is a real error.
      if (!(error instanceof WebSocketDisconnect)) throw error;
      pending = [];
    }
  };

  return {
    push(item) {
      pending.push(item);
      arm();
    },
    async end() {
      ended = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await send();
    },
  };
}
