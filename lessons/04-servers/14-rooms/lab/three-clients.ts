/**
 * A chat server with a connection manager: alice and bob in #general, carol in #random and,
 * from a second tab, in #general too. A private message reaches both of carol's tabs; bob's
 * connection drops in the middle of a long message (the default fault), the server cleans up
 * after him and the room goes on; carol leaves #random without closing the tab.
 */
import { LabServer, defineScenario, type ServerWebSocket } from '#authoring';

/** Who a connection is and where: the manager's record of one socket. */
interface Member {
  user: string;
  rooms: Set<string>;
}

/** The lesson's ConnectionManager: rooms and users each map to a set of sockets. */
class ConnectionManager {
  private readonly rooms = new Map<string, Set<ServerWebSocket>>();
  private readonly users = new Map<string, Set<ServerWebSocket>>();
  private readonly members = new Map<ServerWebSocket, Member>();

  join(room: string, user: string, ws: ServerWebSocket): void {
    let member = this.members.get(ws);
    if (!member) {
      member = { user, rooms: new Set() };
      this.members.set(ws, member);
      setOf(this.users, user).add(ws);
    }
    member.rooms.add(room);
    setOf(this.rooms, room).add(ws);
  }

  leave(room: string, ws: ServerWebSocket): void {
    this.members.get(ws)?.rooms.delete(room);
    drop(this.rooms, room, ws);
  }

  disconnect(ws: ServerWebSocket): void {
    const member = this.members.get(ws);
    if (!member) return;
    for (const room of member.rooms) drop(this.rooms, room, ws);
    drop(this.users, member.user, ws);
    this.members.delete(ws);
  }

  /** How many connections (tabs) `user` has open. */
  tabs(user: string): number {
    return this.users.get(user)?.size ?? 0;
  }

  async broadcast(room: string, text: string): Promise<void> {
    await this.sendToEach([...(this.rooms.get(room) ?? [])], text);
  }

  async sendToUser(user: string, text: string): Promise<void> {
    await this.sendToEach([...(this.users.get(user) ?? [])], text);
  }

  /**
   * Every send started at once over a copy of the members; one that fails drops its member.
   * (In lab runs a send never waits for a slow client, so the deadline the lesson adds for
   * real servers is left out here; the exercise has it.)
   */
  private async sendToEach(targets: ServerWebSocket[], text: string): Promise<void> {
    const results = await Promise.allSettled(targets.map((ws) => ws.sendText(text)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.disconnect(targets[i]);
    });
  }
}

function setOf<K>(index: Map<K, Set<ServerWebSocket>>, key: K): Set<ServerWebSocket> {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  return set;
}

function drop<K>(index: Map<K, Set<ServerWebSocket>>, key: K, ws: ServerWebSocket): void {
  const set = index.get(key);
  set?.delete(ws);
  if (set?.size === 0) index.delete(key);
}

/** What bob pastes at 0.8 s: long enough to pass the default fault's byte limit. */
const LONG_STORY = `so here is the whole story from yesterday: ${'and then it went on, '.repeat(18)}the end`;

export default defineScenario({
  title: 'Three clients, two rooms',
  description:
    'alice and bob join #general, carol #random; at 0.4 s carol opens a second tab in #general. alice sends a private message to carol, bob pastes a long message and his connection drops, and carol leaves #random. Connections: #1 alice, #2 bob, #3 carol in #random, #4 carol’s second tab.',
  faults: { latency: 20, drop: { direction: 'client→server', bytes: 600 } },
  server: ({ log }) => {
    const manager = new ConnectionManager();
    return new LabServer().websocket('/ws/rooms/{room}', async (ws) => {
      const room = ws.params.room;
      const user = ws.query.get('user') ?? 'anonymous';
      await ws.accept();
      manager.join(room, user, ws);
      log(`${user} joined #${room} (${manager.tabs(user)} tab${manager.tabs(user) > 1 ? 's' : ''} open)`);
      await manager.broadcast(room, `* ${user} joined #${room}`);
      let inRoom = true;
      try {
        for await (const message of ws) {
          if (typeof message !== 'string') continue;
          const direct = /^\/msg (\S+) ([\s\S]+)$/.exec(message);
          if (message === '/leave' && inRoom) {
            inRoom = false;
            manager.leave(room, ws);
            log(`${user} left #${room}; the tab stays open for private messages`);
            await ws.sendText(`* you left #${room}`);
            await manager.broadcast(room, `* ${user} left #${room}`);
          } else if (direct) {
            await manager.sendToUser(direct[1], `[private] ${user}: ${direct[2]}`);
          } else if (inRoom) {
            await manager.broadcast(room, `[${room}] ${user}: ${message}`);
          }
        }
      } finally {
        // However the loop ended — a Close frame or a dropped connection — the manager forgets this socket.
        manager.disconnect(ws);
        log(`${user}'s connection closed with ${ws.closeInfo?.code ?? 1006}: removed (${manager.tabs(user)} tab${manager.tabs(user) === 1 ? '' : 's'} left)`);
        if (inRoom) await manager.broadcast(room, `* ${user} left #${room}`);
      }
    });
  },
  clients: {
    alice: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab.local/ws/rooms/general?user=alice');
      await sleep(100);
      ws.send('hi, who is here?');
      await sleep(500);
      ws.send('/msg carol lunch at noon?');
      await sleep(600);
      ws.send('bob, are you still there?');
      await sleep(300);
      ws.close(1000, 'bye');
    },
    bob: async ({ WebSocket, sleep }) => {
      const ws = new WebSocket('ws://lab.local/ws/rooms/general?user=bob');
      ws.onmessage = (event) => {
        if (event.data === '[general] alice: hi, who is here?') ws.send('me!');
      };
      await sleep(800);
      ws.send(LONG_STORY);
      await sleep(600);
      ws.close(1000, 'gotta go');
    },
    carol: async ({ WebSocket, sleep }) => {
      const random = new WebSocket('ws://lab.local/ws/rooms/random?user=carol');
      random.onmessage = (event) => {
        if (String(event.data).startsWith('[private] alice:')) random.send('/msg alice yes, see you there');
      };
      await sleep(200);
      random.send('anyone in #random?');
      await sleep(200);
      const general = new WebSocket('ws://lab.local/ws/rooms/general?user=carol'); // a second tab
      await sleep(900);
      random.send('/leave');
      await sleep(300);
      random.close(1000, 'closing the tab');
      general.close(1000, 'closing the tab');
    },
  },
});
