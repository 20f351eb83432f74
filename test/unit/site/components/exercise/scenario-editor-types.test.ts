/**
 * The lab-run code view's TypeScript: every lesson's lab scenario, opened in the editor at
 * the path the code view gives it, has no diagnostics (so `#authoring`, the lesson's other
 * lab files and the packages scenarios use all resolve), and a real type error has its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCENARIO_PACKAGE_TYPES, editedScenarioUri, editorCompilerOptions, isScenarioTypeSource, labExtraLibs } from '../../../../../site/components/exercise/editor-types.ts';
import { MODULE_SYNTAX, TypeChecker, tsFilesUnder } from './type-checker.ts';

const sources: Record<string, string> = {};
for (const path of [...tsFilesUnder('lib').filter((p) => !p.startsWith('lib/node/')), ...tsFilesUnder('site').filter(isScenarioTypeSource), ...tsFilesUnder('lessons').filter(isScenarioTypeSource), 'site/runner/helpers.ts']) {
  sources[path] = readFileSync(path, 'utf8');
}

const scenarios = tsFilesUnder('lessons').filter((p) => /\/lab\/[a-z0-9-]+\.ts$/.test(p)).map((p) => p.slice('lessons/'.length, -'.ts'.length)).sort();

// One checker, as the code view keeps one worker for the page, with every scenario open at
// its own code view's address.
const checker = new TypeChecker(editorCompilerOptions(), { ...labExtraLibs(sources), ...SCENARIO_PACKAGE_TYPES });
for (const id of scenarios) checker.open(editedScenarioUri(id, 'test'), readFileSync(`lessons/${id}.ts`, 'utf8'));

/** Every diagnostic Monaco's worker gives `code` as scenario `scenario`, as "line: message". */
const diagnostics = (scenario: string, code: string) => checker.diagnostics(editedScenarioUri(scenario, 'test'), code);

describe('an edited lab scenario is type-checked as its original is', () => {
  test('the lab files are among the type sources', () => {
    expect(scenarios.length).toBeGreaterThan(10);
    for (const id of scenarios) expect(isScenarioTypeSource(`lessons/${id}.ts`)).toBe(true);
  });

  test('every scenario is a module, so no scenario’s declarations reach another open beside it', () => {
    for (const id of scenarios) expect(readFileSync(`lessons/${id}.ts`, 'utf8'), id).toMatch(MODULE_SYNTAX);
  });

  test.each(scenarios)('%s has no diagnostics', async (id) => {
    expect(await diagnostics(id, readFileSync(`lessons/${id}.ts`, 'utf8'))).toEqual([]);
  }, 60_000);

  test('a wrong type from #authoring is an error on its line', async () => {
    const id = '04-servers/13-first-endpoint/lab/echo';
    const code = readFileSync(`lessons/${id}.ts`, 'utf8').replace("faults: { latency: 5 },", "faults: { latency: 'slow' },");
    const line = code.slice(0, code.indexOf("'slow'")).split('\n').length;
    expect(await diagnostics(id, code)).toEqual([expect.stringMatching(new RegExp(`^${line}: Type 'string' is not assignable to type 'number'`))]);
  }, 60_000);
});
