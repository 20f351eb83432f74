/**
 * /ws/chat/{room}: a chat room. Everyone in a room receives every message sent to it;
 * `?name=` names the sender. A dead or slow client never stalls the broadcast.
 */
import type { ServerWebSocket } from '../server-socket.ts';

/** Makes a chat handler with its own rooms (one per server). */
export function createChatHandler(): (ws: ServerWebSocket) => Promise<void> {
  const rooms = new Map<string, Set<ServerWebSocket>>();

  const broadcast = (room: Set<ServerWebSocket>, text: string) => {
    // A snapshot, so members leaving during the loop do not change what is iterated.
    for (const member of [...room]) {
      // Not awaited: one member that stops reading must not hold up the others. Each send
      // is written at once; the server's maxBackpressure closes a member that falls too far behind.
      member.sendText(text).catch(() => {});
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
    }
    room.add(ws);
    try {
      broadcast(room, `* ${name} joined #${roomName}`);
      for await (const message of ws) {
        if (typeof message !== 'string') continue;
        broadcast(room, `${name}: ${message}`);
      }
    } finally {
      room.delete(ws);
      if (room.size === 0) rooms.delete(roomName);
      else broadcast(room, `* ${name} left #${roomName}`);
    }
  };
}
