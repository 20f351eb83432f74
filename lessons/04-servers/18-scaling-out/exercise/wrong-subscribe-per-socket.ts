/**
 * A common mistake: one subscription per socket. Each connection subscribes for itself,
 * so a node with a thousand members of a room would hold a thousand subscriptions and get
 * every message a thousand times. The broker allows one subscription per channel and node:
 * the second member's subscribe is refused and its handler fails.
 * Fails: "one subscription per room on each node, however many members"
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
      members = new Set();
      rooms.set(room, members);
    }
    // Every socket subscribes for itself, with a listener that sends to it alone.
    await broker.subscribe(channelOf(room), (text) => { ws.sendText(text).catch(() => {}); });
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
      if (members.size === 0 && rooms.get(room) === members) {
        // The last member of this room here: the node stops listening.
        rooms.delete(room);
        await broker.unsubscribe(channelOf(room));
      }
    }
  };
}
