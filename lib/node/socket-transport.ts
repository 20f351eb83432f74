/**
 * A Node socket as a {@link ByteTransport}. lib/node is the only part of lib that uses
 * Node APIs.
 */
import type { Socket } from 'node:net';
import type { ByteTransport } from '../endpoint/transport.ts';

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
  socket.on('data', (chunk: Buffer) => dataListener?.(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  socket.on('end', () => socket.end());
  socket.on('close', finish);
  socket.on('error', () => socket.destroy());
  return {
    write(bytes) {
      if (!socket.destroyed && socket.writable) socket.write(bytes);
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
  };
}
