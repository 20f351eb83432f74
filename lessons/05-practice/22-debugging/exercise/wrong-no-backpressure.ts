/**
 * A common mistake: a batcher that sends every window whether or not the client keeps up.
 * A client that stops reading gets batch after batch queued for it, until the server
 * closes it with 1008 past 1 MiB.
 * Fails: "a client that stops reading is not sent more than it can hold: the batcher keeps collecting, and everything arrives once it reads again"
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
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await ws.sendText(JSON.stringify(batch));
  };

  const tick = async () => {
    timer = undefined;
    if (ended || pending.length === 0) return;
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
