import { resolveObjectURL } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import type { RunResult, RunSettings } from '../../../../../site/components/lab-run/execute.ts';
import { LabRunController, type RunView } from '../../../../../site/components/lab-run/lab-run-model.ts';
import type { InspectorRow } from '../../../../../site/components/lab-run/rows.ts';
import type { LabRunHandle } from '../../../../../site/components/lab-run/runner.ts';

const settings: RunSettings = { seed: 1, faults: {}, params: {} };
const row = (summary: string): InspectorRow => ({ kind: 'note', at: 1, connection: 0, side: 'page', summary, error: false });
const result = (summary: string): RunResult => ({ settings, rows: [row(summary)], connections: [], durationMs: 5, stoppedAtLimit: false, faults: [] });

/** A runner that answers each run with the next of `outcomes`, and can be stopped. */
function fakeRunner(outcomes: (RunResult | string)[]) {
  const started: RunSettings[] = [];
  const start = (_id: string, asked: RunSettings): LabRunHandle => {
    started.push(asked);
    let stop = () => {};
    const next = outcomes.shift();
    const result = new Promise<{ ok: true; result: RunResult } | { ok: false; message: string }>((resolve) => {
      stop = () => resolve({ ok: false, message: 'Stopped.' });
      if (next !== undefined) queueMicrotask(() => resolve(typeof next === 'string' ? { ok: false, message: next } : { ok: true, result: next }));
    });
    return { result, stop: () => stop() };
  };
  return { start, started };
}

function controller(outcomes: (RunResult | string)[]) {
  const views: RunView[] = [];
  const runner = fakeRunner(outcomes);
  const c = new LabRunController({ id: 'part/lesson/lab/echo', title: 'Echo' }, (view) => views.push(view), runner.start);
  return { c, views, runner, last: () => views.at(-1)! };
}

describe('LabRunController', () => {
  it('runs, showing progress, then the result', async () => {
    const { c, views, last } = controller([result('a')]);
    const done = await c.run(settings);
    expect(done?.rows[0].summary).toBe('a');
    expect(views[0]).toMatchObject({ running: true, progress: { phase: 'running' } });
    expect(last()).toMatchObject({ running: false, progress: undefined, failure: undefined, replayNote: '' });
  });

  it('says whether a replay gave the same bytes', async () => {
    const same = controller([result('a'), result('a')]);
    await same.c.run(settings);
    await same.c.replay();
    expect(same.last().replayNote).toBe('Replayed with the same seed and faults: the same bytes at the same times.');
    expect(same.runner.started[1]).toEqual(settings);

    const different = controller([result('a'), result('b')]);
    await different.c.run(settings);
    await different.c.replay();
    expect(different.last().replayNote).toBe('Replayed, but the bytes differ from the last run.');
  });

  it('a stopped or failed run says why and keeps the last result', async () => {
    const { c, last } = controller([result('a'), 'The lab stopped unexpectedly.']);
    await c.run(settings);
    await c.run(settings);
    expect(last()).toMatchObject({ running: false, failure: 'The lab stopped unexpectedly.' });
    expect(last().result?.rows[0].summary).toBe('a');

    const stopped = controller([]);
    const pending = stopped.c.run(settings);
    stopped.c.stop();
    expect(await pending).toBeUndefined();
    expect(stopped.last().failure).toBe('Stopped.');
  });

  it('a newer run replaces one still going', async () => {
    const { c, last } = controller([]);
    const first = c.run(settings);
    const second = c.run(settings);
    expect(await first).toBeUndefined();
    c.stop();
    await second;
    expect(last().failure).toBe('Stopped.');
  });

  it('exports the run as a JSON file named after the scenario and seed', async () => {
    const { c } = controller([result('a')]);
    expect(c.exportFile()).toBeUndefined();
    await c.run(settings);
    const file = c.exportFile()!;
    expect(file.name).toBe('echo-seed-1.json');
    const text = await resolveObjectURL(file.url)!.text();
    expect(JSON.parse(text)).toMatchObject({ format: 'websocket-lab-run', scenario: 'part/lesson/lab/echo', title: 'Echo', settings });
    c.dispose();
  });
});

describe('LabRunController with edited code', () => {
  it('runs the edited source (not the original), and the module again once the code is back to the original', async () => {
    const sent: unknown[] = [];
    const c = new LabRunController({ id: 'part/lesson/lab/echo', title: 'Echo' }, () => undefined, (_id, _settings, _progress, edited) => {
      sent.push(edited);
      return { result: Promise.resolve({ ok: true, result: result('x') }), stop: () => undefined };
    });
    c.useSource('mine', 'original');
    await c.run(settings);
    c.useSource('original', 'original');
    await c.run(settings);
    expect(sent).toEqual([{ source: 'mine', original: 'original' }, undefined]);
  });

  it('a failure in the edited code keeps the last timeline and says which line', async () => {
    const outcomes = [{ ok: true as const, result: result('first') }, { ok: false as const, message: 'SyntaxError: Unexpected token', line: 7 }];
    const views: RunView[] = [];
    const c = new LabRunController({ id: 'part/lesson/lab/echo', title: 'Echo' }, (view) => views.push(view), () => ({ result: Promise.resolve(outcomes.shift()!), stop: () => undefined }));
    c.useSource('mine', 'original');
    await c.run(settings);
    await c.run(settings);
    const last = views.at(-1)!;
    expect(last.result?.rows[0].summary).toBe('first');
    expect(last.failure).toBe('SyntaxError: Unexpected token (line 7 of your code)');
    expect(last.codeError).toEqual({ message: 'SyntaxError: Unexpected token', line: 7 });
  });

  it('an exception the edited code threw during the run is its code error', async () => {
    const views: RunView[] = [];
    const thrown = { ...result('r'), codeErrors: [{ message: 'Error: broke', line: 3 }] };
    const c = new LabRunController({ id: 'part/lesson/lab/echo', title: 'Echo' }, (view) => views.push(view), () => ({ result: Promise.resolve({ ok: true, result: thrown }), stop: () => undefined }));
    c.useSource('mine', 'original');
    await c.run(settings);
    expect(views.at(-1)).toMatchObject({ edited: true, codeError: { message: 'Error: broke', line: 3 } });
  });
});
