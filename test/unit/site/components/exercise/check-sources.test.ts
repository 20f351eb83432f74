import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkSources } from '../../../../../site/components/exercise/check-sources.ts';

describe('checkSources', () => {
  test('gives each check’s run as written, after the helpers it uses, dedented', () => {
    const text = [
      "import { defineChecks, expect } from '#authoring';",
      'type Learner = { double(n: number): number };',
      'const unused = 1;',
      'const TWO = 2;',
      'const twice = (n: number) => n * TWO;',
      'export default defineChecks<Learner>([',
      '  {',
      "    name: 'doubles two',",
      '    run({ module }) {',
      '      // the easy case',
      '      expect(module.double(2)).toBe(twice(2));',
      '    },',
      '  },',
      "  { name: 'secret', hidden: true, run() {} },",
      ']);',
    ].join('\n');
    expect(checkSources(text)).toEqual([
      {
        name: 'doubles two',
        hidden: false,
        code: ['const TWO = 2;', 'const twice = (n: number) => n * TWO;', '', 'run({ module }) {', '  // the easy case', '  expect(module.double(2)).toBe(twice(2));', '}'].join('\n'),
      },
      { name: 'secret', hidden: true, code: 'run() {}' },
    ]);
  });

  test('a check whose name is not a plain string fails loudly', () => {
    expect(() => checkSources("defineChecks([{ name: `a ${1}`, run() {} }]);")).toThrow(/check 1 has no plain string name/);
  });

  const modules = import.meta.glob<{ default: { name: string; hidden?: boolean }[] }>('/lessons/**/exercise/checks.ts');
  test.each(Object.keys(modules).sort())('%s: one source per check, with the names and visibility the runner sees', async (path) => {
    const checks = (await modules[path]!()).default;
    const sources = checkSources(readFileSync(`.${path}`, 'utf8'), path);
    expect(sources.map((s) => [s.name, s.hidden])).toEqual(checks.map((c) => [c.name, c.hidden === true]));
    for (const source of sources) expect(source.code).toMatch(/^[\s\S]*\brun\b/);
  });
});
