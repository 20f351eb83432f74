/**
 * A Node socket as a {@link ByteTransport}. lib/node is the only part of lib that uses
 * Node APIs.
 */
import type { Socket } from 'node:net';
import type { ByteTransport } from '../endpoint/transport.ts';
import { nativeMask } from './native-mask.ts';

const EMPTY = new Uint8Array(0);
/** Up to this many bytes, V8 keeps a Uint8Array's bytes inside the JS heap. */
const SMALL_WRITE = 64;
/**
 * Bytes a corked socket holds back before writing them out once it holds HOLD_BATCH
 * answers: what the peer takes in one read. Answers smaller than an eighth of it go out
 * 64 KiB at a time (holding more of them kept more objects alive and cost more CPU time
 * than the writes it saved: 8 KiB echoes held 512 KiB at a time took about 30% more
 * server CPU here). Larger answers go out HOLD_BATCH at a time, up to HOLD_MAX bytes, not
 * one write each: 64 KiB echoes written eight at a time took about 10% less server CPU per
 * echo than one at a time, most of it in the kernel.
 */
const HOLD_LIMIT = 64 * 1024;
/** How many answers past HOLD_LIMIT a corked socket gathers into one write. */
const HOLD_BATCH = 8;
/**
 * Most bytes a corked socket holds back, whatever their number; a sender's flow control
 * may lower it (see ByteTransport.limitHold).
 */
const HOLD_MAX = 512 * 1024;
/**
 * Most write calls a corked socket holds back: each leaves a Buffer and an entry in the
 * stream's queue (two of each for a header and its payload; about 170 bytes of heap a pair),
 * so 64 KiB of 2-byte frames would take over 5 MiB. Written out, they count for the
 * sender's flow control as bytes held back do not.
 */
const HOLD_WRITES = 1024;

/** Below this, Buffer.allocUnsafe carves buffers out of Node's shared 8 KiB pool (Buffer.poolSize / 2). */
const POOLED_BELOW = Buffer.poolSize >>> 1;

/**
 * A plain Uint8Array for a received message, over memory that is not zeroed first (a 64 KiB
 * zeroed allocation cost 20 µs more here). Up to 64 bytes it lives in the JS heap; below
 * 4 KiB it is a slice of Node's shared pool, as Buffer.allocUnsafe's are (an ArrayBuffer of
 * its own costs about 0.9 µs to make, a slice about 0.1 µs; a message kept holds at most
 * the 8 KiB pool); from 4 KiB it has memory of its own.
 */
function allocateUnzeroed(size: number): Uint8Array {
  if (size <= SMALL_WRITE) return new Uint8Array(size);
  const buffer = size < POOLED_BELOW ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
}

/**
 * The bytes as a Buffer that Node can write as it is. A Uint8Array of 64 bytes or fewer
 * (a frame header, a small frame) keeps its bytes inside the JS heap, and socket.write
 * would move them out into an ArrayBuffer of their own (about 0.3–0.6 µs here); a copy
 * into Node's shared pool of small buffers takes about 0.09 µs.
 */
function writable(bytes: Uint8Array): Uint8Array {
  if (bytes.length > SMALL_WRITE || Buffer.isBuffer(bytes)) return bytes;
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Wraps a connected socket (e.g. from an HTTP 'upgrade' event). */
export function socketTransport(socket: Socket): ByteTransport {
  let dataListener: ((bytes: Uint8Array) => void) | undefined;
  let endListener: (() => void) | undefined;
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    endListener?.();
  };
  socket.setNoDelay(true);
  // What is written in answer to the reads of one turn of the event loop goes out together:
  // the socket is corked at the turn's first read and uncorked once the promise callbacks
  // its reads started have run (setImmediate comes after them) — one write for many
  // answers instead of one each, and larger writes, which the client reads in fewer
  // calls. Past HOLD_LIMIT bytes and HOLD_BATCH answers, HOLD_MAX bytes (or less, see
  // limitHold) or HOLD_WRITES writes, what is held goes out at once.
  let corked = false;
  let flushScheduled = false;
  /** Bytes written since the socket was corked: held back, not yet offered to the peer. */
  let held = 0;
  /** Writes held back. */
  let heldWrites = 0;
  /** HOLD_MAX, or less when flow control asks (limitHold). */
  let holdMax = HOLD_MAX;
  /** Waiting for what is written to leave, asked while corked: answered once, after the uncork. */
  let drainWaiters: Array<(flushed: boolean) => void> = [];
  const whenFlushed = (callbacks: Array<(flushed: boolean) => void>) => {
    const done = (error?: Error | null) => {
      const flushed = !error && !socket.destroyed;
      for (const callback of callbacks) callback(flushed);
    };
    if (socket.destroyed || !socket.writable) queueMicrotask(() => done(new Error('the socket is closed')));
    else if (socket.writableLength === 0) queueMicrotask(() => done());
    // An empty write's callback runs once everything written before it has been flushed (or the socket failed).
    else socket.write(EMPTY, done);
  };
  const cork = () => {
    if (corked) return;
    corked = true;
    socket.cork();
  };
  const uncork = () => {
    if (!corked) return;
    corked = false;
    held = 0;
    heldWrites = 0;
    socket.uncork();
    if (drainWaiters.length === 0) return;
    const waiters = drainWaiters;
    drainWaiters = [];
    whenFlushed(waiters);
  };
  const flush = () => {
    flushScheduled = false;
    uncork();
  };
  /** Counts bytes and writes while corked; past the limits, what is held goes out (and the turn's later answers are held again). */
  const hold = (length: number) => {
    if (!corked) return;
    held += length;
    heldWrites += 1;
    if ((held > HOLD_LIMIT && heldWrites >= HOLD_BATCH) || held > holdMax || heldWrites >= HOLD_WRITES) {
      uncork();
      cork();
    }
  };
  socket.on('data', (chunk: Buffer) => {
    // A peer that has not taken what was written before gets no batching: Node's own queue
    // gathers what waits for it, and holding more back would only add to it.
    if (socket.writableLength === 0) cork();
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
    dataListener?.(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  });
  socket.on('end', () => socket.end());
  socket.on('close', finish);
  socket.on('error', () => socket.destroy());
  return {
    write(bytes) {
      if (socket.destroyed || !socket.writable) return;
      socket.write(writable(bytes));
      hold(bytes.length);
    },
    writev(chunks) {
      if (socket.destroyed || !socket.writable) return;
      socket.cork();
      let length = 0;
      for (const chunk of chunks) {
        socket.write(writable(chunk));
        length += chunk.length;
      }
      socket.uncork();
      hold(length);
    },
    end() {
      if (socket.destroyed) return finish();
      socket.end();
      // A peer that never closes its side must not hold the socket open forever.
      setTimeout(() => socket.destroy(), 2000).unref();
    },
    destroy() {
      socket.destroy();
    },
    onData(listener) { dataListener = listener; },
    onEnd(listener) { endListener = listener; },
    get pendingBytes() { return socket.writableLength; },
    // Ending or destroying the socket writes out or drops what was held without an uncork here.
    get backlogBytes() { return Math.max(0, socket.writableLength - held); },
    drain(callback) {
      if (corked) drainWaiters.push(callback);
      else whenFlushed([callback]);
    },
    limitHold(bytes) {
      holdMax = Math.min(holdMax, bytes);
    },
    pause() { socket.pause(); },
    resume() { socket.resume(); },
    // Each read is a buffer of its own that nothing else holds (no `onread` buffer is reused here).
    handsOverChunks: true,
    ...(nativeMask ? { mask: nativeMask } : {}),
    allocate: allocateUnzeroed,
  };
}
