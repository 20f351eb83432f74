/**
 * Write a notification hub, mounted at /ws/notify?user=…, that every tab
 * of the app opens. It sends JSON text messages:
 *
 *   {"type":"notification","id":7,"text":"build #42 passed"}
 *   {"type":"presence","user":"alice","online":true}
 *   {"type":"tick","n":1}
 *
 * and receives {"type":"heartbeat"}, which each tab sends every 10 s.
 *
 * What the checks expect:
 * - notify(user, text) gives the notification a new id and sends it to
 *   EVERY open tab of that user: a user may have several connections.
 * - A user with no tab open gets it later: keep it, and send what was
 *   kept, in order, after the user's next connection is accepted. Forget
 *   a kept notification only once its send succeeded (a send to a
 *   connection that dropped rejects), so none is lost and none comes twice.
 * - Presence: a user is online while any tab is connected. Tell every tab
 *   of the OTHER users when a user's first tab opens and when the last one
 *   closes — and nothing when a second tab opens or closes.
 * - A tab that sent nothing (no heartbeat) for 30 s is gone — a laptop
 *   that went to sleep sends no Close frame. Forget it (presence as
 *   above) and close it with 4408.
 * - With ?feed=clock, send {"type":"tick","n":…} every 1000 ms, counting
 *   from 1, while the receive loop keeps reading heartbeats.
 * - However a connection ends (closed, cut, expired), stop its timers and
 *   forget it: the checks look for sends on closed sockets and for timers
 *   still running after every client has left.
 *
 * setTimeout and setInterval run on the lab's clock: a minute costs nothing.
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** Sends `text` to every tab of `user`, or keeps it for their next connection. */
export async function notify(user: string, text: string): Promise<void> {
  // Your code.
}

export default async function hub(ws: ServerWebSocket): Promise<void> {
  const user = ws.query.get('user');
  if (!user) return ws.reject(400, { body: 'user is required' });
  await ws.accept();
  for await (const message of ws) {
    // Your code: a heartbeat, or any message, shows the tab is alive.
  }
}
