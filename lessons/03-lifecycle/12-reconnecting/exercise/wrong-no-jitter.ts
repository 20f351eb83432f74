/**
 * A common mistake: exponential backoff with no jitter. Every wait is the whole window, so
 * every page that lost the server at the same moment retries at the same moments too — a
 * crowd that arrives together, again and again, at a server that is just coming back.
 * Fails: "retries are spread out by jitter, not all at the top of their windows"
 */

/** How the client waits between attempts; every time is in ms. */
export interface ReconnectOptions {
  /** The window of the first retry: it waits a random time from 0 to baseMs. Default 500. */
  baseMs?: number;
  /** The largest window, however many attempts have failed. Default 30 000. */
  capMs?: number;
  /** Failed retries in a row after which the client gives up. Default 8. */
  maxAttempts?: number;
  /** How long a connection must stay open before the count of failures starts again from 0. Default 5000. */
  stableMs?: number;
}

/** How the client stopped for good. */
export interface StopEvent {
  code: number;
  reason: string;
  /** True when it stopped because maxAttempts retries in a row failed: tell the user it cannot connect. */
  gaveUp: boolean;
}

/**
 * The wait before retry number `attempt` (0 for the first retry after a drop): full jitter,
 * a random time from 0 up to min(capMs, baseMs · 2^attempt).
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.min(capMs, baseMs * 2 ** attempt);
}

/** Close codes after which trying again can help: the server went away, restarted, failed or is busy, or the network dropped. */
const RETRY_CODES = new Set([1001, 1006, 1011, 1012, 1013, 1014]);

export class ReconnectingWebSocket {
  onopen: (() => void) | null = null;
  onmessage: ((text: string) => void) | null = null;
  onclose: ((event: StopEvent) => void) | null = null;

  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly maxAttempts: number;
  private readonly stableMs: number;
  private socket: WebSocket | null = null;
  /** Failed retries since the last stable connection. */
  private attempt = 0;
  private readonly queue: string[] = [];
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(readonly url: string, options: ReconnectOptions = {}) {
    this.baseMs = options.baseMs ?? 500;
    this.capMs = options.capMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.stableMs = options.stableMs ?? 5000;
    this.connect();
  }

  /** Sends now when open; otherwise keeps the message and sends it, in order, once a connection opens. */
  send(text: string): void {
    if (this.stopped) throw new Error('This connection was closed for good; the message cannot be sent');
    if (this.socket !== null && this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.queue.push(text);
  }

  /** Closes on purpose: no reconnect, and a pending retry is cancelled. */
  close(code = 1000, reason = ''): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.stableTimer);
    const socket = this.socket;
    if (socket !== null && (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN)) {
      // The socket's close event ends things (see connect).
      socket.onclose = () => this.onclose?.({ code, reason, gaveUp: false });
      socket.close(code, reason);
    } else {
      this.onclose?.({ code, reason, gaveUp: false });
    }
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      // Only a connection that stays up proves the server is back.
      this.stableTimer = setTimeout(() => { this.attempt = 0; }, this.stableMs);
      for (const text of this.queue.splice(0)) socket.send(text);
      this.onopen?.();
    };
    socket.onmessage = (event) => this.onmessage?.(String(event.data));
    socket.onclose = (event) => {
      clearTimeout(this.stableTimer);
      if (!RETRY_CODES.has(event.code)) return this.stop(event.code, event.reason, false);
      if (this.attempt >= this.maxAttempts) return this.stop(event.code, event.reason, true);
      const delay = backoffDelay(this.attempt, this.baseMs, this.capMs);
      this.attempt += 1;
      this.retryTimer = setTimeout(() => this.connect(), delay);
    };
  }

  private stop(code: number, reason: string, gaveUp: boolean): void {
    this.stopped = true;
    this.onclose?.({ code, reason, gaveUp });
  }
}
