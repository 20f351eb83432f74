/**
 * The small byte-transport interface an endpoint runs over: a TCP socket in Node,
 * an in-memory pipe in the lab. Bytes only; no framing, no HTTP.
 */
import type { MaskFunction } from '../protocol/mask.ts';

/** One side of a reliable, ordered byte stream. */
export interface ByteTransport {
  /** Sends bytes to the peer. The transport may keep a reference; callers pass a buffer they no longer change. */
  write(bytes: Uint8Array): void;
  /**
   * Optional: sends several buffers as one write (a frame's header and its payload without
   * copying them together). A transport without it gets one concatenated buffer instead.
   */
  writev?(chunks: Uint8Array[]): void;
  /** Closes this side's byte stream (the TCP close). Further writes are dropped. */
  end(): void;
  /**
   * Optional: closes the stream at once, without waiting for the peer or for data in
   * flight (a Node socket's `destroy()`). This side's end listener runs now; a transport
   * without it is ended with {@link end} instead.
   */
  destroy?(): void;
  /**
   * Sets the listener for bytes arriving from the peer, in order. A later call replaces
   * the listener: a server reads the HTTP head, then hands the stream to an endpoint.
   */
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Sets the listener called once when the stream ends (peer closed, or cut); a later call replaces it. */
  onEnd(listener: () => void): void;
  /** Bytes written but not yet handed to the peer; used for `bufferedAmount` and backpressure. */
  readonly pendingBytes?: number;
  /**
   * Optional: calls `callback` once the bytes written so far have been handed to the peer
   * (`flushed` true) or the stream is gone and they never will be (`flushed` false), so a
   * sender can wait while pendingBytes is high.
   */
  drain?(callback: (flushed: boolean) => void): void;
  /**
   * Optional: of pendingBytes, those offered to the peer and not yet taken, leaving out
   * what the transport holds back for a moment to send together with more (a socket
   * corked for one turn of the event loop). A sender waits on these: held bytes say
   * nothing about the peer. Default: pendingBytes.
   */
  readonly backlogBytes?: number;
  /**
   * Optional: lowers how many bytes the transport may hold back at once to send together
   * (see backlogBytes). The sends that wrote them went on without waiting, and they are
   * offered to the peer all at once: a sender's flow control keeps them small enough that
   * a peer that reads can take them on top of its backlog.
   */
  limitHold?(bytes: number): void;
  /**
   * Optional: stops delivering received bytes until resume(). The peer is held back by
   * the transport's own flow control (TCP's window; the lab pipe's queue), so a peer that
   * sends faster than the handler reads cannot fill the server's memory.
   */
  pause?(): void;
  /** Optional: delivers received bytes again after pause(). */
  resume?(): void;
  /**
   * Whether the bytes given to the data listener are handed over: the transport keeps no
   * reference to them and nothing else reads them, so the listener may change them (a
   * server unmasks client frames where they lie instead of copying them). The lab's pipe
   * does not hand them over: its tap keeps every chunk it delivers.
   */
  readonly handsOverChunks?: boolean;
  /** Optional: a faster equivalent of applyMask on this platform, used to unmask what arrives. */
  readonly mask?: MaskFunction;
  /**
   * Optional: allocates a buffer for a received message without zeroing it (Node's
   * Buffer.allocUnsafe); the receiver writes every byte before delivering it.
   */
  readonly allocate?: (size: number) => Uint8Array;
}

/** An opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** Time, injected so runs replay exactly. */
export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Randomness, injected so runs replay exactly (masking keys, `Sec-WebSocket-Key`). */
export interface RandomSource {
  /** Returns `length` fresh random bytes. */
  bytes(length: number): Uint8Array;
}
