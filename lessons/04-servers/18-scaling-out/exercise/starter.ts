/**
 * Make this chat node share its rooms with the other nodes through a broker.
 *
 * createNode(broker) runs once per server process (a "node"); the handler it returns runs
 * for each connection to /ws/chat/{room}?name=… on that node. Today it keeps each room in
 * this node's memory and broadcasts there, so members connected to another node never hear.
 *
 * Change it so that:
 * - a member's text message goes out only through the broker:
 *   broker.publish(channelOf(room), `${name}: ${text}`);
 * - the node subscribes to channelOf(room) once, when its first member of that room joins,
 *   and sends what arrives there to its own members of the room;
 * - the node unsubscribes when its last member of that room leaves;
 * - a publish that fails with BrokerUnavailableError sends NOT_SENT to the sender, and the
 *   connection stays open.
 */
import { BrokerUnavailableError, type BrokerClient, type ServerWebSocket } from 'websocket-lab/lab';

/** What a sender is told when the broker could not take its message. */
export const NOT_SENT = '* not sent: the broker is unreachable';

/** The broker channel that carries a room's messages. */
export const channelOf = (room: string): string => `chat:${room}`;

export function createNode(broker: BrokerClient): (ws: ServerWebSocket) => Promise<void> {
  // This node's members of each room: only the sockets connected here.
  const rooms = new Map<string, Set<ServerWebSocket>>();
  void broker; // TODO: use it
  void BrokerUnavailableError; // TODO: catch it around publish

  return async (ws) => {
    const room = ws.params.room;
    const name = ws.query.get('name') ?? 'anonymous';
    await ws.accept();
    let members = rooms.get(room);
    if (!members) {
      members = new Set();
      rooms.set(room, members);
    }
    members.add(ws);
    try {
      for await (const message of ws) {
        if (typeof message !== 'string') continue;
        // Only this node's members hear it.
        for (const member of members) member.sendText(`${name}: ${message}`).catch(() => {});
      }
    } finally {
      members.delete(ws);
      if (members.size === 0) rooms.delete(room);
    }
  };
}
