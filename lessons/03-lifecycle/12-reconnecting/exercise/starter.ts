/**
 * Write a WebSocket client that reconnects by itself, politely. The API:
 *
 *   const socket = new ReconnectingWebSocket('ws://lab/ws/echo', { baseMs: 500, capMs: 30_000, maxAttempts: 8, stableMs: 5000 });
 *   socket.onopen = () => …;                    // each time a connection opens
 *   socket.onmessage = (text) => …;             // each message, as a string
 *   socket.onclose = ({ code, reason, gaveUp }) => …;  // once, when it stops for good
 *   socket.send('hello');                       // sent now if open, otherwise queued
 *   socket.close();                             // closes with 1000: no reconnect
 *
 * The rules:
 * 1. backoffDelay(n, baseMs, capMs) is the wait before retry n (0 for the first retry after a
 *    drop): a random time from 0 to min(capMs, baseMs · 2^n) — full jitter. Use it for every retry.
 * 2. Reconnect only after a close that may be temporary: 1001, 1006, 1011, 1012, 1013, 1014.
 *    Any other code (1000, 1008, the app's own 4000–4999 …) stops the client: call onclose once.
 * 3. Count failed retries in a row. After maxAttempts of them, give up: onclose with gaveUp true.
 *    Start counting again from 0 only once a connection has stayed open for stableMs.
 * 4. send() while not open queues the message; when a connection opens, send the queue in
 *    order, each message once. After the client has stopped, send() throws.
 * 5. close(code = 1000, reason = '') stops for good, also while waiting for a retry.
 *
 * Use the global WebSocket, setTimeout and Math.random: the checks run them on the lab's clock.
 */

/** How the client waits between attempts; every time is in ms. */
export interface ReconnectOptions {
  baseMs?: number;
  capMs?: number;
  maxAttempts?: number;
  stableMs?: number;
}

/** How the client stopped for good. */
export interface StopEvent {
  code: number;
  reason: string;
  gaveUp: boolean;
}

/** The wait before retry number `attempt`. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return baseMs; // TODO: a random time from 0 to min(capMs, baseMs · 2^attempt)
}

export class ReconnectingWebSocket {
  onopen: (() => void) | null = null;
  onmessage: ((text: string) => void) | null = null;
  onclose: ((event: StopEvent) => void) | null = null;

  private socket: WebSocket | null = null;

  constructor(readonly url: string, readonly options: ReconnectOptions = {}) {
    this.connect();
  }

  send(text: string): void {
    // TODO: queue the message while the socket is not open.
    if (this.socket !== null && this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
  }

  close(code = 1000, reason = ''): void {
    this.socket?.close(code, reason);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.onopen?.();
    socket.onmessage = (event) => this.onmessage?.(String(event.data));
    socket.onclose = (event) => {
      // TODO: decide from event.code whether to try again; count the failed retries and give up
      // after maxAttempts; wait backoffDelay(…) before each retry; reset the count only after
      // a connection stayed open for stableMs; call onclose once when the client stops.
    };
  }
}
