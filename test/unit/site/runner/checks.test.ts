import { describe, expect as vitestExpect, it } from 'vitest';
import { defineChecks, expect, runChecks } from '../../../../site/runner/checks.ts';

type M = { double(n: number): number };

const checks = defineChecks<M>([
  { name: 'doubles 2', run: ({ module }) => void expect(module.double(2)).toBe(4) },
  { name: 'doubles a list', hidden: true, run: ({ module }) => void expect([1, 2].map(module.double)).toEqual([2, 4]) },
  { name: 'async check', run: async ({ module }) => void expect(await Promise.resolve(module.double(0))).toBe(0) },
]);

describe('runChecks', () => {
  it('reports every check in order, passing', async () => {
    const results = await runChecks(checks, { double: (n) => n * 2 });
    vitestExpect(results.map((r) => [r.name, r.status])).toEqual([['doubles 2', 'pass'], ['doubles a list', 'pass'], ['async check', 'pass']]);
  });

  it('a failed assertion says what was expected and what came (below the sentence when too big for it); the next checks still run', async () => {
    const results = await runChecks(checks, { double: (n) => n + 1 });
    vitestExpect(results[0]).toMatchObject({ status: 'fail', message: 'expected 3 to be 4' });
    vitestExpect(results[1]).toMatchObject({ status: 'fail', message: vitestExpect.stringContaining('deeply equal'), expected: '[2,4]', actual: '[2,3]' });
    vitestExpect(results[2]).toMatchObject({ status: 'fail', message: 'expected 1 to be 0' });
  });

  it('an error thrown by the learner’s code is an error, not a failed check', async () => {
    const results = await runChecks(checks, { double: () => { throw new TypeError('oops'); } });
    vitestExpect(results[0]).toMatchObject({ status: 'error', message: 'TypeError: oops' });
  });

  it('sends no code with a result (the page shows each check as written in checks.ts), and says which are hidden', async () => {
    const results = await runChecks(checks, { double: (n) => n * 2 });
    vitestExpect(results.map((r) => 'source' in r)).toEqual([false, false, false]);
    vitestExpect(results[1].hidden).toBe(true);
  });
});
