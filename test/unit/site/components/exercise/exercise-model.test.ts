import { describe, expect, it } from 'vitest';
import { banner, indentAt, passedAll, savedFromSolve, statusLabel } from '../../../../../site/components/exercise/exercise-model.ts';
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

describe('a run passes the exercise', () => {
  it('only when every check ran and passed', () => {
    expect(passedAll(passing)).toBe(true);
    const failing = { ...passing, results: [{ name: 'a', status: 'pass' }, { name: 'b', status: 'fail' }] } as unknown as RunOutcome;
    expect(passedAll(failing)).toBe(false);
    expect(passedAll({ ...passing, results: [] } as unknown as RunOutcome)).toBe(false);
    expect(passedAll({ kind: 'timeout', limitMs: 5000 } as unknown as RunOutcome)).toBe(false);
  });
});

describe('a check’s status', () => {
  it.each([['pass', '✓ pass'], ['fail', '✗ fail'], ['error', '! error']] as const)('%s reads %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });
});

describe('Tab in the plain editor', () => {
  it('puts two spaces in place of the selection and the caret after them', () => {
    expect(indentAt('ab', 1, 1)).toEqual({ code: 'a  b', caret: 3 });
    expect(indentAt('abcd', 1, 3)).toEqual({ code: 'a  d', caret: 3 });
  });
});
