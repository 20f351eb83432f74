/**
 * What a WebSocket message says at the application level: JSON, JSON-RPC 2.0,
 * MessagePack, Engine.IO / Socket.IO, or nothing more than text and bytes.
 *
 * One decoder per connection ({@link createAppDecoder}) reads whole messages (the caller
 * reassembles fragments) in the order they crossed, in both directions, because some
 * protocols need what came before: Socket.IO sends a binary event as a text packet
 * followed by its attachments in binary messages. What it returns is plain data that
 * survives `structuredClone`, so a worker can decode and the page can show.
 *
 * Pure: no DOM, no I/O; runs in a worker and in Node.
 *
 * @see https://www.jsonrpc.org/specification
 * @see https://github.com/msgpack/msgpack/blob/master/spec.md
 * @see https://socket.io/docs/v4/engine-io-protocol/
 * @see https://socket.io/docs/v4/socket-io-protocol/
 */
import { decodePacket, decodePayload } from 'engine.io-parser';
import { Decoder as SocketIoDecoder, type Packet as SocketIoPacket } from 'socket.io-parser';
import { classifyJsonRpc, cut, type RpcInfo } from './app-protocol-rpc.ts';
import { createMsgpackReader, describe, isRecord, parseJson, toTree } from './app-protocol-values.ts';
import type { Direction } from './scenario.ts';

export { JSON_RPC_ERRORS, jsonRpcErrorName, linkReplies } from './app-protocol-rpc.ts';
export type { LinkableMessage, ReplyLinks, RpcInfo } from './app-protocol-rpc.ts';

/** The application protocol a message was recognised as; `text` and `binary` mean none. */
export type AppProtocol = 'json' | 'json-rpc' | 'msgpack' | 'engine.io' | 'socket.io' | 'text' | 'binary';

/** An Engine.IO packet's type (v4). */
export type EngineIoType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';

/** A Socket.IO packet's type (protocol v5, carried by Engine.IO v4). */
export type SocketIoType = 'CONNECT' | 'DISCONNECT' | 'EVENT' | 'ACK' | 'CONNECT_ERROR' | 'BINARY_EVENT' | 'BINARY_ACK';

/** What one message is. Plain data: it crosses from the worker to the page with `structuredClone`. */
export interface AppMessage {
  protocol: AppProtocol;
  /**
   * One line for the inspector: "JSON object {type, room, text}", "JSON-RPC request #7 sum",
   * "Socket.IO EVENT chat in /admin (ack 12)". Empty for plain text and bytes, where the
   * frame's own summary says all there is.
   */
  label: string;
  /**
   * The decoded value as JSON-safe data (show it with {@link formatTree}). Bytes appear as
   * `{ $bytes: hex }` (with `length` when only the first bytes are given), MessagePack
   * timestamps as `{ $timestamp: iso }`, other extensions as `{ $ext: type, $bytes }`,
   * non-finite numbers as `{ $number: 'NaN' }`, 64-bit integers as `{ $bigint }`.
   * A large tree is cut short: the cut places hold `{ $truncated: what was left out }`
   * (or a `$truncated` key in an object) and `notes` says so.
   */
  tree?: unknown;
  /** Set for JSON-RPC: what the message is, for labels and for {@link linkReplies}. */
  rpc?: RpcInfo;
  /** Set for Engine.IO packets other than those carrying Socket.IO. */
  engineio?: { type: EngineIoType; sid?: string };
  /** Set for Socket.IO packets and their binary attachments. */
  socketio?: {
    type: SocketIoType;
    nsp: string;
    /** The ack id: an EVENT that wants an answer, or the ACK that gives it. */
    id?: number;
    /** An EVENT's name (its first argument). */
    event?: string | number;
    /** On a BINARY_EVENT or BINARY_ACK: how many attachments follow. */
    attachments?: number;
    /** On a binary message that is an attachment: which one (from 1) of how many. */
    attachment?: { index: number; of: number };
  };
  /** Rules of the application protocol the message breaks, each saying which and why. */
  problems?: string[];
  /** Remarks that are not faults: a cut-short tree, a message too large to decode, other readings. */
  notes?: string[];
}

/** Options for {@link createAppDecoder}. */
export interface AppDecoderOptions {
  /**
   * The URL the connection was opened with. A path with `/socket.io/` or a query with
   * `EIO=4` marks an Engine.IO connection (so `2` is a ping, not a number); without it,
   * a first server message that is an Engine.IO open packet does.
   */
  url?: string;
  /** The subprotocol the server selected. One naming JSON-RPC reads every message as JSON-RPC. */
  protocol?: string;
  /** Trees deeper than this are cut (default 32). */
  maxDepth?: number;
  /** Trees with more values than this are cut (default 5,000). */
  maxNodes?: number;
  /** Messages longer than this (UTF-16 units of text, bytes of binary) are not decoded (default 1 MiB). */
  maxLength?: number;
}

/** A per-connection decoder. Feed it every message of one connection, in order. */
export interface AppDecoder {
  /** Says what `data` (a whole text or binary message) is. Never throws. */
  decode(data: string | Uint8Array, direction: Direction): AppMessage;
}

const SOCKET_IO_TYPES: readonly SocketIoType[] = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];
const JSON_RPC_SUBPROTOCOL = /json-?rpc/i;
/** Separates packets in an HTTP long-polling payload. */
const RECORD_SEPARATOR = '\x1e';

type SocketIoInfo = NonNullable<AppMessage['socketio']>;

/** Where the Socket.IO decoder of one direction stands. */
interface SocketIoState {
  decoder: SocketIoDecoder;
  /** What the decoder emitted during the last `add`. */
  decoded?: SocketIoPacket;
  /** A binary packet whose attachments are still coming. */
  awaiting?: { packet: SocketIoInfo; of: number; received: number };
}

/**
 * A decoder for one connection's messages.
 *
 * ```ts
 * const app = createAppDecoder({ url: 'ws://lab/socket.io/?EIO=4&transport=websocket' });
 * app.decode('0{"sid":"x","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}', 'server→client').label;
 * // 'Engine.IO open sid=x'
 * app.decode('42["chat",{"text":"hi"}]', 'client→server').label; // 'Socket.IO EVENT chat in /'
 * ```
 */
export function createAppDecoder(options: AppDecoderOptions = {}): AppDecoder {
  const limits = { maxDepth: options.maxDepth ?? 32, maxNodes: options.maxNodes ?? 5_000, maxLength: options.maxLength ?? 1 << 20 };
  const url = options.url ?? '';
  const path = url.split(/[?#]/)[0];
  const eioVersion = /[?&]EIO=(\d+)/.exec(url)?.[1];
  /** Whether the connection speaks Engine.IO: known from the URL, or from the server's first message. */
  let engineIo: boolean | undefined = path.includes('/socket.io/') || eioVersion === '4' ? true : undefined;
  /** Whether Engine.IO messages carry Socket.IO: known from the URL, or from the first message's CONNECT. */
  let socketIo: boolean | undefined = path.includes('/socket.io/') ? true : undefined;
  let jsonRpc = JSON_RPC_SUBPROTOCOL.test(options.protocol ?? '');
  const readMsgpack = createMsgpackReader(limits.maxLength);
  // Each direction has its own packets and attachments in flight.
  const sockets = new Map<Direction, SocketIoState>();
  const socketState = (direction: Direction) => {
    let state = sockets.get(direction);
    if (!state) sockets.set(direction, (state = resetSocketIo({} as SocketIoState)));
    return state;
  };

  const tree = (value: unknown, notes: string[]) => toTree(value, limits, notes);
  const tooLarge = (length: number, unit: string) => [`Not decoded: ${length.toLocaleString('en')} ${unit} is more than the ${limits.maxLength.toLocaleString('en')} read here.`];

  function decodeText(text: string): AppMessage {
    if (text.length > limits.maxLength) return { protocol: 'text', label: '', notes: tooLarge(text.length, 'characters') };
    const parsed = parseJson(text);
    if (!parsed.ok) {
      if (!jsonRpc) return { protocol: 'text', label: '' };
      return {
        protocol: 'json-rpc', label: 'JSON-RPC invalid message (not JSON)', rpc: { kind: 'invalid', valid: false },
        problems: ['Not JSON: a server answers -32700 Parse error, with a null id (§5.1).'],
      };
    }
    const notes: string[] = [];
    const value = parsed.value;
    const reading = classifyJsonRpc(value, jsonRpc);
    if (reading) {
      jsonRpc ||= reading.marked;
      return withLists({ protocol: 'json-rpc', label: reading.label, tree: tree(value, notes), rpc: reading.rpc }, reading.problems, notes);
    }
    return withLists({ protocol: 'json', label: `JSON ${describe(value, 'object')}`, tree: tree(value, notes) }, [], notes);
  }

  function decodeBinary(bytes: Uint8Array): AppMessage {
    if (bytes.length > limits.maxLength) return { protocol: 'binary', label: '', notes: tooLarge(bytes.length, 'bytes') };
    const read = readMsgpack(bytes);
    if (read.kind === 'none') return { protocol: 'binary', label: '' };
    if (read.kind === 'other') return { protocol: 'binary', label: '', notes: [read.note] };
    const notes: string[] = [];
    return withLists({ protocol: 'msgpack', label: `MessagePack ${describe(read.value, 'map')}`, tree: tree(read.value, notes) }, [], notes);
  }

  /** An Engine.IO packet, or undefined when the message is not one. */
  function decodeEngineIo(data: string | Uint8Array, direction: Direction): AppMessage | undefined {
    // Engine.IO v4 sends binary data as a bare binary message: always a message packet.
    const packet = decodePacket(typeof data === 'string' ? data : data.slice().buffer, 'arraybuffer');
    if (packet.type === 'error') return undefined;
    const message = readEnginePacket(packet.type, packet.data, direction);
    if (typeof data === 'string' && data.includes(RECORD_SEPARATOR)) {
      const packets = decodePayload(data, 'arraybuffer');
      if (packets.length > 1 && packets.every((p) => p.type !== 'error')) {
        withLists(message, [`Holds ${packets.length} packets joined by the record separator (0x1E), as HTTP long-polling sends them: over WebSocket each packet travels in a message of its own, so this reads as one packet.`], []);
      }
    }
    return message;
  }

  function readEnginePacket(type: EngineIoType, data: unknown, direction: Direction): AppMessage {
    const fromClient = direction === 'client→server';
    const eio = (label: string, problems: string[] = []): AppMessage => withLists({ protocol: 'engine.io', label, engineio: { type } }, problems, []);
    switch (type) {
      case 'open': return readOpen(data, fromClient);
      case 'ping':
      case 'pong': {
        const probe = data === 'probe';
        const detail = data === undefined ? '' : probe ? ' probe' : ` “${cut(String(data), 40)}”`;
        // Only the probe goes the other way, while the client tries the WebSocket transport.
        const wrongWay = !probe && fromClient === (type === 'ping');
        return eio(`Engine.IO ${type}${detail}`, wrongWay ? [`In Engine.IO v4 the server sends ping and the client answers pong; here the ${fromClient ? 'client' : 'server'} sent ${type}.`] : []);
      }
      case 'message': break;
      default: return eio(`Engine.IO ${type}`);
    }
    if (data instanceof ArrayBuffer) return decodeEngineBinary(new Uint8Array(data), direction);
    const text = typeof data === 'string' ? data : '';
    if (text.length > limits.maxLength) return { protocol: 'engine.io', label: 'Engine.IO message', engineio: { type }, notes: tooLarge(text.length, 'characters') };
    socketIo ??= isSocketIoConnect(text);
    if (socketIo) return decodeSocketIo(text, direction);
    const notes: string[] = [];
    const parsed = parseJson(text);
    return withLists({ protocol: 'engine.io', label: `Engine.IO message “${cut(text, 40)}”`, engineio: { type }, ...(parsed.ok ? { tree: tree(parsed.value, notes) } : {}) }, [], notes);
  }

  function readOpen(data: unknown, fromClient: boolean): AppMessage {
    const problems: string[] = [];
    const notes: string[] = [];
    if (fromClient) problems.push('Only the server sends the open packet.');
    if (eioVersion !== undefined && eioVersion !== '4') notes.push(`The URL asks for Engine.IO v${eioVersion}; packets are read as v4.`);
    const parsed = parseJson(typeof data === 'string' ? data : '');
    const handshake = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
    if (!handshake) problems.push('The open packet MUST carry a JSON object: sid, upgrades, pingInterval, pingTimeout, maxPayload.');
    else {
      const expected = { sid: 'string', upgrades: 'array', pingInterval: 'number', pingTimeout: 'number', maxPayload: 'number' } as const;
      const wrong = Object.entries(expected).filter(([key, type]) => (type === 'array' ? !Array.isArray(handshake[key]) : typeof handshake[key] !== type)).map(([key]) => key);
      if (wrong.length) problems.push(`The open packet lacks ${wrong.join(', ')} (Engine.IO v4 sends sid, upgrades, pingInterval, pingTimeout and maxPayload).`);
    }
    const sid = typeof handshake?.sid === 'string' ? handshake.sid : undefined;
    return withLists({
      protocol: 'engine.io', label: `Engine.IO open${sid !== undefined ? ` sid=${cut(sid, 32)}` : ''}`,
      engineio: { type: 'open', ...(sid !== undefined ? { sid } : {}) }, ...(parsed.ok ? { tree: tree(parsed.value, notes) } : {}),
    }, problems, notes);
  }

  function decodeSocketIo(text: string, direction: Direction): AppMessage {
    const state = socketState(direction);
    const problems: string[] = [];
    if (state.awaiting) {
      const { packet, of, received } = state.awaiting;
      problems.push(`A text packet came while the ${packet.type} still awaited ${plural(of - received, 'attachment')}: Socket.IO fails the connection here.`);
      resetSocketIo(state);
    }
    try {
      state.decoder.add(text);
    } catch (error) {
      resetSocketIo(state);
      problems.push(`Not a Socket.IO packet: ${errorMessage(error)}.`);
      return withLists({ protocol: 'engine.io', label: `Engine.IO message “${cut(text, 40)}”`, engineio: { type: 'message' } }, problems, []);
    }
    const notes: string[] = [];
    const packet = state.decoded;
    state.decoded = undefined;
    if (packet) return withLists(describeSocketIo(packet, SOCKET_IO_TYPES[packet.type], tree, notes), problems, notes);
    // A BINARY_EVENT or BINARY_ACK: the decoder keeps it until its attachments arrive. It
    // offers no way to see the packet before then, so peek at the one it holds.
    const held = (state.decoder as unknown as { reconstructor?: { reconPack?: SocketIoPacket } }).reconstructor?.reconPack;
    if (!held) return withLists({ protocol: 'socket.io', label: 'Socket.IO binary packet, attachments to follow', socketio: { type: 'BINARY_EVENT', nsp: '/' } }, problems, notes);
    const type: SocketIoType = SOCKET_IO_TYPES[held.type] === 'ACK' ? 'BINARY_ACK' : 'BINARY_EVENT';
    // A copy: the decoder will put the attachments in place of the placeholders.
    const message = describeSocketIo({ ...held, data: structuredClone(held.data) as unknown }, type, tree, notes);
    const of = held.attachments ?? 0;
    state.awaiting = { packet: message.socketio, of, received: 0 };
    message.label += `, ${plural(of, 'attachment')} to follow`;
    return withLists(message, problems, notes);
  }

  function decodeEngineBinary(bytes: Uint8Array, direction: Direction): AppMessage {
    const state = socketIo ? socketState(direction) : undefined;
    const awaiting = state?.awaiting;
    if (!state || !awaiting) {
      const problems = socketIo ? ['Binary data with no BINARY_EVENT or BINARY_ACK awaiting it: Socket.IO fails the connection here.'] : [];
      const inner = decodeBinary(bytes);
      const label = `Engine.IO message, ${bytes.length} B binary${inner.protocol === 'msgpack' ? ` (${inner.label})` : ''}`;
      return withLists({ protocol: 'engine.io', label, engineio: { type: 'message' }, ...(inner.tree !== undefined ? { tree: inner.tree } : {}) }, problems, inner.notes ?? []);
    }
    const { packet, of } = awaiting;
    const index = ++awaiting.received;
    const problems: string[] = [];
    const notes: string[] = [];
    try {
      state.decoder.add(bytes.buffer);
    } catch (error) {
      problems.push(`The attachments do not fit the packet: ${errorMessage(error)}.`);
      resetSocketIo(state);
    }
    // The last attachment: the tree is the whole packet, bytes in place of the placeholders.
    const whole = state.decoded;
    if (whole || index >= of) resetAfterPacket(state);
    const name = packet.type === 'BINARY_ACK' ? `BINARY_ACK ${packet.id}` : `BINARY_EVENT ${eventText(packet.event)}`;
    return withLists({
      protocol: 'socket.io', label: `Socket.IO attachment ${index} of ${of} for ${name}`,
      socketio: { ...packet, attachment: { index, of } }, tree: tree(whole ? packetTree(whole, packet.type) : bytes, notes),
    }, problems, notes);
  }

  return {
    decode(data, direction) {
      try {
        if (engineIo === undefined && direction === 'server→client') engineIo = typeof data === 'string' && isEngineIoOpen(data);
        if (engineIo) {
          const packet = decodeEngineIo(data, direction);
          if (packet) return packet;
          const plain = typeof data === 'string' ? decodeText(data) : decodeBinary(data);
          return { ...plain, problems: ['Not an Engine.IO packet: v4 packets start with a digit from 0 (open) to 6 (noop).', ...(plain.problems ?? [])] };
        }
        return typeof data === 'string' ? decodeText(data) : decodeBinary(data);
      } catch (error) {
        // Whatever broke, Socket.IO state is not to be trusted past it.
        for (const state of sockets.values()) resetSocketIo(state);
        return { protocol: typeof data === 'string' ? 'text' : 'binary', label: '', problems: [`Could not be decoded: ${errorMessage(error)}.`] };
      }
    },
  };
}

/** A tree as indented JSON, for a details pane: build it only when it is shown. */
export function formatTree(tree: unknown): string {
  return tree === undefined ? '' : JSON.stringify(tree, null, 2);
}

/** A fresh Socket.IO decoder for one direction, as after a failed connection. */
function resetSocketIo(state: SocketIoState): SocketIoState {
  state.decoder?.destroy();
  state.decoder = new SocketIoDecoder();
  state.decoder.on('decoded', (packet: SocketIoPacket) => { state.decoded = packet; });
  resetAfterPacket(state);
  return state;
}

function resetAfterPacket(state: SocketIoState): void {
  state.decoded = undefined;
  state.awaiting = undefined;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function describeSocketIo(packet: SocketIoPacket, type: SocketIoType, tree: (value: unknown, notes: string[]) => unknown, notes: string[]): AppMessage & { socketio: SocketIoInfo } {
  const { nsp, id } = packet;
  const data: unknown = packet.data;
  const event = (type === 'EVENT' || type === 'BINARY_EVENT') && Array.isArray(data) ? (data[0] as string | number) : undefined;
  const ack = id !== undefined ? ` (ack ${id})` : '';
  const where = nsp === '/' ? '' : ` in ${nsp}`;
  let label: string;
  switch (type) {
    case 'EVENT':
    case 'BINARY_EVENT': label = `Socket.IO ${type} ${eventText(event)} in ${nsp}${ack}`; break;
    case 'ACK':
    case 'BINARY_ACK': label = `Socket.IO ${type} ${id ?? ''}${where}`; break;
    case 'CONNECT_ERROR': {
      const message = typeof data === 'string' ? data : isRecord(data) && typeof data.message === 'string' ? data.message : '';
      label = `Socket.IO CONNECT_ERROR ${nsp}${message ? `: ${cut(message, 60)}` : ''}`;
      break;
    }
    default: label = `Socket.IO ${type} ${nsp}`;
  }
  return {
    protocol: 'socket.io', label, tree: tree(packetTree(packet, type), notes),
    socketio: { type, nsp, ...(id !== undefined ? { id } : {}), ...(event !== undefined ? { event } : {}), ...(packet.attachments !== undefined ? { attachments: packet.attachments } : {}) },
  };
}

/** The packet as the tree shows it: its type by name, then what it carries. */
function packetTree(packet: SocketIoPacket, type: SocketIoType): unknown {
  return {
    type, nsp: packet.nsp,
    ...(packet.id !== undefined ? { id: packet.id } : {}),
    ...(packet.attachments !== undefined ? { attachments: packet.attachments } : {}),
    ...(packet.data !== undefined ? { data: packet.data as unknown } : {}),
  };
}

const eventText = (event: string | number | undefined) => (typeof event === 'string' ? cut(event, 40) : String(event));

/** `0{"sid":…}`: the packet an Engine.IO server opens with. */
function isEngineIoOpen(text: string): boolean {
  if (!text.startsWith('0{')) return false;
  const parsed = parseJson(text.slice(1));
  return parsed.ok && isRecord(parsed.value) && typeof parsed.value.sid === 'string';
}

/** A Socket.IO CONNECT (`0`, `0/admin,`, `0{…}`): how every Socket.IO session starts. */
function isSocketIoConnect(text: string): boolean {
  if (!/^0(\/|\{|$)/.test(text)) return false;
  let connect = false;
  const probe = new SocketIoDecoder();
  probe.on('decoded', (packet: SocketIoPacket) => { connect = packet.type === 0; });
  try {
    probe.add(text);
  } catch {
    return false;
  }
  return connect;
}

function withLists<T extends AppMessage>(message: T, problems: readonly string[], notes: readonly string[]): T {
  if (problems.length) message.problems = [...(message.problems ?? []), ...problems];
  if (notes.length) message.notes = [...(message.notes ?? []), ...notes];
  return message;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
