/**
 * Flow control for one server connection, so that no single client can exhaust the
 * server's memory: sends wait while the client is behind, reading pauses while the
 * handler is behind, and a client that falls too far behind is closed (or skipped).
 * The transport does the holding back: TCP's window over a socket, the pipe in the lab.
 */
import type { ByteTransport } from '../endpoint/transport.ts';

/** How a connection keeps a client from filling the server's memory. */
export interface FlowOptions {
  /**
   * Bytes queued for the client, or received and not yet taken by the handler, above
   * which sends wait for the client to catch up and reading from it pauses. Default 64 KiB.
   * Each message and each frame counts {@link ITEM_COST} bytes beyond its own, so empty
   * ones add up too.
   */
  highWaterMark?: number;
  /**
   * Bytes queued for the client above which a send waits until they have drained (Python
   * websockets' `write_limit`, which Uvicorn's send inherits). Default: `highWaterMark`.
   * What counts is the transport's backlog, not bytes it holds back a moment to send
   * together. 0 makes every send wait until the client has taken it, held bytes included.
   */
  writeLimit?: number;
  /**
   * Most bytes queued for one client (as uWebSockets' `maxBackpressure`): a send made
   * while more than this waits is refused, per `backpressureLimit`. Default 1 MiB.
   */
  maxBackpressure?: number;
  /** Past maxBackpressure, 'close' (default) closes the client with 1008; 'drop' drops the message. */
  backpressureLimit?: 'close' | 'drop';
}

/** Default {@link FlowOptions.highWaterMark}. */
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;
/** Default {@link FlowOptions.maxBackpressure}. */
export const DEFAULT_MAX_BACKPRESSURE = 1024 * 1024;
/**
 * What one message waiting for the handler, or one frame waiting for the client, counts
 * for beyond its bytes. Each takes memory however short it is: in Node 20 an empty
 * Uint8Array is about 190 bytes of heap, a short string about 30, and each small write
 * waiting in a socket about 170 (a Buffer and the stream's entry for it). Counted as 0,
 * a flood of empty messages would never reach the high-water mark.
 */
export const ITEM_COST = 128;

const RESOLVED = Promise.resolve();

/** What pauses and resumes reading from the client. */
export interface Reading {
  pause(): void;
  resume(): void;
}

/** What a connection's flow control asks of the rest of the connection. */
export interface FlowHooks {
  /**
   * The error a send still waiting for the client rejects with when the connection ends
   * (e.g. WebSocketDisconnect): its bytes may never be read.
   */
  disconnected?: () => Error;
  /** How many frames the transport has not yet handed to the client (its endpoint's bufferedFrames). */
  pendingFrames?: () => number;
  /**
   * Pauses and resumes reading. Default: the transport's pause() and resume(); an endpoint's
   * pauseReading() and resumeReading() also stop in the middle of a read.
   */
  reading?: Reading;
}

/** The flow of one connection over its transport. */
export class FlowControl {
  readonly highWaterMark: number;
  readonly writeLimit: number;
  readonly maxBackpressure: number;
  readonly backpressureLimit: 'close' | 'drop';
  /** Bytes of received messages waiting for the handler. */
  private unread = 0;
  /** How many received messages wait for the handler. */
  private waiting = 0;
  private paused = false;
  /** Whether reading waits for queued pongs to leave. */
  private heldForDrain = false;
  private stopped = false;
  private readonly drainWaiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  private readonly disconnected: () => Error;
  private readonly pendingFrames: () => number;
  private readonly reading?: Reading;

  constructor(private readonly transport: ByteTransport, options: FlowOptions = {}, hooks: FlowHooks = {}) {
    this.highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
    this.writeLimit = options.writeLimit ?? this.highWaterMark;
    this.maxBackpressure = options.maxBackpressure ?? DEFAULT_MAX_BACKPRESSURE;
    this.backpressureLimit = options.backpressureLimit ?? 'close';
    this.disconnected = hooks.disconnected ?? (() => new Error('The connection closed while a send waited for the client to read'));
    this.pendingFrames = hooks.pendingFrames ?? (() => 0);
    this.reading = hooks.reading ?? (transport.pause ? { pause: () => transport.pause!(), resume: () => transport.resume?.() } : undefined);
    // Sends whose bytes are held go on without waiting, and held bytes join the backlog all at once: at most half of what
    // separates the write limit (the most backlog a send goes on with) from maxBackpressure, so a client that reads is never refused for them.
    transport.limitHold?.(Math.max(0, Math.floor((this.maxBackpressure - this.writeLimit) / 2)));
  }

  /**
   * Bytes offered to the client and not yet taken (not those the transport holds back a
   * moment to send together: they say nothing about the client), and {@link ITEM_COST}
   * for each frame among them.
   */
  get queued(): number {
    const pending = this.transport.pendingBytes ?? 0;
    const backlog = this.transport.backlogBytes ?? pending;
    if (backlog <= 0) return 0;
    // Held bytes are the newest: the frames offered are taken as the same share of the frames pending as their bytes.
    const frames = backlog >= pending ? this.pendingFrames() : Math.ceil(this.pendingFrames() * backlog / pending);
    return backlog + frames * ITEM_COST;
  }

  /** Whether reading from the client is paused. */
  get readingPaused(): boolean {
    return this.paused;
  }

  /** A received message of `bytes` waits for the handler. */
  received(bytes: number): void {
    this.unread += bytes;
    this.waiting += 1;
    this.regulate();
  }

  /** The handler took a message of `bytes`. */
  taken(bytes: number): void {
    this.unread -= bytes;
    this.waiting -= 1;
    this.regulate();
  }

  /** Whether a send may go out now: 'send', or past maxBackpressure 'drop' or 'close'. */
  admit(): 'send' | 'drop' | 'close' {
    if (this.queued <= this.maxBackpressure) return 'send';
    return this.backpressureLimit;
  }

  /**
   * After a write: resolves at once up to the write limit, else once the client has taken
   * what was written; rejects if the connection ends first. The sender waits; reading goes
   * on until the messages waiting for the (now waiting) handler pass the high-water mark.
   */
  sent(): Promise<void> {
    // A write limit of 0 waits for every byte, those the transport holds back a moment included.
    const queued = this.writeLimit === 0 ? this.transport.pendingBytes ?? 0 : this.queued;
    return queued <= this.writeLimit ? RESOLVED : this.drained();
  }

  /**
   * The endpoint answered a ping on its own. A client that pings and never reads the pongs
   * has nobody waiting on a send to hold it back: reading pauses until the pongs have left.
   */
  answered(): void {
    if (this.queued > this.highWaterMark) this.holdForDrain();
  }

  /**
   * The connection has left the open state: sends still waiting reject (their bytes may
   * never be read, as a Python server's send raises once the client is gone), and reading
   * resumes, so the closing handshake can be read.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const waiting = this.drainWaiters.splice(0);
    if (waiting.length > 0) {
      const error = this.disconnected();
      for (const { reject } of waiting) reject(error);
    }
    if (this.paused) {
      this.paused = false;
      this.reading?.resume();
    }
  }

  /**
   * Pauses reading while the messages waiting for the handler pass the high-water mark
   * (or pongs wait for the client), and resumes once they are below it: a client that
   * sends faster than the handler answers — a handler waiting on a client that does not
   * read — gets its sending held back by the transport, not buffered here. One message
   * alone, however large, does not pause reading: the handler is about to take it (an
   * echo of 64 KiB messages paused and resumed the socket for every one of them), and the
   * next message that arrives before it does pauses reading then.
   */
  private regulate(): void {
    if (this.stopped) return;
    const behind = (this.unread > this.highWaterMark && this.waiting > 1) || this.heldForDrain;
    if (behind && !this.paused && this.reading) {
      this.paused = true;
      this.reading.pause();
    } else if (!behind && this.paused) {
      this.paused = false;
      // Resuming may hand out messages read before the pause, which may pause reading again.
      this.reading!.resume();
    }
  }

  private holdForDrain(): void {
    if (this.heldForDrain) return;
    this.heldForDrain = true;
    this.regulate();
    this.drained().then(() => {
      this.heldForDrain = false;
      this.regulate();
    }, () => { /* the connection ended: nothing left to hold */ });
  }

  private drained(): Promise<void> {
    if (this.stopped || !this.transport.drain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.drainWaiters.push({ resolve, reject });
      if (this.drainWaiters.length === 1) {
        this.transport.drain!((flushed) => (flushed ? this.release() : this.stop()));
      }
    });
  }

  private release(): void {
    for (const { resolve } of this.drainWaiters.splice(0)) resolve();
  }
}
