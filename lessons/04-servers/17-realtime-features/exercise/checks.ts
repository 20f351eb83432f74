import { defineChecks, expect, type ExerciseLab, type MountOptions, type ServerWebSocket } from '#authoring';

/** What the learner's module exports (see the starter). */
type Learner = {
  default: (ws: ServerWebSocket) => Promise<void>;
  notify: (user: string, text: string) => Promise<void> | void;
};
type Client = Awaited<ReturnType<ExerciseLab['client']>>;

const HEARTBEAT = JSON.stringify({ type: 'heartbeat' });

/** What a check sets up: the learner's hub at /ws/notify, and every send it made on a closed socket. */
interface Hub {
  sentToClosed: string[];
  /** Opens a named client as `user` (by default the client's own name); `feed` asks for the clock feed. */
  open(name: string, user?: string, options?: { feed?: boolean; latency?: number }): Promise<Client>;
}

function hub(module: Learner, lab: ExerciseLab, options: MountOptions = {}): Hub {
  const sentToClosed: string[] = [];
  lab.mount('/ws/notify', (ws) => {
    const user = ws.query.get('user') ?? '?';
    // Every send on this socket after it closed is noted: a hub that stops its timers and forgets closed tabs makes none.
    // (Defined on the socket, not assigned: in the page's sandbox the class's methods are frozen.)
    for (const name of ['sendText', 'sendJson'] as const) {
      const send = (ws[name] as (value: never) => Promise<void>).bind(ws);
      Object.defineProperty(ws, name, {
        value: (value: never) => {
          if (ws.state !== 'open') sentToClosed.push(`to ${user}'s closed socket: ${JSON.stringify(value).slice(0, 60)}`);
          return send(value);
        },
        writable: true,
        configurable: true,
      });
    }
    return module.default(ws);
  }, options);
  return {
    sentToClosed,
    open: (name, user = name, { feed = false, latency } = {}) =>
      lab.client(name, `/ws/notify?user=${user}${feed ? '&feed=clock' : ''}`, latency ? { faults: { latency } } : {}),
  };
}

/** A client's messages read as JSON (what is not JSON is kept as it came). */
function parsed(client: Client): Array<Record<string, unknown>> {
  return client.messages.map((m) => {
    try {
      return JSON.parse(String(m)) as Record<string, unknown>;
    } catch {
      return { notJson: String(m) };
    }
  });
}

/** Every client's notifications, as their texts, by name. */
function notes(lab: ExerciseLab): Record<string, unknown[]> {
  return Object.fromEntries([...lab.clients].map(([name, c]) => [name, parsed(c).filter((m) => m.type === 'notification').map((m) => m.text)]));
}

/** Every client's presence messages, as "alice online" / "alice offline", by name. */
function presence(lab: ExerciseLab): Record<string, string[]> {
  return Object.fromEntries([...lab.clients].map(([name, c]) => [name, parsed(c).filter((m) => m.type === 'presence').map((m) => `${m.user} ${m.online ? 'online' : 'offline'}`)]));
}

/** The tick numbers a client received. */
const ticks = (client: Client) => parsed(client).filter((m) => m.type === 'tick').map((m) => m.n);

/** Sends a heartbeat from each client every 10 s of lab time, as the page's code would; returns a function that stops it. */
function beat(lab: ExerciseLab, ...clients: Client[]): () => void {
  let timer: unknown;
  const next = () => {
    timer = lab.clock.setTimeout(() => {
      for (const client of clients) {
        try {
          client.send(HEARTBEAT);
        } catch {
          // a closed client sends nothing
        }
      }
      next();
    }, 10_000);
  };
  next();
  return () => lab.clock.clearTimeout(timer);
}

export default defineChecks<Learner>([
  {
    name: 'every tab of a user gets the notification',
    async run({ module, lab }) {
      const { open } = hub(module, lab);
      await open('alice-tab-1', 'alice');
      await open('alice-tab-2', 'alice');
      await open('bob');
      await module.notify('alice', 'build #42 passed');
      await module.notify('bob', 'alice asked you for a review');
      await lab.sleep(500);
      expect(notes(lab)).toEqual({
        'alice-tab-1': ['build #42 passed'],
        'alice-tab-2': ['build #42 passed'],
        bob: ['alice asked you for a review'],
      });
    },
  },
  {
    name: 'a notification for an offline user arrives on connect, once',
    async run({ module, lab }) {
      const { open } = hub(module, lab);
      const alice = await open('alice');
      await module.notify('bob', 'you were mentioned in #general');
      await module.notify('bob', 'your export is ready');
      await module.notify('alice', 'welcome back');
      const bob = await open('bob');
      await lab.sleep(500);
      expect(notes(lab), 'bob gets what was stored for him, in order; alice gets hers at once').toEqual({
        alice: ['welcome back'],
        bob: ['you were mentioned in #general', 'your export is ready'],
      });
      const ids = parsed(bob).filter((m) => m.type === 'notification').map((m) => m.id);
      expect(ids.every((id) => typeof id === 'number'), `each notification carries a numeric id (bob's: ${JSON.stringify(ids)})`).toBe(true);
      expect(new Set(ids).size, 'two notifications, two ids').toBe(2);
      // Both leave and come back: what was delivered is not delivered again.
      bob.close(1000);
      alice.close(1000);
      await bob.closedWith();
      await alice.closedWith();
      await lab.sleep(100);
      await open('bob-again', 'bob');
      await open('alice-again', 'alice');
      await lab.sleep(1000);
      expect(notes(lab)).toEqual({
        alice: ['welcome back'],
        bob: ['you were mentioned in #general', 'your export is ready'],
        'bob-again': [],
        'alice-again': [],
      });
    },
  },
  {
    name: 'an unread notification is forgotten only once its send succeeded',
    async run({ module, lab }) {
      // Each send resolves only when the client has the bytes, 50 ms away: bob's connection
      // is cut while the second of his stored notifications is on its way.
      const { open } = hub(module, lab, { writeLimit: 0 });
      for (const text of ['first', 'second', 'third']) await module.notify('bob', text);
      const bob = await open('bob', 'bob', { latency: 50 });
      await bob.receive();
      bob.cut();
      await lab.sleep(500);
      await open('bob-reconnected', 'bob');
      await lab.sleep(1000);
      const got = notes(lab);
      expect([...got.bob, ...got['bob-reconnected']], `what bob's two connections received, together (first: ${JSON.stringify(got.bob)}, then: ${JSON.stringify(got['bob-reconnected'])})`)
        .toEqual(['first', 'second', 'third']);
    },
  },
  {
    name: 'presence changes only when the first tab opens and the last one closes',
    async run({ module, lab }) {
      const { open } = hub(module, lab);
      await open('bob');
      const tab1 = await open('alice-tab-1', 'alice');
      const tab2 = await open('alice-tab-2', 'alice');
      await lab.sleep(100);
      tab1.close(1000);
      await tab1.closedWith();
      await lab.sleep(100);
      expect(presence(lab).bob, 'what bob heard while alice still had a tab open').toEqual(['alice online']);
      tab2.close(1000);
      await tab2.closedWith();
      await lab.sleep(100);
      await open('alice-tab-3', 'alice');
      await lab.sleep(100);
      expect(presence(lab)).toEqual({
        bob: ['alice online', 'alice offline', 'alice online'],
        'alice-tab-1': [],
        'alice-tab-2': [],
        'alice-tab-3': [],
      });
    },
  },
  {
    name: 'a tab that stops sending heartbeats is expired, and its user goes offline',
    async run({ module, lab }) {
      const { open } = hub(module, lab);
      const bob = await open('bob');
      await open('alice');
      // alice's laptop goes to sleep: no Close frame, no heartbeat, nothing read — the server hears nothing at all.
      lab.clients.get('alice')!.stopReading();
      const stop = beat(lab, bob); // bob's page sends a heartbeat every 10 s
      await lab.sleep(15_000);
      expect(presence(lab).bob, 'after 15 s, alice has missed one heartbeat: not gone yet').toEqual(['alice online']);
      await lab.sleep(45_000);
      expect(presence(lab).bob, 'after 60 s without a word from alice').toEqual(['alice online', 'alice offline']);
      await module.notify('bob', 'still with us?');
      await lab.sleep(100);
      stop();
      expect(notes(lab).bob, 'bob kept sending heartbeats, so his tab is still there').toEqual(['still with us?']);
    },
  },
  {
    name: 'the feed ticks every second while the receive loop goes on',
    async run({ module, lab }) {
      const { open } = hub(module, lab);
      const carol = await open('carol', 'carol', { feed: true });
      const stop = beat(lab, carol);
      await lab.sleep(20_000);
      await module.notify('carol', 'halfway there');
      await lab.sleep(15_500);
      stop();
      const got = ticks(carol);
      expect(got.length, `ticks in 35.5 s (got ${JSON.stringify(got)})`).toBeGreaterThanOrEqual(34);
      expect(got, 'ticks numbered 1, 2, 3 … with none missing').toEqual(got.map((_, i) => i + 1));
      expect(notes(lab).carol).toEqual(['halfway there']);
      expect(carol.events.filter((e) => e.type === 'close'), 'carol sent a heartbeat every 10 s, so her connection stays open').toEqual([]);
    },
  },
  {
    name: 'the feed stops when the connection ends: no timer left running',
    async run({ module, lab }) {
      const { open, sentToClosed } = hub(module, lab);
      const dave = await open('dave', 'dave', { feed: true });
      const erin = await open('erin', 'erin', { feed: true });
      await lab.sleep(3500);
      expect(ticks(dave), 'dave\'s feed before he left').toEqual([1, 2, 3]);
      dave.close(1000); // a clean close
      erin.cut(); // a dropped connection: no Close frame
      await dave.closedWith();
      await lab.sleep(5000);
      expect(sentToClosed, 'sends made after the connection ended').toEqual([]);
      await lab.settle(10_000);
      expect(lab.clock.pending, 'timers still scheduled on the lab clock after every client left').toBe(0);
    },
  },
  {
    name: 'a cut tab is gone at once, and its user stays online while another tab is open',
    hidden: true,
    async run({ module, lab }) {
      const { open, sentToClosed } = hub(module, lab);
      await open('bob');
      const tab1 = await open('alice-tab-1', 'alice');
      const tab2 = await open('alice-tab-2', 'alice');
      tab1.cut();
      await lab.sleep(100);
      await module.notify('alice', 'one tab left');
      await lab.sleep(100);
      expect(presence(lab).bob).toEqual(['alice online']);
      tab2.cut();
      await lab.sleep(100);
      await module.notify('alice', 'while you were away');
      await open('alice-tab-3', 'alice');
      await lab.sleep(500);
      expect(notes(lab)).toEqual({
        bob: [],
        'alice-tab-1': [],
        'alice-tab-2': ['one tab left'],
        'alice-tab-3': ['while you were away'],
      });
      expect(presence(lab).bob).toEqual(['alice online', 'alice offline', 'alice online']);
      expect(sentToClosed).toEqual([]);
      expect(lab.serverErrors.map(({ error }) => String(error))).toEqual([]);
    },
  },
]);
