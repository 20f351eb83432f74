/**
 * A common mistake: a broadcast that awaits each send in turn. The first send that fails —
 * a member whose connection has just died — throws out of the loop, and everyone after that
 * member misses the message (and a member who never reads holds up everyone after them).
 * Fails: "a client cut mid-broadcast does not stop the others receiving"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

/** What the manager knows of one connection. */
interface Member {
  user: string;
  rooms: Set<string>;
}

export class ConnectionManager {
  /** Room name → the connections in it. */
  private readonly rooms = new Map<string, Set<ServerWebSocket>>();
  /** User → every connection of that user: one per tab, never just the last one. */
  private readonly users = new Map<string, Set<ServerWebSocket>>();
  /** Connection → its user and rooms, so a disconnect knows what to undo. */
  private readonly members = new Map<ServerWebSocket, Member>();

  /** Adds `user`'s connection `ws` to `room`. */
  join(room: string, user: string, ws: ServerWebSocket): void {
    let member = this.members.get(ws);
    if (!member) {
      member = { user, rooms: new Set() };
      this.members.set(ws, member);
      addTo(this.users, user, ws);
    }
    member.rooms.add(room);
    addTo(this.rooms, room, ws);
  }

  /** Takes `ws` out of `room`; the connection stays open and keeps its private messages. */
  leave(room: string, ws: ServerWebSocket): void {
    this.members.get(ws)?.rooms.delete(room);
    removeFrom(this.rooms, room, ws);
  }

  /** Forgets `ws` entirely: every room it was in, and its place among its user's tabs. Safe to call twice. */
  disconnect(ws: ServerWebSocket): void {
    const member = this.members.get(ws);
    if (!member) return;
    for (const room of member.rooms) removeFrom(this.rooms, room, ws);
    removeFrom(this.users, member.user, ws);
    this.members.delete(ws);
  }

  /** Sends `text` to every connection in `room`. */
  async broadcast(room: string, text: string): Promise<void> {
    // A copy: connections that join or leave while the sends are under way do not change it.
    await this.sendToEach([...(this.rooms.get(room) ?? [])], text);
  }

  /** Sends `text` to every connection (every tab) of `user`. */
  async sendToUser(user: string, text: string): Promise<void> {
    await this.sendToEach([...(this.users.get(user) ?? [])], text);
  }

  /** The rooms in which `user` has at least one connection. */
  roomsOf(user: string): string[] {
    const rooms = new Set<string>();
    for (const ws of this.users.get(user) ?? []) {
      for (const room of this.members.get(ws)?.rooms ?? []) rooms.add(room);
    }
    return [...rooms];
  }

  private async sendToEach(targets: ServerWebSocket[], text: string): Promise<void> {
    for (const ws of targets) await ws.sendText(text);
  }
}

function addTo<K>(index: Map<K, Set<ServerWebSocket>>, key: K, ws: ServerWebSocket): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(ws);
}

/** Removes `ws` from the set under `key`, and the set itself once it is empty. */
function removeFrom<K>(index: Map<K, Set<ServerWebSocket>>, key: K, ws: ServerWebSocket): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(ws);
  if (set.size === 0) index.delete(key);
}
