/**
 * /ws/chat/{room}: a chat room. Everyone in a room receives every message sent to it;
 * `?name=` names the sender. A dead or slow client never stalls the broadcast.
 *
 * Alone, a server knows only its own sockets. Given a broker, the room spans every node:
 * a message is published on the room's channel, and each node sends it to its own members.
 * Each node holds one subscription per room, taken when its first member joins and dropped
 * when its last leaves — not one per socket.
 */
import { BrokerUnavailableError, type BrokerClient } from '../broker.ts';
import type { ServerWebSocket } from '../server-socket.ts';

/** Options for {@link createChatHandler}. */
export interface ChatHandlerOptions {
  /** This node's connection to a broker, to share rooms with the other nodes. */
  broker?: BrokerClient;
}

/** The broker channel that carries a chat room's messages. */
export function chatChannel(room: string): string {
  return `chat:${room}`;
}

/** What a sender is told when its message could not reach the broker (never the error's own text). */
export const NOT_DELIVERED = '* not delivered: the message broker is unreachable';

/** Makes a chat handler with its own rooms (one per server node). */
export function createChatHandler(options: ChatHandlerOptions = {}): (ws: ServerWebSocket) => Promise<void> {
  const { broker } = options;
  const rooms = new Map<string, Set<ServerWebSocket>>();
  /** Per room, the last broker command queued: SUBSCRIBE and UNSUBSCRIBE run one after another, in the order members came and went. */
  const commands = new Map<string, Promise<void>>();

  const broadcast = (room: Set<ServerWebSocket>, text: string) => {
    // A snapshot, so members leaving during the loop do not change what is iterated.
    for (const member of [...room]) {
      // Not awaited: one member that stops reading must not hold up the others. Each send
      // is written at once; the server's maxBackpressure closes a member that falls too far behind.
      member.sendText(text).catch(() => {});
    }
  };

  /** Runs `command` after the room's earlier broker commands, whatever became of them. */
  const inOrder = (roomName: string, command: () => Promise<void>): Promise<void> => {
    const next = (commands.get(roomName) ?? Promise.resolve()).catch(() => {}).then(command);
    commands.set(roomName, next);
    const forget = () => {
      if (commands.get(roomName) === next) commands.delete(roomName);
    };
    next.then(forget, forget);
    return next;
  };

  /** A message from the broker: this node's members of the room hear it. */
  const fromBroker = (roomName: string) => (data: string) => {
    const room = rooms.get(roomName);
    if (room) broadcast(room, data);
  };

  /** Sends `text` to the whole room: through the broker when there is one. */
  const send = async (roomName: string, room: Set<ServerWebSocket>, text: string) => {
    if (broker) await broker.publish(chatChannel(roomName), text);
    else broadcast(room, text);
  };

  /** A notice (joined, left) is at most once: when the broker is unreachable it is lost (the lab's tap records the drop). */
  const announce = async (roomName: string, room: Set<ServerWebSocket>, text: string) => {
    try {
      await send(roomName, room, text);
    } catch (error) {
      if (!(error instanceof BrokerUnavailableError)) throw error;
    }
  };

  return async (ws) => {
    const roomName = ws.params.room ?? 'lobby';
    const name = (ws.query.get('name') ?? '').trim().slice(0, 32) || 'anonymous';
    await ws.accept();
    let room = rooms.get(roomName);
    if (!room) {
      room = new Set();
      rooms.set(roomName, room);
      // A failure reaches this member through the await below.
      if (broker) void inOrder(roomName, () => broker.subscribe(chatChannel(roomName), fromBroker(roomName))).catch(() => {});
    }
    room.add(ws);
    try {
      // Subscribed before the first word, so this node hears its members' messages (its own included).
      if (broker) await commands.get(roomName);
      await announce(roomName, room, `* ${name} joined #${roomName}`);
      for await (const message of ws) {
        if (typeof message !== 'string') continue;
        try {
          await send(roomName, room, `${name}: ${message}`);
        } catch (error) {
          if (!(error instanceof BrokerUnavailableError)) throw error;
          await ws.sendText(NOT_DELIVERED);
        }
      }
    } finally {
      room.delete(ws);
      let unsubscribed: Promise<void> | undefined;
      if (room.size === 0 && rooms.get(roomName) === room) {
        rooms.delete(roomName);
        if (broker) unsubscribed = inOrder(roomName, () => broker.unsubscribe(chatChannel(roomName)));
      }
      // The node stops listening before the goodbye, so its own copy is not sent to a room it left.
      // While the broker is unreachable the UNSUBSCRIBE waits for it, as node-redis queues it.
      if (unsubscribed) await unsubscribed.catch(ignoreUnavailable);
      // With a broker, members on other nodes are told even when this node's room is empty.
      if (broker || room.size > 0) await announce(roomName, room, `* ${name} left #${roomName}`);
    }
  };
}

function ignoreUnavailable(error: unknown): void {
  if (!(error instanceof BrokerUnavailableError)) throw error;
}
