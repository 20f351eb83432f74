/**
 * Every fault the run form offers, switched on at the numbers it starts from in a scenario,
 * either changes that scenario's run or the run says it never fired. Every scenario file
 * under lessons/ is covered, so a new lesson's scenarios are checked without listing them.
 */
import { describe, expect, it } from 'vitest';
import { unfiredFaults } from '../../../../../site/components/lab-run/fault-report.ts';
import { executeScenario } from '../../../../../site/components/lab-run/execute.ts';
import { fingerprint } from '../../../../../site/components/lab-run/rows.ts';
import type { FaultSettings, Scenario } from '../../../../../site/components/lab-run/scenario.ts';
import { OFFERED_FAULTS, faultDefaults } from '../../../../../site/components/lab-run/settings.ts';

const modules = import.meta.glob<{ default: Scenario }>('../../../../../lessons/**/lab/*.ts', { eager: true });
const scenarios = Object.entries(modules).map(([path, module]) => [path.replace(/^.*lessons\//, '').replace(/\.ts$/, ''), module.default] as const);
const cases = scenarios.flatMap(([id, scenario]) => OFFERED_FAULTS.map((fault) => [id, fault, scenario] as const));

/** Runs are deterministic for a seed, so each scenario runs once per set of faults and the tests below share it. */
const runs = new Map<string, ReturnType<typeof executeScenario>>();
function run(id: string, scenario: Scenario, faults: FaultSettings) {
  const key = `${id} ${JSON.stringify(faults)}`;
  if (!runs.has(key)) runs.set(key, executeScenario(scenario, { seed: 1, faults, params: {} }));
  return runs.get(key)!;
}

describe('scenarios', () => {
  it('are all found', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(13);
  });
});

describe.each(cases)('%s with %s at its defaults', (id, fault, scenario) => {
  it('changes the run, or the run says the fault never fired', async () => {
    const base: FaultSettings = { ...scenario.faults };
    const without: FaultSettings = { ...base };
    delete without[fault];
    const withIt: FaultSettings = { ...base, [fault]: base[fault] ?? faultDefaults({}, scenario.faultDefaults)[fault] };
    const a = await run(id, scenario, without);
    const b = await run(id, scenario, withIt);
    const report = b.faults.find((r) => r.fault === fault);
    expect(report, 'a switched-on fault is always reported').toBeDefined();
    if (report!.fired) expect(fingerprint(b.rows)).not.toBe(fingerprint(a.rows));
    else expect(report!.text).toMatch(/never|changed nothing/);
  });

  it('fires at the scenario’s own numbers, unless nothing in the run is ever quiet (then no idle proxy can cut)', async () => {
    // A fault the scenario itself switches on may be its point not to fire (a heartbeat that
    // keeps the idle proxy from cutting): the test above holds it to saying so.
    if (scenario.faults?.[fault] !== undefined) return;
    const faults: FaultSettings = { ...scenario.faults, [fault]: scenario.faults?.[fault] ?? faultDefaults({}, scenario.faultDefaults)[fault] };
    const report = (await run(id, scenario, faults)).faults.find((r) => r.fault === fault)!;
    if (!report.fired) expect(report.text).toMatch(/^The idle proxy never cut: .*longest quiet on an open connection was 0 ms/);
  });
});

describe('a fault that never fires', () => {
  const echo = scenarios.find(([id]) => id.endsWith('13-first-endpoint/lab/echo'))![1];
  it('is named, with what the run did instead', async () => {
    const result = await executeScenario(echo, { seed: 1, faults: { latency: 5, idleTimeout: 100, drop: { direction: 'server→client', bytes: 200 }, flip: { direction: 'server→client', offset: 5000, bit: 0 }, restart: { at: 5000, downMs: 10 } }, params: {} });
    expect(unfiredFaults(result.faults)).toEqual([
      'The idle proxy never cut: no gap of 100 ms (the longest quiet on an open connection was 5 ms).',
      'Drop after 200 bytes never fired: 178 bytes crossed server → page on the busiest connection.',
      'The server restart at 5000 ms changed nothing: no connection was open then, and none was tried in the 10 ms it was down.',
      'The bit flip never fired: byte 5000 never crossed server → page (at most 178 bytes did on one connection), so bit 0 stayed as it was.',
    ]);
  });

  it('is not reported when it fired', async () => {
    const result = await executeScenario(echo, { seed: 1, faults: { latency: 5, drop: { direction: 'server→client', bytes: 150 } }, params: {} });
    expect(result.faults).toEqual([{ fault: 'latency', fired: true }, { fault: 'drop', fired: true }]);
  });
});

describe('split chunks', () => {
  it('show on each frame that arrived in pieces', async () => {
    const echo = scenarios.find(([id]) => id.endsWith('13-first-endpoint/lab/echo'))![1];
    const whole = await executeScenario(echo, { seed: 1, faults: {}, params: {} });
    const split = await executeScenario(echo, { seed: 1, faults: { split: 3 }, params: {} });
    expect(whole.rows.some((row) => row.kind === 'frame' && row.chunks)).toBe(false);
    const frames = split.rows.filter((row) => row.kind === 'frame');
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) expect(frame.kind === 'frame' && frame.length > 3 ? frame.chunks : 2).toBeGreaterThanOrEqual(2);
  });
});

describe('a page listener that throws', () => {
  it('is logged in the run as an error, and the run goes on', async () => {
    const restarts = scenarios.find(([id]) => id.endsWith('two-restarts'))![1];
    // The flipped bit turns a '{' into a 'z', so the page's JSON.parse throws.
    const result = await executeScenario(restarts, { seed: 1, faults: { ...restarts.faults, flip: { direction: 'server→client', offset: 131, bit: 0 } }, params: {} });
    expect(result.rows.some((row) => row.kind === 'note' && row.error && row.summary.startsWith('An event listener threw SyntaxError'))).toBe(true);
  });
});
