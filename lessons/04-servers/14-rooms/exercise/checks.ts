import { defineChecks, expect, type ExerciseLab, type MountOptions, type ServerWebSocket, type WebSocketHandler } from '#authoring';

/** The class the learner writes (see the starter for what each method must do). */
interface Manager {
  join(room: string, user: string, ws: ServerWebSocket): void | Promise<void>;
  leave(room: string, ws: ServerWebSocket): void | Promise<void>;
  disconnect(ws: ServerWebSocket): void | Promise<void>;
  broadcast(room: string, text: string): Promise<void>;
  sendToUser(user: string, text: string): Promise<void>;
  roomsOf(user: string): string[];
}
type Learner = { ConnectionManager: new () => Manager };

/** What a check sets up: the learner's manager behind the chat endpoint, and every send made on a closed socket. */
interface Chat {
  manager: Manager;
  sentToClosed: string[];
  /** Opens a named client in `room` as `user` (by default the client's own name). */
  join(name: string, room: string, user?: string, faults?: { latency?: number }): ReturnType<ExerciseLab['client']>;
}

/**
 * The endpoint the starter describes, at /ws/rooms/{room}?user=…: it joins the room, sends
 * each text to the room (or, for "/msg bob …", to every tab of bob; "/leave" leaves the room),
 * and disconnects the socket when its loop ends, however it ends.
 */
function chatEndpoint(manager: Manager, sentToClosed: string[]): WebSocketHandler {
  return async (ws) => {
    const room = ws.params.room;
    const user = ws.query.get('user') ?? 'anonymous';
    await ws.accept();
    // Every send the manager makes on this socket after it closed is noted: a manager that cleans up makes none.
    // (Defined on the socket, not assigned: in the page's sandbox the class's methods are frozen.)
    const send = ws.sendText.bind(ws);
    Object.defineProperty(ws, 'sendText', {
      value: (text: string) => {
        if (ws.state !== 'open') sentToClosed.push(`to ${user}'s closed socket: ${JSON.stringify(text.slice(0, 60))}`);
        return send(text);
      },
      writable: true,
      configurable: true,
    });
    await manager.join(room, user, ws);
    try {
      for await (const message of ws) {
        if (typeof message !== 'string') continue;
        const direct = /^\/msg (\S+) ([\s\S]+)$/.exec(message);
        if (message === '/leave') await manager.leave(room, ws);
        else if (direct) await manager.sendToUser(direct[1], `[private] ${user}: ${direct[2]}`);
        else await manager.broadcast(room, `[${room}] ${user}: ${message}`);
      }
    } finally {
      await manager.disconnect(ws);
    }
  };
}

/** Mounts the chat endpoint around a fresh ConnectionManager. */
function chat(module: Learner, lab: ExerciseLab, options: MountOptions = {}): Chat {
  const manager = new module.ConnectionManager();
  const sentToClosed: string[] = [];
  lab.mount('/ws/rooms/{room}', chatEndpoint(manager, sentToClosed), options);
  return {
    manager,
    sentToClosed,
    join: (name, room, user = name, faults) => lab.client(name, `/ws/rooms/${room}?user=${user}`, faults ? { faults } : {}),
  };
}

/** How a promise ended, as a sentence a failure can show. */
const outcome = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: unknown) => `rejected with ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);

const sorted = (rooms: string[]) => [...rooms].sort();

export default defineChecks<Learner>([
  {
    name: 'a message reaches everyone in its room, and no one in the other room',
    async run({ module, lab }) {
      const { join } = chat(module, lab);
      const alice = await join('alice', 'general');
      await join('bob', 'general');
      const carol = await join('carol', 'random');
      alice.send('hi, general');
      carol.send('anyone in random?');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({
        alice: ['[general] alice: hi, general'],
        bob: ['[general] alice: hi, general'],
        carol: ['[random] carol: anyone in random?'],
      });
    },
  },
  {
    name: 'a private message reaches only its user',
    async run({ module, lab }) {
      const { join } = chat(module, lab);
      const alice = await join('alice', 'general');
      await join('bob', 'general');
      const carol = await join('carol', 'random');
      alice.send('/msg carol lunch at noon?');
      await carol.receive();
      carol.send('/msg alice yes');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({
        alice: ['[private] carol: yes'],
        bob: [],
        carol: ['[private] alice: lunch at noon?'],
      });
    },
  },
  {
    name: 'a user with two tabs gets every message in both',
    async run({ module, lab }) {
      const { join, manager } = chat(module, lab);
      await join('alice-tab-1', 'general', 'alice');
      await join('alice-tab-2', 'general', 'alice');
      const bob = await join('bob', 'general');
      bob.send('hello');
      await lab.sleep(100);
      bob.send('/msg alice just for you');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({
        'alice-tab-1': ['[general] bob: hello', '[private] bob: just for you'],
        'alice-tab-2': ['[general] bob: hello', '[private] bob: just for you'],
        bob: ['[general] bob: hello'],
      });
      expect(manager.roomsOf('alice')).toEqual(['general']);
    },
  },
  {
    name: 'a client cut mid-broadcast does not stop the others receiving',
    async run({ module, lab }) {
      const { join, manager } = chat(module, lab);
      const alice = await join('alice', 'general');
      const bob = await join('bob', 'general');
      await join('carol', 'general');
      // bob's connection drops as an announcement goes out: his socket is closed, but his
      // handler has not yet run its cleanup, so he is still one of the room's members.
      bob.cut();
      const announcement = manager.broadcast('general', '* the server restarts in 5 minutes');
      expect(await lab.within(outcome(announcement), 3000, 'broadcast() finishing'), 'broadcast() with one dead member').toBe('resolved');
      // And alice's own handler still broadcasts afterwards.
      alice.send('still here?');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({
        alice: ['* the server restarts in 5 minutes', '[general] alice: still here?'],
        bob: [],
        carol: ['* the server restarts in 5 minutes', '[general] alice: still here?'],
      });
    },
  },
  {
    name: 'a client that never reads does not stall the broadcast for the others',
    async run({ module, lab }) {
      // As with Uvicorn, a send waits while more than 64 KiB wait for a client that is not reading.
      const { join } = chat(module, lab, { writeLimit: 64 * 1024 });
      const alice = await join('alice', 'general');
      const carol = await join('carol', 'general');
      const bob = await join('bob', 'general');
      carol.stopReading(); // her page hangs: what the server sends her piles up
      const messages = Array.from({ length: 10 }, (_, i) => `photo ${i + 1}: ${'#'.repeat(16_000)}`);
      for (const message of messages) alice.send(message);
      const all = async () => {
        for (let i = 0; i < messages.length; i++) await bob.receive(30_000);
      };
      await lab.within(all(), 30_000, 'bob receiving all ten of alice\'s messages');
      const heading = (message: unknown) => String(message).split('#')[0];
      expect(bob.messages.map(heading)).toEqual(messages.map((m) => heading(`[general] alice: ${m}`)));
    },
  },
  {
    name: 'leaving and disconnecting clean up: no room left behind, no send to a closed socket',
    async run({ module, lab }) {
      const { join, manager, sentToClosed } = chat(module, lab);
      const alice = await join('alice', 'general');
      const bob = await join('bob', 'general');
      const carol = await join('carol', 'random');
      carol.send('/leave');
      await lab.sleep(100);
      expect(manager.roomsOf('carol'), 'carol\'s rooms after "/leave"').toEqual([]);
      bob.close(1000, 'bye');
      await bob.closedWith();
      await lab.sleep(100);
      expect(manager.roomsOf('bob'), 'bob\'s rooms after he closed').toEqual([]);
      alice.send('anyone?');
      carol.send('hello, random?');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({ alice: ['[general] alice: anyone?'], bob: [], carol: [] });
      expect(sentToClosed).toEqual([]);
      expect(lab.serverErrors.map(({ error }) => String(error))).toEqual([]);
    },
  },
  {
    name: 'closing one tab keeps the user\'s other tab',
    hidden: true,
    async run({ module, lab }) {
      const { join, manager, sentToClosed } = chat(module, lab);
      const tab1 = await join('alice-tab-1', 'general', 'alice');
      await join('alice-tab-2', 'random', 'alice');
      const bob = await join('bob', 'general');
      expect(sorted(manager.roomsOf('alice'))).toEqual(['general', 'random']);
      tab1.close(1000);
      await tab1.closedWith();
      await lab.sleep(100);
      expect(manager.roomsOf('alice'), 'alice\'s rooms after her first tab closed').toEqual(['random']);
      bob.send('/msg alice are you still there?');
      bob.send('general, anyone?');
      await lab.sleep(1000);
      expect(lab.inboxes()).toEqual({
        'alice-tab-1': [],
        'alice-tab-2': ['[private] bob: are you still there?'],
        bob: ['[general] bob: general, anyone?'],
      });
      expect(sentToClosed).toEqual([]);
    },
  },
  {
    name: 'members that drop out during a broadcast do not make it skip anyone',
    hidden: true,
    async run({ module, lab }) {
      // Each send resolves only when its client has the bytes, 50 ms away, so a broadcast
      // that awaits its members one by one is still under way when alice drops out.
      const { join, manager } = chat(module, lab, { writeLimit: 0 });
      const slow = { latency: 50 };
      const alice = await join('alice', 'general', 'alice', slow);
      await join('bob', 'general', 'bob', slow);
      await join('carol', 'general', 'carol', slow);
      await join('dave', 'general', 'dave', slow);
      const announcement = manager.broadcast('general', '* new rules for #general');
      await lab.sleep(75);
      alice.cut();
      expect(await lab.within(outcome(announcement), 5000, 'broadcast() finishing')).toBe('resolved');
      await lab.sleep(500);
      expect(lab.inboxes()).toEqual({
        alice: ['* new rules for #general'],
        bob: ['* new rules for #general'],
        carol: ['* new rules for #general'],
        dave: ['* new rules for #general'],
      });
    },
  },
]);
