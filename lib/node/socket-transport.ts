/**
 * A Node socket as a {@link ByteTransport}. lib/node is the only part of lib that uses
 * Node APIs.
 */
import type { Socket } from 'node:net';
import type { ByteTransport } from '../endpoint/transport.ts';
import { nativeMask } from './native-mask.ts';

const EMPTY = new Uint8Array(0);

/**
 * A plain Uint8Array over memory that is not zeroed first (a 64 KiB zeroed allocation cost
 * 20 µs more here); never from Node's shared pool, so it holds only itself.
 */
function allocateUnzeroed(size: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
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
  // What is written in answer to one read goes out together: the socket is corked while the
  // read is handled and uncorked when the next read comes, or once the promise callbacks it
  // started have run (setImmediate comes after them) — one write for a read of many small
  // messages instead of one per answer, and never more than one read's answers held back.
  let corked = false;
  let flushScheduled = false;
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
  const uncork = () => {
    if (!corked) return;
    corked = false;
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
  socket.on('data', (chunk: Buffer) => {
    uncork();
    corked = true;
    socket.cork();
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
      socket.write(bytes);
    },
    writev(chunks) {
      if (socket.destroyed || !socket.writable) return;
      socket.cork();
      for (const chunk of chunks) socket.write(chunk);
      socket.uncork();
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
    drain(callback) {
      if (corked) drainWaiters.push(callback);
      else whenFlushed([callback]);
    },
    pause() { socket.pause(); },
    resume() { socket.resume(); },
    // Each read is a buffer of its own that nothing else holds (no `onread` buffer is reused here).
    handsOverChunks: true,
    ...(nativeMask ? { mask: nativeMask } : {}),
    allocate: allocateUnzeroed,
  };
}
