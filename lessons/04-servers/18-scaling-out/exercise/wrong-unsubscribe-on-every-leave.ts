/**
 * A common mistake, the one a single pubsub shared by every socket makes: a member who
 * leaves unsubscribes the whole node, so everyone still connected to it goes deaf.
 * Fails: "the room keeps hearing after one member leaves"
 */
import { BrokerUnavailableError, type BrokerClient, type ServerWebSocket } from 'websocket-lab/lab';

/** What a sender is told when the broker could not take its message. */
export const NOT_SENT = '* not sent: the broker is unreachable';

/** The broker channel that carries a room's messages. */
export const channelOf = (room: string): string => `chat:${room}`;

export function createNode(broker: BrokerClient): (ws: ServerWebSocket) => Promise<void> {
  // This node's members of each room: only the sockets connected here.
  const rooms = new Map<string, Set<ServerWebSocket>>();

  /** What the broker delivers on a room's channel goes to this node's members of the room. */
  const deliver = (room: string) => (text: string) => {
    for (const member of rooms.get(room) ?? []) {
      // A member that has just left must not stop the others from hearing.
      member.sendText(text).catch(() => {});
    }
  };

  return async (ws) => {
    const room = ws.params.room;
    const name = ws.query.get('name') ?? 'anonymous';
    await ws.accept();
    let members = rooms.get(room);
    if (!members) {
      // The first member of this room here: one subscription for the whole node.
      members = new Set();
      rooms.set(room, members);
      await broker.subscribe(channelOf(room), deliver(room));
    }
    members.add(ws);
    try {
      for await (const message of ws) {
        if (typeof message !== 'string') continue;
        try {
          // Only through the broker: this node hears its own members' messages from it too, once.
          await broker.publish(channelOf(room), `${name}: ${message}`);
        } catch (error) {
          if (!(error instanceof BrokerUnavailableError)) throw error;
          await ws.sendText(NOT_SENT);
        }
      }
    } finally {
      members.delete(ws);
      // Whoever leaves ends the node's subscription, for everyone.
      await broker.unsubscribe(channelOf(room));
      if (members.size === 0 && rooms.get(room) === members) rooms.delete(room);
    }
  };
}
