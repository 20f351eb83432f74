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

  it('round-trips the broker faults, and starts a node cut off at the scenario’s last node', () => {
    const faults = { brokerDown: { at: 100, forMs: 900 }, cutOff: { node: 'a', at: 10, forMs: 20 } };
    expect(faultsFrom(draftFrom(faults), ['a', 'b'])).toEqual({ ok: true, faults });
    expect(draftFrom({}, {}, ['east', 'west']).cutOff.node).toBe('west');
  });

  it('names each bad broker field in its own words', () => {
    const draft = draftFrom({}, {}, ['a', 'b']);
    draft.brokerDown = { on: true, at: '-5', forMs: '0' };
    draft.cutOff = { on: true, node: 'c', at: '1.5', forMs: '' };
    const result = faultsFrom(draft, ['a', 'b']);
    expect(result.ok ? [] : result.problems).toEqual([
      { field: 'brokerDown.at', message: 'Broker down at must be a whole number from 0 to 600,000; “-5” is not.' },
      { field: 'brokerDown.forMs', message: 'Broker down for must be a whole number from 1 to 600,000; “0” is not.' },
      { field: 'cutOff.node', message: 'The node to cut off must be one of “a”, “b”; “c” is not.' },
      { field: 'cutOff.at', message: 'Cut off at must be a whole number from 0 to 600,000; “1.5” is not.' },
      { field: 'cutOff.forMs', message: 'Cut off for must be a whole number from 1 to 600,000.' },
    ]);
    // Without the scenario's nodes, any plain name will do.
    draft.brokerDown.on = false;
    draft.cutOff = { on: true, node: 'c d', at: '1', forMs: '1' };
    expect(faultsFrom(draft)).toMatchObject({ ok: false, problems: [{ field: 'cutOff.node', message: 'The node to cut off must be a node’s name, like “b”; “c d” is not.' }] });
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
