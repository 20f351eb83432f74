import { defineChecks, expect, type ExerciseLab, type ServerWebSocket } from '#authoring';

interface Options { baseMs?: number; capMs?: number; maxAttempts?: number; stableMs?: number }
interface StopEvent { code: number; reason: string; gaveUp: boolean }
interface Client {
  onopen: (() => void) | null;
  onmessage: ((text: string) => void) | null;
  onclose: ((event: StopEvent) => void) | null;
  send(text: string): void;
  close(code?: number, reason?: string): void;
}
type Learner = {
  ReconnectingWebSocket: new (url: string, options?: Options) => Client;
  backoffDelay(attempt: number, baseMs: number, capMs: number, random?: () => number): number;
};

/** The options every check passes, unless it says otherwise. */
const OPTIONS = { baseMs: 500, capMs: 8000, maxAttempts: 8, stableMs: 5000 };

/** The window of retry n: its wait must fall between 0 and this. */
const windowOf = (n: number, { baseMs, capMs } = OPTIONS) => Math.min(capMs, baseMs * 2 ** n);

/** Longer than any check waits: a server down this long stays down for the rest of the check. */
const TEN_MINUTES = 600_000;
/** Long enough for every retry the options allow (the windows add up to 39.5 s), with room to spare. */
const TWO_MINUTES = 120_000;
/** Long enough to see that no retry comes: the first would come within 0.5 s. */
const ONE_MINUTE = 60_000;

/** A client whose events the check records: how many times it opened, what it received, how it stopped. */
function watch(client: Client) {
  const seen = { opens: 0, messages: [] as string[], stops: [] as StopEvent[], changed: new Set<() => void>() };
  const changed = () => { for (const wake of [...seen.changed]) wake(); };
  client.onopen = () => { seen.opens += 1; changed(); };
  client.onmessage = (text) => { seen.messages.push(text); changed(); };
  client.onclose = (event) => { seen.stops.push({ ...event }); changed(); };
  return seen;
}

/** Waits until `ready()` holds after one of the client's events; fails saying `what` did not happen within `ms` of lab time. */
function until(lab: ExerciseLab, seen: ReturnType<typeof watch>, ready: () => boolean, ms: number, what: string): Promise<void> {
  return lab.within(new Promise<void>((resolve) => {
    const check = () => {
      if (!ready()) return;
      seen.changed.delete(check);
      resolve();
    };
    seen.changed.add(check);
    check();
  }), ms, what);
}

/**
 * Lets `ms` of lab time pass, or stops early once the page has opened more than `most`
 * connections: a client that retries too often has shown enough, and the run stays short.
 */
async function waitAtMost(lab: ExerciseLab, ms: number, most: number): Promise<void> {
  const end = lab.clock.now() + ms;
  while (lab.clock.now() < end && lab.run.network.connections.length <= most) await lab.sleep(Math.min(10_000, end - lab.clock.now()));
}

/**
 * Every connection the page opened, with the lab times of its first and last records on
 * the wire: its handshake or its refusal, and its last bytes, cut or close. (These are the
 * records lab.wireLog() decodes; the times are all a check needs.)
 */
function connections(lab: ExerciseLab) {
  const records = lab.run.network.tap.records;
  return lab.run.network.connections.filter((c) => c.client === 'page').map(({ id }) => {
    const mine = records.filter((r) => r.kind !== 'broker' && r.connection === id);
    return { id, startedAt: mine[0]?.at ?? 0, endedAt: mine.at(-1)?.at ?? 0 };
  });
}

/** The wait before each retry: from the end of one connection to the start of the next, from the connection at index `after` on. */
function retryDelays(lab: ExerciseLab, after = 0): number[] {
  const all = connections(lab).slice(after);
  return all.slice(1).map((next, i) => next.startedAt - all[i].endedAt);
}

/** The retries whose wait fell outside their window; `first` is the number of the first one. */
const outsideWindows = (delays: number[], options = OPTIONS, first = 0) =>
  delays.map((waited, i) => ({ retry: first + i, waited, window: windowOf(first + i, options) }))
    .filter(({ waited, window }) => waited < 0 || waited > window);

/** A handler that accepts and then closes at once with `code`. */
const closesWith = (code: number, reason = '') => async (ws: ServerWebSocket) => {
  await ws.accept();
  await ws.close(code, reason);
};

export default defineChecks<Learner>([
  {
    name: 'a message sent before the socket opens is queued, sent once it opens, and echoed back',
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      client.send('hello'); // still connecting: this must not throw
      await until(lab, seen, () => seen.messages.length > 0, 3000, 'the echo of "hello"');
      expect(seen.messages).toEqual(['hello']);
      expect(lab.frames().filter((f) => f.direction === 'client→server' && f.opcode === 0x1).map((f) => f.preview)).toEqual(['hello']);
    },
  },
  {
    name: 'backoffDelay(n) is a random time from 0 to min(capMs, baseMs · 2^n)',
    run({ module }) {
      const { baseMs, capMs } = OPTIONS;
      const wrong: string[] = [];
      for (let n = 0; n <= 8; n++) {
        const window = windowOf(n);
        for (const r of [0, 0.25, 0.5, 0.999999]) {
          const delay = module.backoffDelay(n, baseMs, capMs, () => r);
          // Whole milliseconds or not: within 1 ms of r × window.
          if (!(Math.abs(delay - r * window) <= 1)) wrong.push(`backoffDelay(${n}, ${baseMs}, ${capMs}) with random() = ${r} gave ${delay}, expected about ${r * window} (window ${window})`);
        }
      }
      expect(wrong).toEqual([]);
    },
  },
  {
    name: 'after a restart, retry n waits between 0 and min(capMs, baseMs · 2^n), and the client gets back in',
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      lab.run.network.restartServer(5000); // refused for 5 s
      await until(lab, seen, () => seen.opens === 2, 60_000, 'the reconnect after the restart');
      const delays = retryDelays(lab);
      expect(delays.length, 'retries while the server was down, then one that got in').toBeGreaterThanOrEqual(3);
      expect(outsideWindows(delays)).toEqual([]);
      client.send('back');
      await until(lab, seen, () => seen.messages.includes('back'), 3000, 'the echo of "back" after the reconnect');
    },
  },
  {
    name: 'retries are spread out by jitter, not all at the top of their windows',
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      lab.run.network.restartServer(TEN_MINUTES);
      await waitAtMost(lab, TWO_MINUTES, 1 + OPTIONS.maxAttempts);
      const delays = retryDelays(lab).slice(0, OPTIONS.maxAttempts);
      expect(delays.length, 'retries during a long outage').toBeGreaterThanOrEqual(4);
      const atTheTop = delays.filter((waited, n) => Math.abs(waited - windowOf(n)) <= 1);
      expect(atTheTop.length, `waits ${delays.join(', ')} ms: every client that lost the server at the same moment would retry at these same moments`).toBeLessThan(delays.length);
    },
  },
  {
    name: 'no retry waits longer than capMs',
    async run({ module, lab }) {
      const options = { baseMs: 500, capMs: 1000, maxAttempts: 6, stableMs: 5000 };
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', options);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      lab.run.network.restartServer(TEN_MINUTES);
      await waitAtMost(lab, TWO_MINUTES, 1 + options.maxAttempts);
      const delays = retryDelays(lab);
      expect(delays.length, 'retries during a long outage').toBe(options.maxAttempts);
      expect(outsideWindows(delays, options)).toEqual([]);
    },
  },
  {
    name: 'a handshake refused with 403 looks like an outage: after maxAttempts failed retries it gives up, and says so once',
    async run({ module, lab }) {
      lab.mount('/ws/private', (ws) => ws.reject(403));
      const options = { ...OPTIONS, maxAttempts: 4 };
      const client = new module.ReconnectingWebSocket('ws://lab/ws/private', options);
      const seen = watch(client);
      await waitAtMost(lab, TWO_MINUTES, 1 + options.maxAttempts);
      expect(connections(lab).length, 'the first try and 4 retries, then nothing').toBe(1 + options.maxAttempts);
      expect(outsideWindows(retryDelays(lab))).toEqual([]);
      expect(seen.stops).toEqual([{ code: 1006, reason: '', gaveUp: true }]);
    },
  },
  {
    name: 'the failure count starts again only after a connection stayed open for stableMs',
    async run({ module, lab }) {
      const options = { ...OPTIONS, maxAttempts: 5 };
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', options);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      lab.run.network.restartServer(2000); // at least two retries fail
      await until(lab, seen, () => seen.opens === 2, 60_000, 'the reconnect after the first restart');
      await lab.sleep(options.stableMs + 1000); // a stable connection
      const before = connections(lab).length;
      lab.run.network.restartServer(TEN_MINUTES);
      await waitAtMost(lab, TWO_MINUTES, before + options.maxAttempts);
      const second = retryDelays(lab, before - 1);
      expect(outsideWindows(second), 'the second outage starts again from retry 0').toEqual([]);
      expect(second.length, 'a fresh budget of maxAttempts retries for the second outage').toBe(options.maxAttempts);
      expect(seen.stops.map((s) => s.gaveUp)).toEqual([true]);
    },
  },
  {
    name: 'a connection that the server drops at once does not reset the count',
    async run({ module, lab }) {
      lab.mount('/ws/flaky', closesWith(1013, 'try again later'));
      const options = { ...OPTIONS, maxAttempts: 4 };
      const client = new module.ReconnectingWebSocket('ws://lab/ws/flaky', options);
      const seen = watch(client);
      await until(lab, seen, () => seen.stops.length > 0 || seen.opens > 1 + options.maxAttempts, TWO_MINUTES, 'giving up');
      const delays = retryDelays(lab);
      expect(outsideWindows(delays)).toEqual([]);
      expect(connections(lab).length, 'each connection opened and dropped at once: 4 retries, then give up').toBe(1 + options.maxAttempts);
      expect(seen.stops).toEqual([{ code: 1013, reason: 'try again later', gaveUp: true }]);
    },
  },
  {
    name: 'close() closes with 1000 and never reconnects',
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      client.close();
      await waitAtMost(lab, ONE_MINUTE, 1);
      const closes = lab.frames().filter((f) => f.opcode === 0x8 && f.direction === 'client→server');
      expect(closes.map((f) => f.close)).toEqual([{ code: 1000, reason: '' }]);
      expect(connections(lab).length, 'connections opened').toBe(1);
      expect(seen.stops).toEqual([{ code: 1000, reason: '', gaveUp: false }]);
    },
  },
  {
    name: 'no reconnect after the server closes with 4001 (replaced by another tab)',
    async run({ module, lab }) {
      lab.mount('/ws/inbox', closesWith(4001, 'replaced by another tab'));
      const client = new module.ReconnectingWebSocket('ws://lab/ws/inbox', OPTIONS);
      const seen = watch(client);
      await waitAtMost(lab, ONE_MINUTE, 1);
      expect(connections(lab).length, 'connections opened').toBe(1);
      expect(seen.stops).toEqual([{ code: 4001, reason: 'replaced by another tab', gaveUp: false }]);
    },
  },
  {
    name: 'after the server closes with 1012 (Service Restart) it reconnects within the first window',
    async run({ module, lab }) {
      let served = 0;
      lab.mount('/ws/restarting', async (ws) => {
        served += 1;
        if (served === 1) return closesWith(1012, 'restarting')(ws);
        await ws.accept();
        for await (const message of ws) await ws.sendText(String(message));
      });
      const client = new module.ReconnectingWebSocket('ws://lab/ws/restarting', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 2, 5000, 'the reconnect after 1012');
      expect(outsideWindows(retryDelays(lab))).toEqual([]);
      client.send('still here');
      await until(lab, seen, () => seen.messages.length > 0, 3000, 'the echo after the reconnect');
      expect(seen.stops).toEqual([]);
    },
  },
  {
    name: 'messages sent while away arrive once each, in order, after the reconnect',
    async run({ module, lab }) {
      const received: string[] = [];
      lab.mount('/ws/record', async (ws) => {
        await ws.accept();
        for await (const message of ws) {
          received.push(String(message));
          await ws.sendText(String(message));
        }
      });
      const client = new module.ReconnectingWebSocket('ws://lab/ws/record', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      client.send('a');
      await until(lab, seen, () => seen.messages.length === 1, 3000, 'the echo of "a"');
      lab.run.network.restartServer(3000);
      await lab.sleep(1);
      client.send('b');
      client.send('c');
      await until(lab, seen, () => seen.opens === 2, 60_000, 'the first reconnect');
      client.send('d');
      await until(lab, seen, () => seen.messages.length === 4, 3000, 'the echoes of "b", "c" and "d"');
      lab.run.network.restartServer(3000);
      await lab.sleep(1);
      client.send('e');
      await until(lab, seen, () => seen.opens === 3, 60_000, 'the second reconnect');
      await lab.sleep(1000);
      expect({ server: received, page: seen.messages }).toEqual({ server: ['a', 'b', 'c', 'd', 'e'], page: ['a', 'b', 'c', 'd', 'e'] });
    },
  },
  {
    name: 'close() while waiting for a retry cancels the retry',
    hidden: true,
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      lab.run.network.restartServer(TEN_MINUTES);
      await lab.sleep(1);
      client.close();
      await waitAtMost(lab, ONE_MINUTE, 1);
      expect(connections(lab).length, 'connections opened').toBe(1);
      expect(seen.stops).toEqual([{ code: 1000, reason: '', gaveUp: false }]);
    },
  },
  {
    name: 'it reconnects after 1001 and 1011, and stops after 1008',
    hidden: true,
    async run({ module, lab }) {
      const outcome: Record<number, number> = {};
      for (const code of [1001, 1011, 1008]) {
        let served = 0;
        lab.mount(`/ws/code/${code}`, async (ws) => {
          served += 1;
          if (served === 1) return closesWith(code)(ws);
          await ws.accept();
          for await (const message of ws) void message;
        });
        const client = new module.ReconnectingWebSocket(`ws://lab/ws/code/${code}`, OPTIONS);
        watch(client);
        await lab.sleep(5000);
        outcome[code] = served;
        client.close();
      }
      expect(outcome, 'connections served after a close with each code').toEqual({ 1001: 2, 1011: 2, 1008: 1 });
    },
  },
  {
    name: 'send() after the client has stopped throws instead of losing the message quietly',
    hidden: true,
    async run({ module, lab }) {
      const client = new module.ReconnectingWebSocket('ws://lab/ws/echo', OPTIONS);
      const seen = watch(client);
      await until(lab, seen, () => seen.opens === 1, 3000, 'the first open');
      client.close();
      await lab.sleep(100);
      expect(() => client.send('too late')).toThrow();
    },
  },
]);
