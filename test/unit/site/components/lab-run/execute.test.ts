import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../../lib/lab/index.ts';
import { executeScenario, pipeOptions, resolveParams, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import { fingerprint, type InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import { defineScenario, type FaultSettings } from '../../../../../site/components/lab-run/scenario.ts';
import pingBetween from '../../../../../lessons/02-frames/07-fragmentation/lab/ping-between-fragments.ts';
import echo from '../../../../../lessons/04-servers/13-first-endpoint/lab/echo.ts';
import stream from '../../../../../lessons/04-servers/13-first-endpoint/lab/stream.ts';
import notes from '../../../../../lessons/04-servers/13-first-endpoint/lab/notes.ts';

const frames = (result: RunResult) => result.rows.filter((row): row is Extract<InspectorRow, { kind: 'frame' }> => row.kind === 'frame');
const run = (faults: FaultSettings = {}, seed = 1, scenario = echo, params: Record<string, number> = {}) => executeScenario(scenario, { seed, faults, params });

describe('a ping between fragments', () => {
  it('is answered before the message is whole, and the message event fires once, after the last part', async () => {
    const result = await executeScenario(pingBetween, { seed: 1, faults: { latency: 10 }, params: {} });
    const list = frames(result);
    const pong = list.find((f) => f.opcodeName === 'pong')!;
    const last = list.find((f) => f.fragment?.part === 3)!;
    expect(pong.direction).toBe('client→server');
    expect(pong.at).toBeLessThan(last.at);
    expect(pong.summary).toBe('Pong “still there?” (12 B)');
    expect(last.fragment).toMatchObject({ message: 1, part: 3, parts: 3, whole: 'Text “Hello, fragmented world!” (24 B in 3 frames)' });
    expect(list.filter((f) => f.fragment).map((f) => f.summary)).toEqual(['Text “Hello, ”', 'Continuation “fragmented ”', 'Continuation “world!”']);
    const messages = result.rows.filter((row) => row.kind === 'note' && row.side === 'page' && row.summary.startsWith('message'));
    expect(messages).toHaveLength(1);
    expect(messages[0].at).toBe(last.at);
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('takes the gap between fragments from its parameter', async () => {
    const slow = await executeScenario(pingBetween, { seed: 1, faults: {}, params: { gap: 400 } });
    const parts = frames(slow).filter((f) => f.fragment).map((f) => f.at);
    expect(parts[2] - parts[1]).toBe(400);
  });
});

describe('seeds and replay', () => {
  it('the same seed gives the same bytes; another seed other masking keys', async () => {
    const a = await run({}, 7);
    const b = await run({}, 7);
    const c = await run({}, 8);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(fingerprint(b.rows)).toBe(fingerprint(a.rows));
    expect(fingerprint(c.rows)).not.toBe(fingerprint(a.rows));
    const masked = (r: RunResult) => frames(r).filter((f) => f.masked).map((f) => f.hex);
    expect(masked(c)).not.toEqual(masked(a));
    expect(masked(a).length).toBeGreaterThan(0);
  });
});

describe('a script\'s random()', () => {
  it('replays from the run\'s seed, differs with another seed, and leaves the masking keys as they were', async () => {
    const drawing = defineScenario({
      title: 'draws', description: '',
      server: () => new LabServer().websocket('/ws/echo', async (ws) => { await ws.accept(); for await (const m of ws) await ws.sendText(String(m)); }),
      client: ({ WebSocket, random, log }) => {
        log(`drew ${random()} ${random()}`);
        const socket = new WebSocket('ws://lab/ws/echo');
        socket.onopen = () => socket.send('x');
        socket.onmessage = () => socket.close(1000);
      },
    });
    const drawn = (r: RunResult) => r.rows.find((row) => row.kind === 'note' && row.summary.startsWith('drew'))?.summary;
    const a = await executeScenario(drawing, { seed: 3, faults: {}, params: {} });
    const b = await executeScenario(drawing, { seed: 3, faults: {}, params: {} });
    const c = await executeScenario(drawing, { seed: 4, faults: {}, params: {} });
    expect(drawn(b)).toBe(drawn(a));
    expect(drawn(c)).not.toBe(drawn(a));
    const quiet = await executeScenario({ ...drawing, client: ({ WebSocket }) => {
      const socket = new WebSocket('ws://lab/ws/echo');
      socket.onopen = () => socket.send('x');
      socket.onmessage = () => socket.close(1000);
    } }, { seed: 3, faults: {}, params: {} });
    const masked = (r: RunResult) => frames(r).filter((f) => f.masked).map((f) => f.hex);
    expect(masked(a)).toEqual(masked(quiet));
  });
});

describe('faults', () => {
  it('latency moves every frame later', async () => {
    const quick = await run();
    const slow = await run({ latency: 100 });
    expect(frames(slow)[0].at - frames(quick)[0].at).toBeGreaterThanOrEqual(200);
  });

  it('split chunks change nothing the page sees', async () => {
    const whole = await run();
    const split = await run({ split: 2 });
    const notes = (r: RunResult) => r.rows.filter((row) => row.kind === 'note').map((row) => row.summary);
    expect(notes(split)).toEqual(notes(whole));
  });

  it('a dropped connection shows as a cut and a close 1006 at the page', async () => {
    const result = await run({ drop: { direction: 'server→client', bytes: 140 } });
    expect(result.rows.some((row) => row.kind === 'event' && row.event === 'drop')).toBe(true);
    expect(result.connections[0].close).toMatchObject({ code: 1006, wasClean: false });
  });

  it('an idle proxy cuts a quiet connection', async () => {
    const quiet = defineScenario({
      title: 'quiet', description: '',
      server: () => new LabServer().websocket('/q', async (ws) => { await ws.accept(); for await (const m of ws) void m; }),
      client: ({ WebSocket }) => { new WebSocket('ws://lab/q'); },
    });
    const result = await executeScenario(quiet, { seed: 1, faults: { idleTimeout: 500 }, params: {} });
    expect(result.rows.some((row) => row.kind === 'event' && row.event === 'idle-timeout')).toBe(true);
    expect(result.connections[0].close?.code).toBe(1006);
    expect(result.connections[0].states.find((s) => s.state === 'CLOSED')?.at).toBeGreaterThanOrEqual(500);
  });

  it('a server restart cuts the connection', async () => {
    const result = await run({ restart: { at: 1, downMs: 100 }, latency: 5 });
    expect(result.rows.some((row) => row.kind === 'event' && row.event === 'restart')).toBe(true);
    expect(result.connections[0].close?.code).toBe(1006);
  });

  it('a flipped bit in a frame header is caught by the receiver', async () => {
    // The server's stream starts with the 101 response; the byte right after it is the first frame's first byte, and bit 4 is RSV3.
    const clean = await run();
    const head = clean.rows.find((row) => row.kind === 'handshake' && row.direction === 'server→client');
    const length = head && head.kind === 'handshake' ? head.text.length : 0;
    const flipped = await run({ flip: { direction: 'server→client', offset: length, bit: 4 } });
    expect(flipped.rows.some((row) => row.kind === 'event' && row.event === 'flip')).toBe(true);
    const broken = frames(flipped).find((f) => f.direction === 'server→client');
    expect(broken?.violations.join(' ')).toMatch(/reserved bit \(RSV1–3\) is set/i);
    expect(broken?.hex.slice(0, 2)).toBe('91'); // 0x81 with bit 4 flipped
    expect(flipped.connections[0].close?.code).toBe(1006);
  });
});

describe('parameters', () => {
  it('are clamped to their range and default when absent', () => {
    expect(resolveParams(stream, { count: 10 ** 9 })).toEqual({ count: 100_000 });
    expect(resolveParams(stream, {})).toEqual({ count: 200 });
    expect(resolveParams(stream, { count: Number.NaN })).toEqual({ count: 200 });
  });

  it('a long run reports progress and ends with every update', async () => {
    const seen: string[] = [];
    const result = await executeScenario(stream, { seed: 1, faults: {}, params: { count: 5000 } }, (p) => seen.push(p.phase));
    expect(seen).toContain('running');
    expect(seen.at(-1)).toBe('decoding');
    expect(frames(result).filter((f) => f.opcodeName === 'text')).toHaveLength(5000);
    expect(frames(result).filter((f) => f.opcodeName === 'ping')).toHaveLength(5);
    expect(result.rows.some((row) => row.kind === 'note' && row.summary === 'all 5000 updates arrived')).toBe(true);
  });
});

describe('pipe options', () => {
  it('maps each fault to the pipe, seeding random chunks with the run seed', () => {
    expect(pipeOptions({}, 1)).toEqual({});
    expect(pipeOptions({ latency: 5, split: 4, idleTimeout: 9, drop: { direction: 'client→server', bytes: 3 }, flip: { direction: 'server→client', offset: 2, bit: 1 } }, 42)).toEqual({
      latency: 5,
      chunking: { mode: 'random', min: 1, max: 4, seed: 42 },
      idleTimeout: 9,
      dropAfter: { direction: 'client→server', bytes: 3 },
      flipBit: { direction: 'server→client', offset: 2, bit: 1 },
    });
  });
});

describe('a script that throws', () => {
  it('is reported as a row, and the run still ends', async () => {
    const broken = defineScenario({
      title: 'broken', description: '',
      server: () => new LabServer(),
      client: () => { throw new TypeError('socket.sned is not a function'); },
    });
    const result = await executeScenario(broken, { seed: 1, faults: {}, params: {} });
    expect(result.rows.at(-1)).toMatchObject({ kind: 'note', error: true, summary: "The page's script threw: TypeError: socket.sned is not a function" });
  });
});

describe('the notes endpoint of lesson 13', () => {
  it('refuses a wrong token with 403 before accepting, answers bad messages, and logs the close code', async () => {
    const result = await executeScenario(notes, { seed: 1, faults: { latency: 5 }, params: {} });
    const summaries = result.rows.map((row) => row.summary);
    expect(summaries).toContain('HTTP/1.1 403 Forbidden');
    expect(result.connections[0].close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(summaries).toContain('Text “{"error":"not JSON"}”');
    expect(summaries).toContain('Text “{"saved":"call Bob","by":"ada","count":2}”');
    expect(summaries).toContain('ada left with code 1000 after 2 note(s)');
  });

  it('reports 1006 on the server when the page’s bytes stop after 250', async () => {
    const result = await executeScenario(notes, { seed: 1, faults: { latency: 5, drop: { direction: 'client→server', bytes: 250 } }, params: {} });
    expect(result.rows.some((row) => row.kind === 'note' && row.side === 'server' && /^ada left with code 1006/.test(row.summary))).toBe(true);
  });
});

describe('what the server does on its own', () => {
  it('is logged: a refused handshake, and a handler that throws', async () => {
    const scenario = defineScenario({
      title: 'boom', description: '',
      server: () => new LabServer().websocket('/boom', async (ws) => { await ws.accept(); await ws.receiveText(); throw new TypeError('oops'); }),
      client: ({ WebSocket }) => {
        const socket = new WebSocket('ws://lab/boom');
        socket.onopen = () => socket.send('x');
        new WebSocket('ws://lab/nowhere');
      },
    });
    const result = await executeScenario(scenario, { seed: 1, faults: {}, params: {} });
    const server = result.rows.filter((row) => row.kind === 'note' && row.side === 'server');
    expect(server.map((row) => row.summary)).toEqual([
      'refused /nowhere with 404: No WebSocket endpoint at /nowhere',
      'the handler for /boom threw TypeError: oops; the server closes with 1011 (or answers 500 before accept)',
    ]);
    expect(server[1]).toMatchObject({ error: true });
    expect(result.connections.find((c) => c.url === 'ws://lab/boom')?.close?.code).toBe(1011);
  });
});
