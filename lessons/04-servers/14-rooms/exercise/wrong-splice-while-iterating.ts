/**
 * A common mistake: a broadcast that walks the room's own array, one send at a time, while
 * other handlers remove members from that same array. A member removed from a place the
 * loop has passed shifts everyone after it down by one, and the loop skips the next member.
 * Fails: "members that drop out during a broadcast do not make it skip anyone"
 */
import type { ServerWebSocket } from 'websocket-lab/lab';

export class ConnectionManager {
  /** Room name → its connections, in the order they joined. */
  private readonly rooms = new Map<string, ServerWebSocket[]>();
  /** User → that user's connections. */
  private readonly users = new Map<string, ServerWebSocket[]>();
  private readonly userOf = new Map<ServerWebSocket, string>();

  join(room: string, user: string, ws: ServerWebSocket): void {
    if (!this.userOf.has(ws)) {
      this.userOf.set(ws, user);
      this.users.set(user, [...(this.users.get(user) ?? []), ws]);
    }
    const members = this.rooms.get(room) ?? [];
    if (!members.includes(ws)) members.push(ws);
    this.rooms.set(room, members);
  }

  leave(room: string, ws: ServerWebSocket): void {
    const members = this.rooms.get(room) ?? [];
    const at = members.indexOf(ws);
    if (at >= 0) members.splice(at, 1); // in place: a broadcast walking this array sees it change
  }

  disconnect(ws: ServerWebSocket): void {
    for (const room of this.rooms.keys()) this.leave(room, ws);
    const user = this.userOf.get(ws);
    if (user === undefined) return;
    this.users.set(user, (this.users.get(user) ?? []).filter((other) => other !== ws));
    this.userOf.delete(ws);
  }

  async broadcast(room: string, text: string): Promise<void> {
    await this.sendInTurn(this.rooms.get(room) ?? [], text);
  }

  async sendToUser(user: string, text: string): Promise<void> {
    await this.sendInTurn(this.users.get(user) ?? [], text);
  }

  roomsOf(user: string): string[] {
    const mine = this.users.get(user) ?? [];
    return [...this.rooms].filter(([, members]) => members.some((ws) => mine.includes(ws))).map(([room]) => room);
  }

  /** No copy: the loop walks the live array. */
  private async sendInTurn(targets: ServerWebSocket[], text: string): Promise<void> {
    for (const ws of targets) {
      try {
        await ws.sendText(text);
      } catch {
        this.disconnect(ws);
      }
    }
  }
}
