import { LabAssertionError, TestClient, defineChecks, type ExerciseLab, type ServerWebSocket, type WebSocketHandler } from '#authoring';

/**
 * What each of the learner's tests gets (the starter describes it to the learner): named
 * clients on this test's own chat server, the lab's sleep, and two small assertions.
 */
interface ChatTest {
  /** The chat endpoint of this test's own server: clients connect to `${chat}/{room}?name=…`. */
  readonly chat: string;
  /** Opens a named client at `path` and waits until it is open. */
  client(name: string, path: string): Promise<TestClient>;
  /** Waits `ms` of lab time (no real time passes). */
  sleep(ms: number): Promise<void>;
  /** Fails the test with `message` unless `condition` holds. */
  assert(condition: unknown, message?: string): void;
  /** Fails the test unless `actual` equals `expected` (strings, numbers, arrays, plain objects). */
  assertEqual(actual: unknown, expected: unknown, what?: string): void;
}

/** A test is every exported async function whose name starts with "test", as pytest collects them. */
type Test = (t: ChatTest) => Promise<void> | void;
type Learner = Record<string, unknown>;

/** Ways the chat server can be wrong; the correct server has none. */
interface Flaws {
  /** Broadcast awaits each send in turn, with no catch: the first dead member ends it. */
  stopsAtDeadMember?: boolean;
  /** A message over the limit is answered with close 1000 instead of 1008. */
  closesWith1000?: boolean;
  /** A member who leaves is announced but stays in the room: `/who` still lists them. */
  forgetsLeavers?: boolean;
  /** The sender gets its own message once directly and once more from the broadcast. */
  echoesTwice?: boolean;
  /** A message goes to every room, not only the sender's. */
  leaksToOtherRooms?: boolean;
}

/** The chat rule: longer messages close the connection with 1008. */
const MAX_CHARS = 200;

/**
 * The chat server the learner's tests are about, at `{chat}/{room}?name=…`:
 * - a text message of at most 200 characters goes to everyone in the room, the sender
 *   included, once, as "alice: hi";
 * - "/who" is answered to the sender only: "here: alice, bob" (in the order they joined);
 * - a longer message closes the sender's connection with 1008;
 * - when a member leaves, however the connection ended, the others get "* bob left".
 * A new server for each test: nothing one test does is seen by the next.
 */
function chatServer(flaws: Flaws = {}): WebSocketHandler {
  const rooms = new Map<string, Map<ServerWebSocket, string>>();
  const broadcast = async (targets: ServerWebSocket[], text: string): Promise<void> => {
    if (flaws.stopsAtDeadMember) {
      for (const ws of targets) await ws.sendText(text);
      return;
    }
    // Every send on its own: one that fails (a member whose connection just died) stops no one.
    await Promise.allSettled(targets.map((ws) => ws.sendText(text)));
  };
  const everyone = () => [...rooms.values()].flatMap((members) => [...members.keys()]);
  return async (ws) => {
    const room = ws.params.room;
    const name = ws.query.get('name') ?? 'anonymous';
    await ws.accept();
    const members = rooms.get(room) ?? new Map<ServerWebSocket, string>();
    rooms.set(room, members);
    members.set(ws, name);
    try {
      for await (const message of ws) {
        if (typeof message !== 'string' || message.length > MAX_CHARS) {
          await ws.close(flaws.closesWith1000 ? 1000 : 1008, `messages are text of at most ${MAX_CHARS} characters`);
          break;
        }
        if (message === '/who') {
          await ws.sendText(`here: ${[...members.values()].join(', ')}`);
          continue;
        }
        const line = `${name}: ${message}`;
        if (flaws.echoesTwice) await ws.sendText(line);
        await broadcast(flaws.leaksToOtherRooms ? everyone() : [...members.keys()], line);
      }
    } finally {
      if (!flaws.forgetsLeavers) members.delete(ws);
      await broadcast([...members.keys()].filter((member) => member !== ws), `* ${name} left`);
    }
  };
}

/** Every exported function whose name starts with "test", in the order the module exports them. */
function testsOf(module: Learner): Array<[string, Test]> {
  const tests = Object.keys(module)
    .filter((name) => name.startsWith('test') && typeof module[name] === 'function')
    .map((name): [string, Test] => [name, module[name] as Test]);
  if (tests.length === 0) {
    throw new LabAssertionError('Your code exports no tests: export async functions whose names start with "test", e.g. `export async function testEcho(t: ChatTest)`.');
  }
  return tests;
}

const describeError = (error: unknown): string => (error instanceof Error ? (error.name === 'AssertionError' ? error.message : `${error.name}: ${error.message}`) : String(error));

/** A value as an assertion message shows it. */
const show = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)) ?? String(value);
  } catch {
    return String(value);
  }
};

/** Lab time one test may take before it counts as hanging. */
const TEST_LIMIT_MS = 120_000;

/**
 * Runs each of the learner's tests against a fresh server with `flaws`, and returns how
 * each one ended: undefined when it passed, else why it failed. After a test, its clients
 * are cut, as a test framework's teardown would.
 */
async function runTests(module: Learner, lab: ExerciseLab, flaws: Flaws = {}): Promise<Array<{ name: string; failure?: string }>> {
  const outcomes: Array<{ name: string; failure?: string }> = [];
  let n = 0;
  for (const [name, test] of testsOf(module)) {
    n++;
    const chat = `/test-${n}/chat`;
    lab.mount(`${chat}/{room}`, chatServer(flaws));
    const clients = new Map<string, TestClient>();
    const t: ChatTest = {
      chat,
      async client(clientName, path) {
        if (clients.has(clientName)) throw new Error(`There is already a client named ${clientName} in ${name}`);
        // Made directly, not with lab.client: each test has its own alice.
        const client = new TestClient(clientName, lab, path);
        clients.set(clientName, client);
        return client.opened();
      },
      sleep: (ms) => lab.sleep(ms),
      assert(condition, message = 'assertion failed') {
        if (!condition) throw new LabAssertionError(message);
      },
      assertEqual(actual, expected, what) {
        if (show(actual) !== show(expected)) {
          throw new LabAssertionError(`${what ? `${what}: ` : ''}expected ${show(expected)} but got ${show(actual)}`, expected, actual);
        }
      },
    };
    let failure: string | undefined;
    try {
      await lab.within(Promise.resolve().then(() => test(t)), TEST_LIMIT_MS, `${name} finishing`);
    } catch (error) {
      failure = describeError(error);
    }
    for (const client of clients.values()) if (!client.closed) client.cut();
    await lab.sleep(10);
    outcomes.push({ name, ...(failure !== undefined ? { failure } : {}) });
  }
  return outcomes;
}

/** Throws unless the learner's tests fail against a server with `flaws` — what the server does wrong, in words. */
async function expectCaught(module: Learner, lab: ExerciseLab, flaws: Flaws, wrong: string): Promise<void> {
  const outcomes = await runTests(module, lab, flaws);
  if (outcomes.some((o) => o.failure !== undefined)) return; // caught
  throw new LabAssertionError(
    `Every test passed against a server that ${wrong}: ${outcomes.map((o) => o.name).join(', ')}. Add a test that fails here.`,
    'at least one test failing',
    'every test passed',
  );
}

export default defineChecks<Learner>([
  {
    name: 'your tests pass against a correct server',
    async run({ module, lab }) {
      const failed = (await runTests(module, lab)).filter((o) => o.failure !== undefined);
      if (failed.length === 0) return;
      throw new LabAssertionError(
        `Against a correct server, ${failed.map((o) => `${o.name} failed: ${o.failure}`).join(' — ')}`,
        'every test passing',
        failed.map((o) => o.name).join(', '),
      );
    },
  },
  {
    name: 'your tests catch a broadcast that stops at a dead client',
    run: ({ module, lab }) => expectCaught(module, lab, { stopsAtDeadMember: true },
      'sends to the members one by one and stops at the first one whose connection is gone'),
  },
  {
    name: 'your tests catch a server that closes with 1000 instead of 1008',
    run: ({ module, lab }) => expectCaught(module, lab, { closesWith1000: true },
      'closes a connection that broke the 200-character rule with 1000 (normal closure) instead of 1008'),
  },
  {
    name: 'your tests catch a server that forgets to remove a member who left',
    run: ({ module, lab }) => expectCaught(module, lab, { forgetsLeavers: true },
      'announces a member who left but keeps them in the room'),
  },
  {
    name: 'your tests catch a server that echoes to the sender twice',
    run: ({ module, lab }) => expectCaught(module, lab, { echoesTwice: true },
      'sends each message to its sender twice'),
  },
  {
    name: 'your tests catch a server that sends every message to every room',
    hidden: true,
    run: ({ module, lab }) => expectCaught(module, lab, { leaksToOtherRooms: true },
      'sends each message to every room'),
  },
]);
