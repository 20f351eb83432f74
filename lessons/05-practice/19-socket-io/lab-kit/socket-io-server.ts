/**
 * A small Socket.IO server for the lab: Engine.IO protocol 4 over WebSocket, with Socket.IO
 * protocol 5 on top, built on the official parsers (engine.io-parser for `0`, `2`, `3`,
 * `4…` packets, socket.io-parser for `40`, `42[…]`, `43…`, `451-[…]` and their binary
 * attachments). It does what the Node server (the `socket.io` package) does on the wire for
 * one WebSocket session: the open packet, a ping every pingInterval and a close when the
 * pong does not come within pingTimeout, a CONNECT answered per namespace, events,
 * acknowledgements, rooms and binary attachments. It does not do HTTP long-polling (the lab
 * speaks WebSocket only), so a client must start with `transports: ['websocket']`.
 *
 * One difference on the wire: where the Node server closes the WebSocket without a status
 * code (its `ws` library's close(), so the client reads 1005), this one closes with 1000.
 *
 * Timers run on the lab run's clock and every id comes from the run's seeded random(), so a
 * run replays byte for byte from its seed.
 */
import { encodePacket, decodePacket, type Packet as EnginePacket } from 'engine.io-parser';
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';
import { LabServer, type LabMessage, type ServerContext, type ServerWebSocket } from '#authoring';

/** What the server needs from the run: its clock, its random numbers and its log. */
export type SocketIoServerContext = Pick<ServerContext, 'random' | 'setTimeout' | 'clearTimeout' | 'log'>;

/** One Socket.IO socket: a client's connection to one namespace. */
export interface IoSocket {
  /** The socket's id, sent in the CONNECT answer (`40{"sid":…}`); not the Engine.IO session id. */
  readonly id: string;
  readonly nsp: string;
  /** The rooms the socket is in (its own id's room included, as in Socket.IO). */
  readonly rooms: ReadonlySet<string>;
  /** Runs `listener` for each `event` the client emits; `ack` is there when the client asked for one. */
  on(event: string, listener: (args: unknown[], ack?: (...values: unknown[]) => void) => void): void;
  /** Runs `listener` once the socket is gone (the client left, or the session closed). */
  onDisconnect(listener: (reason: string) => void): void;
  emit(event: string, ...args: unknown[]): void;
  join(room: string): void;
  leave(room: string): void;
  /** Everyone in `room` on this namespace except this socket (as `socket.to(room)` in Socket.IO). */
  to(room: string): { emit(event: string, ...args: unknown[]): void };
}

/** A namespace as a whole (as `io.of(nsp)` in Socket.IO). */
export interface IoNamespace {
  /** Everyone in `room` on this namespace, the socket that caused it included (as `io.to(room)`). */
  to(room: string): { emit(event: string, ...args: unknown[]): void };
}

export interface SocketIoServerOptions {
  /** ms between the server's pings (Engine.IO's default: 25 000). */
  pingInterval?: number;
  /** ms the server waits for the pong before it closes the session (Engine.IO's default: 20 000). */
  pingTimeout?: number;
  /** ms a session may stay without joining any namespace before the server closes it (the Node server's connectTimeout, default 45 000). */
  connectTimeout?: number;
  /** Each namespace the server serves, with what to do when a client connects to it. */
  namespaces: Readonly<Record<string, (socket: IoSocket, io: IoNamespace) => void>>;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 20-character id of the kind Engine.IO makes (base64url), drawn from the run's random(). */
export function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += ID_ALPHABET[Math.floor(random() * 64)];
  return id;
}

/** Engine.IO's packet encoding, used synchronously (it calls back at once for text and for bytes). */
function engineEncode(packet: EnginePacket): string | Uint8Array {
  let out: string | Uint8Array | undefined;
  encodePacket(packet, true, (encoded) => { out = encoded as string | Uint8Array; });
  if (out === undefined) throw new Error('engine.io-parser did not encode synchronously');
  return out;
}

/** The Socket.IO server: mount it on the lab's server at `/socket.io/`. */
export function socketIoServer(context: SocketIoServerContext, options: SocketIoServerOptions): LabServer {
  const pingInterval = options.pingInterval ?? 25_000;
  const pingTimeout = options.pingTimeout ?? 20_000;
  const connectTimeout = options.connectTimeout ?? 45_000;
  const { random, log } = context;
  /** room name → sockets, per namespace: rooms live only here, in the server's memory. */
  const rooms = new Map<string, Map<string, Set<SocketState>>>();

  type Listener = (args: unknown[], ack?: (...values: unknown[]) => void) => void;
  interface SocketState {
    listeners: Map<string, Listener>;
    send(packet: Packet): void;
    close(reason: string): void;
  }

  const roomsOf = (nsp: string) => {
    let byName = rooms.get(nsp);
    if (!byName) rooms.set(nsp, (byName = new Map()));
    return byName;
  };

  return new LabServer().websocket('/socket.io/', async (ws: ServerWebSocket) => {
    // What Engine.IO checks before a session exists, in its order; it refuses an upgrade
    // request with 400 and the error's text as the body.
    if (ws.query.get('transport') !== 'websocket') {
      log(`refused: transport ${ws.query.get('transport') ?? '(none)'} is not served here`);
      return ws.reject(400, { body: 'Transport unknown' });
    }
    if (ws.query.get('EIO') !== '4') {
      log(`refused: EIO=${ws.query.get('EIO') ?? '(none)'} is not protocol 4`);
      return ws.reject(400, { body: 'Unsupported protocol version' });
    }
    await ws.accept();
    const sid = randomId(random);
    let open = true;
    const write = (packet: EnginePacket) => {
      if (!open) return;
      const data = engineEncode(packet);
      void (typeof data === 'string' ? ws.sendText(data) : ws.sendBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    };
    write({ type: 'open', data: JSON.stringify({ sid, upgrades: [], pingInterval, pingTimeout, maxPayload: 1_000_000 }) });
    log(`Engine.IO session ${sid} open`);

    // Engine.IO protocol 4: the server pings; a pong that does not come in time ends the session.
    let pingTimer: unknown;
    let pongTimer: unknown;
    const schedulePing = () => {
      pingTimer = context.setTimeout(() => {
        write({ type: 'ping' });
        pongTimer = context.setTimeout(() => {
          log(`no pong within ${pingTimeout} ms: session ${sid} closed ("ping timeout")`);
          end('ping timeout');
          void ws.close(1000);
        }, pingTimeout);
      }, pingInterval);
    };
    schedulePing();
    // The Node server's Socket.IO layer: a session that joins no namespace in time is closed.
    const connectTimer = context.setTimeout(() => {
      if (sockets.size > 0) return;
      log(`no CONNECT within ${connectTimeout} ms: session ${sid} closed`);
      end('connect timeout');
      void ws.close(1000);
    }, connectTimeout);

    const encoder = new Encoder();
    const decoder = new Decoder();
    const sockets = new Map<string, SocketState>();
    const sendIo = (packet: Packet) => {
      for (const part of encoder.encode(packet) as Array<string | Uint8Array>) write({ type: 'message', data: part as string });
    };

    const end = (reason: string) => {
      if (!open) return;
      open = false;
      context.clearTimeout(pingTimer);
      context.clearTimeout(pongTimer);
      context.clearTimeout(connectTimer);
      for (const state of [...sockets.values()]) state.close(reason);
    };

    const connect = (nsp: string) => {
      const setup = options.namespaces[nsp];
      if (!setup) {
        sendIo({ type: PacketType.CONNECT_ERROR, nsp, data: { message: 'Invalid namespace' } });
        log(`CONNECT to ${nsp} refused: no such namespace`);
        return;
      }
      if (sockets.has(nsp)) return;
      const id = randomId(random);
      const listeners = new Map<string, Listener>();
      const leaving: Array<(reason: string) => void> = [];
      const joined = new Set<string>([id]);
      const nspRooms = roomsOf(nsp);
      const state: SocketState = {
        listeners,
        send: sendIo,
        close(reason) {
          sockets.delete(nsp);
          for (const room of joined) nspRooms.get(room)?.delete(state);
          for (const listener of leaving) listener(reason);
        },
      };
      const broadcast = (room: string, event: string, args: unknown[], except?: SocketState) => {
        for (const other of nspRooms.get(room) ?? []) {
          if (other !== except) other.send({ type: PacketType.EVENT, nsp, data: [event, ...args] });
        }
      };
      const socket: IoSocket = {
        id, nsp, rooms: joined,
        on: (event, listener) => void listeners.set(event, listener),
        onDisconnect: (listener) => void leaving.push(listener),
        emit: (event, ...args) => sendIo({ type: PacketType.EVENT, nsp, data: [event, ...args] }),
        join(room) {
          joined.add(room);
          let members = nspRooms.get(room);
          if (!members) nspRooms.set(room, (members = new Set()));
          members.add(state);
        },
        leave(room) {
          joined.delete(room);
          nspRooms.get(room)?.delete(state);
        },
        to: (room) => ({ emit: (event, ...args) => broadcast(room, event, args, state) }),
      };
      sockets.set(nsp, state);
      context.clearTimeout(connectTimer);
      socket.join(id);
      sendIo({ type: PacketType.CONNECT, nsp, data: { sid: id } });
      log(`socket ${id} connected to ${nsp}`);
      setup(socket, { to: (room) => ({ emit: (event, ...args) => broadcast(room, event, args) }) });
    };

    decoder.on('decoded', (packet: Packet) => {
      const state = sockets.get(packet.nsp);
      switch (packet.type) {
        case PacketType.CONNECT:
          connect(packet.nsp);
          return;
        case PacketType.DISCONNECT:
          state?.close('client namespace disconnect');
          return;
        case PacketType.EVENT:
        case PacketType.BINARY_EVENT: {
          if (!state) return;
          const [event, ...args] = packet.data as [string, ...unknown[]];
          const listener = state.listeners.get(event);
          const id = packet.id;
          const ack = id === undefined ? undefined : (...values: unknown[]) => sendIo({ type: PacketType.ACK, nsp: packet.nsp, id, data: values });
          if (listener) listener(args, ack);
          else log(`no listener for "${event}" on ${packet.nsp}`);
          return;
        }
        default:
          return;
      }
    });

    const onEngineMessage = (message: LabMessage) => {
      const packet = typeof message === 'string' ? decodePacket(message) : { type: 'message' as const, data: message };
      switch (packet.type) {
        case 'pong':
          context.clearTimeout(pongTimer);
          context.clearTimeout(pingTimer);
          schedulePing();
          return;
        case 'message':
          try {
            decoder.add(packet.data as string);
          } catch (error) {
            log(`not a Socket.IO packet (${error instanceof Error ? error.message : String(error)}): session ${sid} closed`);
            end('parse error');
            void ws.close(1000);
          }
          return;
        case 'error':
          // Not an Engine.IO packet at all (plain JSON from a plain client, say): Engine.IO closes the session.
          log(`"${String(message).slice(0, 40)}" is not an Engine.IO packet: session ${sid} closed ("parse error")`);
          end('parse error');
          void ws.close(1000);
          return;
        case 'close':
          end('transport close');
          void ws.close(1000);
          return;
        default:
          return;
      }
    };

    try {
      for await (const message of ws) onEngineMessage(message);
    } catch (error) {
      log(`the session ${sid} ended: ${error instanceof Error ? error.message : String(error)}`);
      void ws.close(1000);
    } finally {
      end('transport close');
      decoder.destroy();
    }
  });
}
