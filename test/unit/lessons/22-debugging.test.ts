/**
 * Lesson 22's lab runs show what its prose says: a proxy at nginx's defaults turns the
 * handshake into a plain request the backend refuses with 400 (the page sees only error and
 * 1006), and the right settings let it open; a read timeout of 60 s cuts a quiet connection
 * unless it is raised or the server pings more often; batching sends fewer, larger frames.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../site/components/lab-run/execute.ts';
import type { Scenario } from '../../../site/components/lab-run/scenario.ts';
import proxyUpgrade from '../../../lessons/05-practice/22-debugging/lab/proxy-upgrade.ts';
import readTimeout from '../../../lessons/05-practice/22-debugging/lab/proxy-read-timeout.ts';
import batching from '../../../lessons/05-practice/22-debugging/lab/batching.ts';

const run = (scenario: Scenario, params: Record<string, number> = {}) => executeScenario(scenario, { seed: 1, faults: scenario.faults ?? {}, params });
const notes = (result: RunResult, side: 'page' | 'server') => result.rows.filter((row) => row.kind === 'note' && row.side === side).map((row) => row.summary);
const texts = (result: RunResult, kind: 'handshake' | 'http', direction: string, connection?: number) =>
  result.rows.filter((row) => row.kind === kind && row.direction === direction && (connection === undefined || row.connection === connection)).map((row) => (row as { text: string }).text);
/** The /ws/live connection's opening request as the backend got it, and its answer. */
const live = (result: RunResult) => ({
  request: texts(result, 'handshake', 'client→server', 2)[0],
  refusal: texts(result, 'http', 'server→client', 2)[0] as string | undefined,
  accept: texts(result, 'handshake', 'server→client', 2)[0] as string | undefined,
  summary: result.connections.find((c) => c.connection === 2)!,
});
const events = (result: RunResult, event: string) => result.rows.filter((row) => row.kind === 'event' && row.event === event);

describe('a WebSocket behind a misconfigured proxy', () => {
  it('at nginx’s defaults the backend gets GET … HTTP/1.0 with Connection: close, no Upgrade and its own name as Host, answers 400, and the page sees error then 1006', async () => {
    const result = await run(proxyUpgrade);
    // /ws/echo, whose location block is set up, opens and echoes.
    expect(result.connections.map((c) => [c.url, c.close?.code])).toEqual([['ws://lab.local/ws/echo', 1000], ['ws://lab.local/ws/live', 1006]]);
    expect(notes(result, 'page').slice(0, 3)).toEqual(['open', 'message “is the proxy up?”', 'close 1000, wasClean true']);
    const { request, refusal, summary } = live(result);
    expect(request.startsWith('GET /ws/live HTTP/1.0\r\nHost: app\r\n')).toBe(true);
    expect(request).not.toMatch(/^Upgrade:/im);
    expect(request).toMatch(/\r\nConnection: close\r\n/);
    expect(request).toMatch(/\r\nX-Forwarded-For: 203\.0\.113\.7\r\n/);
    expect(events(result, 'rewrite').map((row) => row.summary)).toEqual([
      'The proxy forwarded the request to the backend: dropped “Connection: Upgrade”; added “Connection: upgrade”, “X-Forwarded-For: 203.0.113.7”',
      'The proxy forwarded the request to the backend: sent the request as HTTP/1.0; set Host to “app” (proxy_set_header Host $proxy_host, nginx’s default); dropped “Upgrade: websocket”, “Connection: Upgrade”; added “Connection: close”, “X-Forwarded-For: 203.0.113.7”',
    ]);
    expect(refusal!.startsWith('HTTP/1.1 400 Bad Request\r\n')).toBe(true);
    expect(refusal!.endsWith('\r\n\r\nHTTP/1.0 cannot upgrade; the handshake needs HTTP/1.1 or later\n')).toBe(true);
    expect(notes(result, 'page').slice(3)).toEqual(['error', 'error event on /ws/live: the page is not told why; the status is only in the inspector (or DevTools’ Network tab)', 'close 1006, wasClean false']);
    expect(summary.states.map((s) => s.state)).toEqual(['CONNECTING', 'CLOSED']);
  });

  it('with HTTP/1.1 but the headers not set, the backend still refuses: the Upgrade header is missing', async () => {
    const { request, refusal, summary } = live(await run(proxyUpgrade, { httpVersion: 11 }));
    expect(request.startsWith('GET /ws/live HTTP/1.1\r\n')).toBe(true);
    expect(request).not.toMatch(/^Upgrade:/im);
    expect(refusal).toContain('The Upgrade header is missing');
    expect(summary.close).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('with the headers set but HTTP/1.0, the backend refuses the version', async () => {
    const { request, refusal, summary } = live(await run(proxyUpgrade, { passUpgrade: 1 }));
    expect(request).toMatch(/\r\nUpgrade: websocket\r\nConnection: upgrade\r\n/);
    expect(refusal).toContain('HTTP/1.0 cannot upgrade');
    expect(summary.close?.code).toBe(1006);
  });

  it('with HTTP/1.1 and both headers passed on, the handshake completes and the backend sees the client’s address', async () => {
    const result = await run(proxyUpgrade, { httpVersion: 11, passUpgrade: 1 });
    const { request, accept, refusal } = live(result);
    expect(request).toMatch(/^GET \/ws\/live HTTP\/1\.1\r\n[\s\S]*\r\nUpgrade: websocket\r\nConnection: upgrade\r\n/);
    expect(accept!.startsWith('HTTP/1.1 101 Switching Protocols\r\n')).toBe(true);
    expect(refusal).toBeUndefined();
    expect(notes(result, 'server')).toContain('/ws/live: handshake from the proxy; X-Forwarded-For: 203.0.113.7');
    expect(notes(result, 'page').slice(3)).toEqual(['open', 'message “live: hello through the proxy”', 'close 1000, wasClean true']);
  });
});

describe('a quiet connection and the proxy’s read timeout', () => {
  it('by default (60 s, no pings) the proxy cuts the connection at 60 s of lab time: 1006, and the alert at 90 s is lost', async () => {
    const result = await run(readTimeout);
    const cut = events(result, 'idle-timeout');
    expect(cut.map((row) => [row.at, row.summary])).toEqual([[60_000, 'The proxy saw no traffic for 60000 ms and closed the connection']]);
    expect(result.connections[0].close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(result.connections[0].states.at(-1)).toEqual({ state: 'CLOSED', at: 60_000 });
    expect(notes(result, 'server')).toContain('90 s: an alert is ready, but the connection is gone');
    expect(notes(result, 'page')).not.toContain('message “alert: disk 91% full”');
  });

  it('a read timeout longer than the quiet (120 s) lets the alert through', async () => {
    const result = await run(readTimeout, { readTimeout: 120 });
    expect(events(result, 'idle-timeout')).toEqual([]);
    expect(notes(result, 'page')).toContain('message “alert: disk 91% full”');
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('pings every 20 s, shorter than the 60 s timeout, keep the connection alive at the default timeout', async () => {
    const result = await run(readTimeout, { pingEvery: 20 });
    expect(events(result, 'idle-timeout')).toEqual([]);
    const pings = result.rows.filter((row) => row.kind === 'frame' && row.direction === 'server→client' && row.summary.startsWith('Ping'));
    expect(pings.map((row) => row.at)).toEqual([20_000, 40_000, 60_000, 80_000]);
    expect(notes(result, 'page')).toContain('message “alert: disk 91% full”');
    expect(result.connections[0].close?.code).toBe(1000);
  });

  it('pings every 70 s, longer than the timeout, do not help', async () => {
    const result = await run(readTimeout, { pingEvery: 70 });
    expect(events(result, 'idle-timeout').map((row) => row.at)).toEqual([60_000]);
    expect(result.connections[0].close?.code).toBe(1006);
  });
});

describe('many tiny messages, or a few batched ones', () => {
  /** Frames and bytes the server sent after the handshake (data frames only). */
  const dataFrames = (result: RunResult) => result.rows.filter((row) => row.kind === 'frame' && row.direction === 'server→client' && row.opcodeName === 'text') as Array<{ length: number; headerLength?: number; payloadLength?: number }>;

  it('200 ticks one per message are 200 frames of 8 bytes, a quarter of them header; batched every 500 ms they are 4 frames of 355 bytes', async () => {
    const one = await run(batching);
    const batched = await run(batching, { windowMs: 500 });
    expect(notes(batched, 'server')).toContain('sent 200 ticks in 4 messages');
    expect(notes(one, 'page')).toContain('received 200 ticks');
    expect(notes(batched, 'page')).toContain('received 200 ticks');
    const a = dataFrames(one);
    const b = dataFrames(batched);
    expect(a).toHaveLength(200);
    expect(a.every((frame) => frame.length === 8)).toBe(true);
    expect(b).toHaveLength(4);
    expect(b.map((frame) => frame.length)).toEqual([355, 355, 355, 355]);
    expect(a.reduce((sum, frame) => sum + frame.length, 0)).toBe(1600);
  });
});
