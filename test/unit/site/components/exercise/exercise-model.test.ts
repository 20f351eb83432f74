import { describe, expect, it } from 'vitest';
import { banner, savedFromSolve } from '../../../../../site/components/exercise/exercise-model.ts';
import type { RunOutcome } from '../../../../../site/runner/protocol.ts';

const passing = { kind: 'checked', results: [{ name: 'a', status: 'pass' }, { name: 'b', status: 'pass' }], console: [], truncated: false } as unknown as RunOutcome;

describe('a pass with the solution’s code', () => {
  it('is announced as solved with help, not as done', () => {
    expect(banner(passing)).toMatchObject({ tone: 'pass', title: 'All checks pass' });
    expect(banner(passing, { withHelp: true })).toMatchObject({ tone: 'pass', title: 'All checks pass — solved with help' });
    expect(banner(passing, { withHelp: true }).detail).toMatch(/pass it on your own/);
  });

  it('saved code that is the solution came from Solve; the learner’s own code did not', () => {
    expect(savedFromSolve('export const x = 1;\n', 'export const x = 1;')).toBe(true);
    expect(savedFromSolve('export const x = 2;', 'export const x = 1;')).toBe(false);
    expect(savedFromSolve(undefined, 'export const x = 1;')).toBe(false);
    expect(savedFromSolve('export const x = 1;', undefined)).toBe(false);
  });
});
