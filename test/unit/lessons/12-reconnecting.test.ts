/**
 * Lesson 12's lab runs show what the lesson says they show: clients without jitter retry in
 * lockstep and with it they scatter; the feed survives a graceful restart and a crash, each
 * retry waiting within its window, and the page gets every event once, in order.
 */
import { describe, expect, it } from 'vitest';
import { executeScenario, type RunResult } from '../../../site/components/lab-run/execute.ts';
import type { InspectorRow } from '../../../site/components/lab-run/rows.ts';
import herd from '../../../lessons/03-lifecycle/12-reconnecting/lab/herd.ts';
import twoRestarts from '../../../lessons/03-lifecycle/12-reconnecting/lab/two-restarts.ts';

type Note = Extract<InspectorRow, { kind: 'note' }>;
const notes = (result: RunResult, side: 'page' | 'server') => result.rows.filter((row): row is Note => row.kind === 'note' && row.side === side);
const events = (result: RunResult, event: string) => result.rows.filter((row) => row.kind === 'event' && row.event === event);

/** How many connection attempts (handshakes sent, or connections refused) began at each lab time after `from`. */
function attemptsByTime(result: RunResult, from: number): Map<number, number> {
  const starts = new Map<number, number>();
  for (const row of result.rows) {
    if (row.at < from || row.connection === 0 || starts.has(row.connection)) continue;
    if ((row.kind === 'handshake' && row.direction === 'client→server') || (row.kind === 'event' && row.event === 'refused')) starts.set(row.connection, row.at);
  }
  const byTime = new Map<number, number>();
  for (const at of starts.values()) byTime.set(at, (byTime.get(at) ?? 0) + 1);
  return byTime;
}

describe('five pages and a restarting server', () => {
  const run = (jitter: number, seed = 1) => executeScenario(herd, { seed, faults: herd.faults ?? {}, params: { jitter } });

  it('without jitter, the five pages retry in lockstep: rows of five refusals at 1.5, 2.5 and 4.5 s, and five handshakes at once after the restart', async () => {
    const result = await run(0);
    const byTime = attemptsByTime(result, 1000);
    expect([...byTime]).toEqual([[1500, 5], [2500, 5], [4500, 5], [8500, 5]]);
    const after = notes(result, 'server').filter((note) => note.at > 1000).map((note) => [note.at, note.summary]);
    expect(after).toEqual([[8500, '5 handshakes in the same millisecond']]);
    expect(result.connections.filter((c) => c.close?.code === 1000)).toHaveLength(5);
  });

  it.each([[1, 'equal'], [2, 'full']])('with %s (%s) jitter, the attempts scatter: no two pages at the same instant', async (jitter) => {
    for (const seed of [1, 2, 3]) {
      const result = await run(jitter, seed);
      const byTime = attemptsByTime(result, 1000);
      expect(Math.max(...byTime.values()), `seed ${seed}`).toBe(1);
      expect(notes(result, 'server').filter((note) => note.at > 1000).map((note) => note.summary).every((s) => s === '1 handshake on its own')).toBe(true);
      expect(result.connections.filter((c) => c.close?.code === 1000), 'every page got back in and left').toHaveLength(5);
    }
  });

  it('each page logs each wait, and with full jitter each wait lies within its window', async () => {
    const result = await run(2);
    for (const name of ['ana', 'ben', 'cai', 'dee', 'eve']) {
      const waits = notes(result, 'page').filter((note) => note.client === name && note.summary.startsWith('retry')).map((note) => Number(/in (\d+) ms/.exec(note.summary)![1]));
      expect(waits.length).toBeGreaterThanOrEqual(3);
      waits.forEach((wait, n) => expect(wait).toBeLessThanOrEqual(Math.min(8000, 500 * 2 ** n)));
    }
  });
});

describe('a feed through two restarts', () => {
  const run = (seed = 1, faults = twoRestarts.faults ?? {}, params: Record<string, number> = {}) => executeScenario(twoRestarts, { seed, faults, params });

  it('the server closes with 1012 at 8 s and answers 503 for 3 s; the crash at 18 s cuts the connection and refuses handshakes for 4 s', async () => {
    const result = await run();
    const graceful = result.connections.find((c) => c.close?.code === 1012)!;
    expect(graceful.close).toEqual({ code: 1012, reason: 'server restarting', wasClean: true });
    expect(graceful.states.at(-1)?.at).toBe(8000);
    const refusals = result.rows.filter((row) => row.kind === 'http');
    expect(refusals.length).toBeGreaterThan(0);
    for (const row of refusals) {
      expect(row.summary).toBe('HTTP/1.1 503 Service Unavailable');
      expect(row.at).toBeGreaterThanOrEqual(8000);
      expect(row.at).toBeLessThan(11_000);
    }
    expect(events(result, 'restart').map((row) => row.at)).toEqual([18_000]);
    const refused = events(result, 'refused');
    expect(refused.length).toBeGreaterThan(0);
    for (const row of refused) expect(row.at).toBeLessThan(22_000);
    // Refused handshakes, 503s included, reach the page as 1006.
    const failed = result.connections.filter((c) => c.close?.code === 1006);
    expect(failed.length).toBe(refusals.length + refused.length + 1);
  });

  it('the page logs each retry with its wait, always within min(cap, base × 2ⁿ), and the count starts again after 5 s of a stable connection', async () => {
    const result = await run();
    const retries = notes(result, 'page').filter((note) => /retry \d+ in/.test(note.summary)).map((note) => {
      const [, n, wait, window] = /retry (\d+) in (\d+) ms \(a random wait from 0 to (\d+) ms\)/.exec(note.summary)!.map(Number);
      return { at: note.at, n, wait, window };
    });
    expect(retries.length).toBeGreaterThanOrEqual(6);
    for (const { n, wait, window } of retries) {
      expect(window).toBe(Math.min(8000, 500 * 2 ** (n - 1)));
      expect(wait).toBeLessThanOrEqual(window);
    }
    const reset = notes(result, 'page').find((note) => note.summary.includes('the failure count starts again from 0'))!;
    expect(reset.at).toBeLessThan(18_000);
    const afterCrash = retries.find((r) => r.at >= 18_000)!;
    expect(afterCrash).toMatchObject({ at: 18_000, n: 1, window: 500 });
  });

  it('the page resumes from the last event id and gets every event from 1 to 30 once, in order, then closes with 1000 and stays closed', async () => {
    const result = await run();
    const ids = notes(result, 'page').filter((note) => note.summary.startsWith('message')).map((note) => Number(/"id":(\d+)/.exec(note.summary)![1]));
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(notes(result, 'page').some((note) => note.summary.startsWith('expected event'))).toBe(false);
    expect(notes(result, 'server').filter((note) => note.summary.startsWith('resuming')).map((note) => note.summary)).toEqual([
      'resuming after event 7: 5 missed event(s) to send first',
      'resuming after event 17: 12 missed event(s) to send first',
    ]);
    const last = result.connections.at(-1)!;
    expect(last.close).toEqual({ code: 1000, reason: '', wasClean: true }); // the reason the server's Close echoed: none
    expect(notes(result, 'page').at(-1)?.summary).toBe('closed with 1000 after event 30: done, no reconnect');
    expect(result.stoppedAtLimit).toBe(false);
  });

  it('every event arrives once whatever the seed, and the same seed replays the same run', async () => {
    for (const seed of [2, 3, 4, 5]) {
      const result = await run(seed);
      const ids = notes(result, 'page').filter((note) => note.summary.startsWith('message')).map((note) => Number(/"id":(\d+)/.exec(note.summary)![1]));
      expect(ids, `seed ${seed}`).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    expect(JSON.stringify(await run(9))).toBe(JSON.stringify(await run(9)));
  });

  it('without the restart fault only the graceful restart remains', async () => {
    const result = await run(1, {});
    expect(events(result, 'restart')).toEqual([]);
    expect(result.connections.filter((c) => c.close?.code === 1012)).toHaveLength(1);
    expect(notes(result, 'server').filter((note) => note.summary.startsWith('resuming'))).toHaveLength(1);
  });
});
