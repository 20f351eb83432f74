/**
 * The real socket.io-client (4.x, with engine.io-client 6.x under it), run over the lab's
 * WebSocket and on the lab's clock. Two hooks the library offers, nothing patched inside it:
 *
 * - `transports: [LabTransport]`: engine.io-client accepts transport classes. Ours is its own
 *   WebSocket transport with `createSocket(uri, protocols)` returning the lab's WebSocket
 *   instead of the platform's, and `doWrite` calling `send(data)` (the Node variant of the
 *   transport passes `ws`-only options).
 * - The library keeps its timers in `setTimeoutFn` / `clearTimeoutFn` on the Manager, the
 *   Engine.IO socket and the transport; they are set to the run's clock, so its ping
 *   timeout and connect timeout count lab time and a run replays exactly.
 */
import { Manager, WebSocket as WebSocketTransport, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { ClientContext } from '#authoring';

interface Timers {
  setTimeoutFn: unknown;
  clearTimeoutFn: unknown;
}

/** Puts the run's timers on one of the library's objects. */
function useLabTimers(target: object, context: ClientContext): void {
  const timers = target as Timers;
  timers.setTimeoutFn = (callback: () => void, ms: number) => context.setTimeout(callback, ms);
  timers.clearTimeoutFn = (handle: unknown) => context.clearTimeout(handle);
}

/** engine.io-client's WebSocket transport, opening the lab's WebSocket. */
function labTransport(context: ClientContext): typeof WebSocketTransport {
  return class LabTransport extends WebSocketTransport {
    constructor(opts: ConstructorParameters<typeof WebSocketTransport>[0]) {
      super(opts);
      useLabTimers(this, context);
      const engine = (opts as { socket?: { binaryType?: string } }).socket;
      if (engine) {
        useLabTimers(engine, context);
        engine.binaryType = 'arraybuffer';
      }
    }

    override createSocket(uri: string, protocols: string | string[] | undefined): WebSocket {
      return (protocols ? new context.WebSocket(uri, protocols) : new context.WebSocket(uri)) as unknown as WebSocket;
    }

    override doWrite(_packet: unknown, data: string | ArrayBuffer | ArrayBufferView): void {
      (this as unknown as { ws: { send(data: unknown): void } }).ws.send(data);
    }
  };
}

/**
 * Connects a socket.io-client Socket to the lab's Socket.IO server at `ws://lab` (namespace
 * `nsp`), WebSocket from the start, without reconnecting (a run shows one session).
 */
export function connectSocketIo(context: ClientContext, nsp = '/', options: Partial<ManagerOptions & SocketOptions> = {}): Socket {
  const manager = new Manager('ws://lab', {
    ...options,
    autoConnect: false,
    reconnection: false,
    transports: [labTransport(context)] as unknown as string[],
  });
  useLabTimers(manager, context);
  const socket = manager.socket(nsp, options);
  socket.connect();
  return socket;
}
