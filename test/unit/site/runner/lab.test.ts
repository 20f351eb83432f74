import { describe, expect as vitestExpect, it } from 'vitest';
import type { ServerWebSocket } from '../../../../lib/lab/index.ts';
import { ITEM_COST } from '../../../../lib/lab/flow.ts';
import { FreshModule, defineChecks, expect, runChecks } from '../../../../site/runner/checks.ts';
import { compile, captureConsole } from '../../../../site/runner/evaluate.ts';
import { runExercise } from '../../../../site/runner/run-exercise.ts';

type Server = { default: (ws: ServerWebSocket) => Promise<void> };

/** A room at /ws/room: every message goes to every member, as "name: text". */
const roomChecks = defineChecks<Server>([
  {
    name: 'a message reaches every member of the room',
    async run({ module, lab }) {
      lab.mount('/ws/room', module.default);
      const alice = await lab.client('alice', '/ws/room?name=alice');
      const bob = await lab.client('bob', '/ws/room?name=bob');
      alice.send('hi');
      vitestExpect(await bob.receive()).toBe('alice: hi');
      vitestExpect(await alice.receive()).toBe('alice: hi');
    },
  },
  {
    name: 'a member that never reads does not hold up the others',
    hidden: true,
    async run({ module, lab }) {
      lab.mount('/ws/room', module.default);
      const alice = await lab.client('alice', '/ws/room?name=alice');
      const bob = await lab.client('bob', '/ws/room?name=bob');
      const carol = await lab.client('carol', '/ws/room?name=carol');
      carol.stopReading();
      alice.send('one');
      expect(await bob.receive()).toBe('alice: one');
    },
  },
]);

const GOOD = `
import type { ServerWebSocket } from 'websocket-lab/lab';
const members = new Map<ServerWebSocket, string>();
export default async function room(ws: ServerWebSocket) {
  await ws.accept();
  const name = ws.query.get('name') ?? 'anon';
  members.set(ws, name);
  try {
    for await (const message of ws) {
      for (const member of [...members.keys()]) await member.sendText(name + ': ' + message);
    }
  } finally {
    members.delete(ws);
  }
}
`;

const THROWS = `
import type { ServerWebSocket } from 'websocket-lab/lab';
export default async function room(ws: ServerWebSocket) {
  await ws.accept();
  const message = await ws.receiveText();
  throw new TypeError('no room for ' + message);
}
`;

describe('server exercises: the learner writes a handler, checks drive named clients', () => {
  it('passes a correct handler, each check in a fresh lab (module state does not leak between checks)', async () => {
    const outcome = await runExercise(GOOD, roomChecks as never);
    vitestExpect(outcome.kind).toBe('checked');
    if (outcome.kind !== 'checked') return;
    vitestExpect(outcome.results.map((r) => [r.name, r.status])).toEqual([
      ['a message reaches every member of the room', 'pass'],
      ['a member that never reads does not hold up the others', 'pass'],
    ]);
  });

  it('a handler that throws: the client sees 1011, the result names the error, its line and the lab time', async () => {
    const outcome = await runExercise(THROWS, roomChecks as never);
    if (outcome.kind !== 'checked') throw new Error(outcome.message);
    const [first] = outcome.results;
    vitestExpect(first.status).toBe('fail');
    vitestExpect(first.message).toBe('bob waited 5.000 s for a message and received nothing new; it was still open at 5.000 s');
    vitestExpect(first.notes).toEqual([vitestExpect.stringMatching(/^At 0\.\d{3} s the handler for \/ws\/room threw TypeError: no room for hi \(line 6\); the server closed that connection with 1011\.$/)]);
  });

  it('the client whose handler threw sees the 1011 close', async () => {
    const checks = defineChecks<Server>([{
      name: 'closes with 1011',
      async run({ module, lab }) {
        lab.mount('/ws/room', module.default);
        const alice = await lab.client('alice', '/ws/room');
        alice.send('hi');
        vitestExpect(await alice.closedWith()).toMatchObject({ code: 1011, reason: 'internal error', wasClean: true });
      },
    }]);
    const outcome = await runExercise(THROWS, checks as never);
    if (outcome.kind !== 'checked') throw new Error(outcome.message);
    vitestExpect(outcome.results[0].status).toBe('pass');
    vitestExpect(outcome.results[0].notes?.[0]).toMatch(/threw TypeError: no room for hi \(line 6\)/);
  });

  it('a wait that can never end on the lab clock is stopped at once, not after 5 s of real time', async () => {
    const checks = defineChecks<Server>([{ name: 'waits forever', run: () => new Promise(() => undefined) }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'fail', message: vitestExpect.stringMatching(/can never happen/) });
  });

  it('thirty seconds of lab time pass in an instant, and results say when', async () => {
    const checks = defineChecks<Server>([{ name: 'sleeps', run: ({ lab }) => lab.sleep(30_000) }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'pass', labTimeMs: 30_000 });
  });

  it('a missing export is named in plain words', async () => {
    const checks = defineChecks<{ applyMask(): void }>([{ name: 'calls it', run: ({ module }) => module.applyMask() }]);
    const [result] = await runChecks(checks, {} as { applyMask(): void });
    vitestExpect(result).toMatchObject({ status: 'error', message: vitestExpect.stringContaining('Your code does not export applyMask.') });
  });
});

describe('learner code on the lab clock', () => {
  const CLOCK = `
export function schedule(): Promise<number[]> {
  const seen: number[] = [];
  const start = Date.now();
  return new Promise((resolve) => {
    const id = setInterval(() => {
      seen.push(Date.now() - start);
      if (seen.length === 3) { clearInterval(id); resolve(seen); }
    }, 10_000);
  });
}
export const jitter = () => [Math.random(), Math.random()];
`;
  it('setInterval, Date.now and performance run on lab time; Math.random is seeded per run', async () => {
    const compiled = compile(CLOCK);
    const checks = defineChecks<{ schedule(): Promise<number[]>; jitter(): number[] }>([
      { name: 'three ticks', run: async ({ module }) => void vitestExpect(await module.schedule()).toEqual([10_000, 20_000, 30_000]) },
      { name: 'jitter', run: ({ module }) => void vitestExpect(module.jitter()).toHaveLength(2) },
    ]);
    const fresh = new FreshModule((lab) => compiled.instantiate(captureConsole().console, lab.globals()));
    const results = await runChecks(checks, fresh);
    vitestExpect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    vitestExpect(results[0].labTimeMs).toBe(30_000);
  });

  it('the same seed draws the same Math.random values', async () => {
    const compiled = compile(CLOCK);
    const values: number[][] = [];
    const checks = defineChecks<{ jitter(): number[] }>([{ name: 'jitter', run: ({ module }) => void values.push(module.jitter()) }]);
    const fresh = new FreshModule((lab) => compiled.instantiate(captureConsole().console, lab.globals()));
    await runChecks(checks, fresh, { seed: 5 });
    await runChecks(checks, fresh, { seed: 5 });
    await runChecks(checks, fresh, { seed: 6 });
    vitestExpect(values[0]).toEqual(values[1]);
    vitestExpect(values[0]).not.toEqual(values[2]);
    for (const v of values.flat()) vitestExpect(v >= 0 && v < 1).toBe(true);
  });

  it('an exception in the learner\'s event listener is reported with its line, not lost', async () => {
    const code = `
export function go(): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket('ws://lab/ws/echo');
    socket.onopen = () => {
      socket.close(1005);
    };
    socket.onclose = () => resolve();
    setTimeout(resolve, 100);
  });
}
`;
    const checks = defineChecks<{ go(): Promise<void> }>([{ name: 'goes', run: ({ module }) => module.go() }]);
    const outcome = await runExercise(code, checks as never);
    if (outcome.kind !== 'checked') throw new Error(outcome.message);
    vitestExpect(outcome.results[0].notes).toEqual([vitestExpect.stringMatching(/^At 0\.\d{3} s an event listener threw InvalidAccessError: .* \(line 6\)\.$/)]);
  });
});

describe('mounting a check\'s handler', () => {
  const relay = (sends: string[]) => async (ws: ServerWebSocket) => {
    await ws.accept();
    for await (const message of ws) sends.push(String(message));
  };

  it('refuses a pattern a lesson endpoint already answers, since that endpoint would win', async () => {
    const checks = defineChecks<Server>([{
      name: 'mounts over the chat endpoint',
      run: ({ lab }) => void lab.mount('/ws/chat/{room}', relay([])),
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'error', message: vitestExpect.stringContaining('already has an endpoint at /ws/chat/{room}') });
  });

  it('with a write limit, a send to a client that stopped reading waits until it reads again', async () => {
    const checks = defineChecks<Server>([{
      name: 'waits for the reader',
      async run({ lab }) {
        const finished: number[] = [];
        lab.mount('/ws/slow', async (ws) => {
          await ws.accept();
          await ws.receiveText();
          for (let i = 0; i < 4; i++) await ws.sendText('x'.repeat(1000));
          finished.push(lab.clock.now());
        }, { writeLimit: 1500 });
        const reader = await lab.client('reader', '/ws/slow');
        reader.stopReading();
        reader.send('go');
        await lab.sleep(1000);
        vitestExpect(finished).toEqual([]); // two messages pile up past 1500 bytes: the second send waits
        reader.resumeReading();
        await lab.sleep(10);
        vitestExpect(finished).toHaveLength(1);
        vitestExpect(reader.messages).toHaveLength(4);
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'pass' });
  });

  it('with a write limit, a waiting send rejects with WebSocketDisconnect when the connection is cut', async () => {
    const checks = defineChecks<Server>([{
      name: 'rejects when cut',
      async run({ lab }) {
        const outcome: string[] = [];
        lab.mount('/ws/slow', async (ws) => {
          await ws.accept();
          await ws.receiveText();
          try {
            for (let i = 0; i < 4; i++) await ws.sendText('x'.repeat(1000));
            outcome.push('sent');
          } catch (error) {
            outcome.push(`${(error as Error).name} ${(error as { code?: number }).code}`);
          }
        }, { writeLimit: 1500 });
        const reader = await lab.client('reader', '/ws/slow');
        reader.stopReading();
        reader.send('go');
        await lab.sleep(100);
        reader.cut();
        await lab.sleep(10);
        vitestExpect(outcome).toEqual(['WebSocketDisconnect 1006']);
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'pass' });
  });

  it('without a write limit, sends wait at the lab server\'s own high-water mark (64 KiB), not before', async () => {
    const checks = defineChecks<Server>([{
      name: 'waits at 64 KiB',
      async run({ lab }) {
        let sent = 0;
        lab.mount('/ws/fast', async (ws) => {
          await ws.accept();
          await ws.receiveText();
          for (let i = 0; i < 100; i++) { await ws.sendText('x'.repeat(1000)); sent += 1; }
        });
        const reader = await lab.client('reader', '/ws/fast');
        reader.stopReading();
        reader.send('go');
        await lab.sleep(10);
        // Each message is a 1004-byte frame (a 4-byte header), counted with ITEM_COST more for
        // the frame itself: the send that takes the queue past 64 KiB is the first that waits,
        // so the ones before it have all resolved.
        vitestExpect(sent).toBe(Math.floor((64 * 1024) / (1004 + ITEM_COST)));
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'pass' });
  });
});

describe('a client that expects nothing', () => {
  it('receivesNothing fails on a message that arrived before it was called and was never read', async () => {
    const checks = defineChecks<Server>([{
      name: 'echoes once',
      async run({ lab }) {
        lab.mount('/ws/twice', async (ws) => {
          await ws.accept();
          for await (const message of ws) {
            await ws.sendText(String(message));
            await ws.sendText(String(message));
          }
        });
        const alice = await lab.client('alice', '/ws/twice');
        alice.send('hi');
        await lab.sleep(100); // both copies are in before anyone reads
        vitestExpect(await alice.receive()).toBe('hi');
        await alice.receivesNothing(500);
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'fail', message: 'alice expected no message for 0.500 s but received "hi"' });
  });

  it('receivesNothing passes once every message has been read and no new one comes', async () => {
    const checks = defineChecks<Server>([{
      name: 'echoes once',
      async run({ lab }) {
        const alice = await lab.client('alice', '/ws/echo');
        alice.send('hi');
        await lab.sleep(100);
        vitestExpect(await alice.receive()).toBe('hi');
        await alice.receivesNothing(500);
      },
    }]);
    const [result] = await runChecks(checks, {} as Server);
    vitestExpect(result).toMatchObject({ status: 'pass' });
  });
});
