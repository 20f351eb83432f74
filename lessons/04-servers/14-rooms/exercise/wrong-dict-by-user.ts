/**
 * A common mistake: connections kept in a dict keyed by user id. The second tab of a user
 * silently replaces the first, which then hears nothing — no error anywhere.
 * Fails: "a user with two tabs gets every message in both"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

export class ConnectionManager {
  /** Room name → user → connection: one connection per user, the last one to join. */
  private readonly rooms = new Map<string, Map<string, ServerWebSocket>>();
  /** User → connection. */
  private readonly users = new Map<string, ServerWebSocket>();

  join(room: string, user: string, ws: ServerWebSocket): void {
    this.users.set(user, ws);
    if (!this.rooms.has(room)) this.rooms.set(room, new Map());
    this.rooms.get(room)!.set(user, ws);
  }

  leave(room: string, ws: ServerWebSocket): void {
    const members = this.rooms.get(room);
    for (const [user, member] of members ?? []) if (member === ws) members!.delete(user);
  }

  disconnect(ws: ServerWebSocket): void {
    for (const room of this.rooms.keys()) this.leave(room, ws);
    for (const [user, member] of this.users) if (member === ws) this.users.delete(user);
  }

  async broadcast(room: string, text: string): Promise<void> {
    await sendToEach([...(this.rooms.get(room)?.values() ?? [])], text);
  }

  async sendToUser(user: string, text: string): Promise<void> {
    const ws = this.users.get(user);
    if (ws) await sendToEach([ws], text);
  }

  roomsOf(user: string): string[] {
    return [...this.rooms].filter(([, members]) => members.has(user)).map(([room]) => room);
  }
}

async function sendToEach(targets: ServerWebSocket[], text: string): Promise<void> {
  await Promise.allSettled(targets.map((ws) => withDeadline(ws.sendText(text), 1000)));
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no progress in ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
