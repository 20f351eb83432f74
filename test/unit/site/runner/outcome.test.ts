import { describe, expect, it } from 'vitest';
import { OUTCOME_LIMITS, readOutcome } from '../../../../site/runner/outcome.ts';

const pass = { name: 'a check', hidden: false, status: 'pass' };

describe('readOutcome: what the page accepts from the exercise worker', () => {
  it('passes a well-formed outcome through', () => {
    const outcome = readOutcome({ kind: 'checked', results: [pass, { ...pass, name: 'b', status: 'fail', message: 'no', notes: ['n'] }], console: [{ level: 'log', text: 'hi' }], truncated: false });
    expect(outcome).toEqual({ kind: 'checked', results: [pass, { ...pass, name: 'b', status: 'fail', message: 'no', notes: ['n'] }], console: [{ level: 'log', text: 'hi' }], truncated: false });
  });

  it.each([
    ['zero checks', { kind: 'checked', results: [], console: [], truncated: false }, /no checks ran/],
    ['50,000 results', { kind: 'checked', results: Array.from({ length: 50_000 }, () => pass), console: [], truncated: false }, /50000 results/],
    ['a result with no status', { kind: 'checked', results: [{ name: 'x', hidden: false }], console: [] }, /without a name and status/],
    ['a malformed console', { kind: 'checked', results: [pass], console: 'lots' }, /malformed console/],
    ['no kind', { results: [pass] }, /unknown kind/],
    ['a string', 'checked', /not an object/],
  ])('turns %s into a clear failure, never a pass', (_name, data, message) => {
    const outcome = readOutcome(data);
    expect(outcome.kind).toBe('unavailable');
    expect(outcome.kind === 'unavailable' && outcome.message).toMatch(message);
  });

  it('bounds long texts and long consoles', () => {
    const outcome = readOutcome({ kind: 'checked', results: [{ ...pass, message: 'x'.repeat(50_000) }], console: Array.from({ length: 5000 }, () => ({ level: 'log', text: 'y' })) });
    if (outcome.kind !== 'checked') throw new Error(outcome.kind);
    expect(outcome.results[0].message!.length).toBe(OUTCOME_LIMITS.text + 1);
    expect(outcome.console).toHaveLength(OUTCOME_LIMITS.console);
    expect(outcome.truncated).toBe(true);
  });
});
