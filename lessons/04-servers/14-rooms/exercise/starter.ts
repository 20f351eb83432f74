/**
 * Write a chat server's ConnectionManager: who is connected, as which
 * user, in which rooms.
 *
 * The checks put one ConnectionManager behind this endpoint, at
 * /ws/rooms/{room}?user=…, and drive it with clients (alice, bob, carol,
 * and alice again in a second tab):
 *
 *   async (ws) => {
 *     const room = ws.params.room;
 *     const user = ws.query.get('user') ?? 'anonymous';
 *     await ws.accept();
 *     manager.join(room, user, ws);
 *     try {
 *       for await (const message of ws) {
 *         if (message === '/leave') manager.leave(room, ws);
 *         else if (message is '/msg bob …')
 *           await manager.sendToUser('bob', `[private] ${user}: …`);
 *         else
 *           await manager.broadcast(room, `[${room}] ${user}: ${message}`);
 *       }
 *     } finally {
 *       manager.disconnect(ws); // however the loop ended
 *     }
 *   }
 *
 * What the checks expect:
 * - broadcast reaches every connection in the room, and no one else;
 * - sendToUser reaches every tab of that user: a user may have several
 *   connections;
 * - a member whose connection has just died (its send rejects) must not
 *   stop the others getting the message, and broadcast must not throw;
 * - a member who never reads must not hold the others up. In the check
 *   for this, as in Uvicorn, a send waits while more than 64 KiB wait for
 *   that client: do not send to members one after another, and do not let
 *   one send keep broadcast waiting for ever;
 * - leave and disconnect clean up: roomsOf(user) lists only rooms where
 *   the user still has a connection, and nothing is sent on a socket
 *   after it closed.
 *
 * setTimeout runs on the lab's clock: waiting a second costs nothing.
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

export class ConnectionManager {
  /** Adds `user`'s connection `ws` to `room`. */
  join(room: string, user: string, ws: ServerWebSocket): void {
    // Your code.
  }

  /** Takes `ws` out of `room`; it stays open and still gets private messages. */
  leave(room: string, ws: ServerWebSocket): void {
    // Your code.
  }

  /**
   * Forgets `ws` entirely: every room it was in, and its place among its
   * user's tabs. May be called twice.
   */
  disconnect(ws: ServerWebSocket): void {
    // Your code.
  }

  /** Sends `text` to every connection in `room`. */
  async broadcast(room: string, text: string): Promise<void> {
    // Your code.
  }

  /** Sends `text` to every connection (every tab) of `user`. */
  async sendToUser(user: string, text: string): Promise<void> {
    // Your code.
  }

  /** The rooms in which `user` has at least one connection. */
  roomsOf(user: string): string[] {
    return [];
  }
}
