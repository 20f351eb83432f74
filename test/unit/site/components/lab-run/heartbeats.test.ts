/**
 * Lesson 9's lab runs do what the lesson says they show: a quiet connection cut by a 60 s
 * idle proxy, and the same connection kept open by a ping every 20 s.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import quiet from '../../../../../lessons/03-lifecycle/09-heartbeats/lab/idle-proxy.ts';
import heartbeat from '../../../../../lessons/03-lifecycle/09-heartbeats/lab/heartbeat.ts';

const frames = (result: RunResult) => result.rows.filter((row): row is Extract<InspectorRow, { kind: 'frame' }> => row.kind === 'frame');
const events = (result: RunResult) => result.rows.filter((row): row is Extract<InspectorRow, { kind: 'event' }> => row.kind === 'event');
const notes = (result: RunResult) => result.rows.filter((row): row is Extract<InspectorRow, { kind: 'note' }> => row.kind === 'note').map((row) => row.summary);
const withDefaults = (scenario: typeof quiet, params: Record<string, number> = {}, faults = scenario.faults ?? {}) =>
  executeScenario(scenario, { seed: 1, faults, params });

describe('a quiet connection behind an idle proxy', () => {
  it('is cut by the proxy at 60 s of lab time: no ping crossed, the page sees 1006 and never gets the update', async () => {
    const result = await withDefaults(quiet);
    expect(frames(result).some((f) => f.opcodeName === 'ping' || f.opcodeName === 'pong')).toBe(false);
    const cut = events(result).find((e) => e.event === 'idle-timeout');
    expect(cut?.at).toBe(60_000);
    expect(result.connections[0].close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(result.connections[0].states.at(-1)).toEqual({ state: 'CLOSED', at: 60_000 });
    expect(frames(result).some((f) => f.direction === 'server→client' && f.summary.includes('update'))).toBe(false);
    expect(notes(result)).toContain('90 s: an update is ready, but the connection is gone');
    expect(notes(result)).toContain('the connection ended with 1006');
  });

  it('without the idle-proxy fault the same quiet connection lives to get the update: the fault is what cuts it', async () => {
    const result = await withDefaults(quiet, {}, {});
    expect(events(result).some((e) => e.event === 'idle-timeout')).toBe(false);
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });
});

describe('the same connection with a heartbeat', () => {
  it('pings every 20 s; each ping is answered at once; the proxy never fires; the update arrives at 90 s and the page closes with 1000', async () => {
    const result = await withDefaults(heartbeat);
    expect(heartbeat.faults).toEqual({ idleTimeout: 60_000 });
    const list = frames(result);
    expect(list.filter((f) => f.opcodeName === 'ping').map((f) => [f.direction, f.at])).toEqual([20_000, 40_000, 60_000, 80_000].map((at) => ['server→client', at]));
    expect(list.filter((f) => f.opcodeName === 'pong').map((f) => [f.direction, f.at, f.masked])).toEqual([20_000, 40_000, 60_000, 80_000].map((at) => ['client→server', at, true]));
    // Each pong carries its ping's application data back (§5.5.3).
    expect(list.filter((f) => f.control).map((f) => f.summary).slice(0, 4)).toEqual(['Ping “beat 1” (6 B)', 'Pong “beat 1” (6 B)', 'Ping “beat 2” (6 B)', 'Pong “beat 2” (6 B)']);
    expect(events(result).some((e) => e.event === 'idle-timeout')).toBe(false);
    const update = list.find((f) => f.direction === 'server→client' && f.summary.includes('update'));
    expect(update?.at).toBe(90_000);
    expect(result.connections[0].close).toEqual({ code: 1000, reason: '', wasClean: true });
  });

  it('is the quiet scenario with the parameter switched on', async () => {
    const a = await withDefaults(quiet, { pingEvery: 20 });
    const b = await withDefaults(heartbeat);
    expect(a.rows).toEqual(b.rows);
  });

  it('a heartbeat slower than the proxy (every 70 s) does not save the connection', async () => {
    const result = await withDefaults(heartbeat, { pingEvery: 70 });
    expect(events(result).find((e) => e.event === 'idle-timeout')?.at).toBe(60_000);
    expect(result.connections[0].close?.code).toBe(1006);
  });
});
