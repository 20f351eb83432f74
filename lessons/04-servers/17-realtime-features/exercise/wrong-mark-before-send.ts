/**
 * A common mistake: stored notifications taken out of the store before they are sent. When
 * the connection drops during the delivery, the ones not yet sent are gone for good.
 * Fails: "an unread notification is forgotten only once its send succeeded"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** A tab that sent nothing — not even a heartbeat — for this long is taken for gone. */
export const HEARTBEAT_TIMEOUT_MS = 30_000;
/** How often the feed ticks. */
export const FEED_EVERY_MS = 1000;

interface Notification {
  type: 'notification';
  id: number;
  text: string;
}

/** User → every open connection of that user: one per tab. */
const tabs = new Map<string, Set<ServerWebSocket>>();
/** User → notifications no tab of theirs has received yet, oldest first. */
const unread = new Map<string, Notification[]>();
let nextId = 1;

/** Sends `text` to every tab of `user`, or keeps it for their next connection. */
export async function notify(user: string, text: string): Promise<void> {
  const notification: Notification = { type: 'notification', id: nextId++, text };
  const open = [...(tabs.get(user) ?? [])];
  const results = await Promise.allSettled(open.map((ws) => ws.sendJson(notification)));
  // No tab took it (none open, or every send failed): it waits for the next connection.
  if (!results.some((result) => result.status === 'fulfilled')) {
    let queue = unread.get(user);
    if (!queue) unread.set(user, (queue = []));
    queue.push(notification);
  }
}

export default async function hub(ws: ServerWebSocket): Promise<void> {
  const user = ws.query.get('user');
  if (!user) return ws.reject(400, { body: 'user is required' });
  await ws.accept();

  // Any message is a sign of life; a tab silent for too long is expired.
  const expire = () => {
    leave(user, ws);
    void ws.close(4408, 'no heartbeat');
  };
  let expiry = setTimeout(expire, HEARTBEAT_TIMEOUT_MS);

  // The feed: a timer that sends while the loop below receives.
  let ticks = 0;
  const feed = ws.query.get('feed') === 'clock'
    ? setInterval(() => {
      ws.sendJson({ type: 'tick', n: ++ticks }).catch(() => {});
    }, FEED_EVERY_MS)
    : undefined;

  join(user, ws);
  try {
    await deliverUnread(user, ws);
    for await (const message of ws) {
      void message; // heartbeats carry nothing else
      clearTimeout(expiry);
      expiry = setTimeout(expire, HEARTBEAT_TIMEOUT_MS);
    }
  } finally {
    // However the connection ended: stop this connection's timers and forget it.
    clearTimeout(expiry);
    clearInterval(feed);
    leave(user, ws);
  }
}

/** Sends the stored notifications in order, each forgotten only once its send succeeded. */
async function deliverUnread(user: string, ws: ServerWebSocket): Promise<void> {
  const queue = unread.get(user) ?? [];
  unread.delete(user); // marked delivered: before anything was sent
  for (const notification of queue) await ws.sendJson(notification);
}

function join(user: string, ws: ServerWebSocket): void {
  let set = tabs.get(user);
  if (!set) tabs.set(user, (set = new Set()));
  set.add(ws);
  if (set.size === 1) announce(user, true); // the first tab
}

/** Forgets `ws`; safe to call twice (expiry, then the finally block). */
function leave(user: string, ws: ServerWebSocket): void {
  const set = tabs.get(user);
  if (!set?.delete(ws)) return;
  if (set.size > 0) return;
  tabs.delete(user);
  announce(user, false); // the last tab
}

/** Tells every tab of every other user that `user` came online or went offline. */
function announce(user: string, online: boolean): void {
  for (const [other, sockets] of tabs) {
    if (other === user) continue;
    for (const ws of sockets) ws.sendJson({ type: 'presence', user, online }).catch(() => {});
  }
}
