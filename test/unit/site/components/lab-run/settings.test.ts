import { describe, expect, it } from 'vitest';
import { describeFaults, draftFrom, faultsFrom, runToJson } from '../../../../../site/components/lab-run/settings.ts';
import type { RunResult } from '../../../../../site/components/lab-run/execute.ts';

describe('the fault form', () => {
  it('round-trips settings through the draft', () => {
    const faults = { latency: 10, split: 3, idleTimeout: 500, drop: { direction: 'client→server' as const, bytes: 40 }, restart: { at: 50, downMs: 200 }, flip: { direction: 'server→client' as const, offset: 130, bit: 6 } };
    expect(faultsFrom(draftFrom(faults))).toEqual({ ok: true, faults });
    expect(faultsFrom(draftFrom({}))).toEqual({ ok: true, faults: {} });
  });

  it('names each bad field and keeps the draft as typed', () => {
    const draft = draftFrom({});
    draft.latency = { on: true, ms: 'fast' };
    draft.flip = { on: true, direction: 'server→client', offset: '12', bit: '8' };
    const result = faultsFrom(draft);
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'latency.ms', message: 'Latency must be a whole number from 1 to 10,000; “fast” is not.' },
        { field: 'flip.bit', message: 'Bit must be a whole number from 0 to 7; “8” is not.' },
      ],
    });
    expect(draft.latency.ms).toBe('fast');
  });

  it('ignores the numbers of a switched-off fault', () => {
    const draft = draftFrom({});
    draft.drop.bytes = 'nonsense';
    expect(faultsFrom(draft)).toEqual({ ok: true, faults: {} });
  });

  it('describes faults in a few words', () => {
    expect(describeFaults({ latency: 10, restart: { at: 50, downMs: 1000 } })).toEqual(['latency 10 ms', 'restart at 50 ms, down 1000 ms']);
    expect(describeFaults({})).toEqual([]);
  });
});

describe('the export', () => {
  it('holds the scenario, the settings that replay it, and the rows', () => {
    const result: RunResult = {
      settings: { seed: 9, faults: { latency: 5 }, params: {} },
      rows: [{ kind: 'note', at: 1, connection: 0, side: 'page', summary: 'hi', error: false }],
      connections: [],
      durationMs: 12,
      stoppedAtLimit: false,
      faults: [{ fault: 'latency', fired: true }],
    };
    const parsed = JSON.parse(runToJson({ id: 'x/lab/y', title: 'Y' }, result));
    expect(parsed).toMatchObject({ format: 'websocket-lab-run', version: 1, scenario: 'x/lab/y', title: 'Y', settings: result.settings, durationMs: 12 });
    expect(parsed.rows).toEqual(result.rows);
    expect(parsed.faults).toEqual(result.faults);
  });
});

describe('a scenario’s own fault numbers', () => {
  it('are what a switched-off fault starts from; switched-on faults keep theirs', () => {
    const draft = draftFrom({ latency: 5 }, { latency: 50, idleTimeout: 4, drop: { direction: 'client→server', bytes: 300 } });
    expect(draft.latency).toEqual({ on: true, ms: '5' });
    expect(draft.idle).toEqual({ on: false, ms: '4' });
    expect(draft.drop).toEqual({ on: false, direction: 'client→server', bytes: '300' });
    expect(draft.restart).toEqual({ on: false, at: '50', downMs: '1000' });
  });
});
