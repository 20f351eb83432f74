/**
 * The editor's TypeScript setup (editor-types.ts), checked by Monaco's own TypeScript worker
 * run in Node: every exercise's starter and solution, and every lesson's lab scenario opened
 * at the path the lab-run code view gives it, has no diagnostics (so `#authoring`, the
 * lesson's other lab files and the packages scenarios use all resolve), and a real type
 * error has its own.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { EDITOR_LIBS, SCENARIO_PACKAGE_TYPES, editedScenarioUri, editorCompilerOptions, isScenarioTypeSource, labExtraLibs } from '../../../../../site/components/exercise/editor-types.ts';
import { MODULE_SYNTAX, TypeChecker, tsFilesUnder } from './type-checker.ts';

const read = (paths: string[]) => Object.fromEntries(paths.map((path) => [path, readFileSync(path, 'utf8')]));
const labSources = [...tsFilesUnder('lib').filter((p) => !p.startsWith('lib/node/')), 'site/runner/helpers.ts'];
const extraLibs = labExtraLibs(read(labSources));

const exercises = readdirSync('lessons', { recursive: true, encoding: 'utf8' })
  .filter((p) => /exercise\/(starter|solution)\.ts$/.test(p))
  .sort();

/** One checker per set of compiler options, as the editor keeps one worker for the page. */
const checkers = new Map<string, TypeChecker>();
function checkerFor(compilerOptions: object): TypeChecker {
  const key = JSON.stringify(compilerOptions);
  let checker = checkers.get(key);
  if (!checker) checkers.set(key, (checker = new TypeChecker(compilerOptions, extraLibs)));
  return checker;
}

// Every exercise file open at once, each at an address of its own.
const uriOf = (path: string) => `file:///lessons/${path}`;
for (const path of exercises) checkerFor(editorCompilerOptions()).open(uriOf(path), readFileSync(`lessons/${path}`, 'utf8'));

/** Every diagnostic Monaco's worker gives `code` at `uri`, as "line: message". */
const diagnostics = (code: string, compilerOptions: object = editorCompilerOptions(), uri = 'file:///exercise.ts') =>
  checkerFor(compilerOptions).diagnostics(uri, code);

describe('the editor type-checks learner code as the runner runs it', () => {
  test('the standard library is named by file, as Monaco’s worker needs', () => {
    for (const lib of EDITOR_LIBS) expect(lib).toMatch(/^lib\.[a-z0-9.]+\.d\.ts$/);
  });

  test('every exercise file is a module, so no file’s declarations reach another open beside it', () => {
    for (const path of exercises) expect(readFileSync(`lessons/${path}`, 'utf8'), path).toMatch(MODULE_SYNTAX);
  });

  test.each(exercises)('%s has no diagnostics', async (path) => {
    expect(await diagnostics(readFileSync(`lessons/${path}`, 'utf8'), editorCompilerOptions(), uriOf(path))).toEqual([]);
  }, 60_000);

  test('Uint8Array, Number, DataView and Math are known; a wrong type is an error on its line', async () => {
    const code = [
      "import { applyMask } from 'websocket-lab';",
      'const view = new DataView(new ArrayBuffer(8));',
      'view.setUint32(0, Math.max(1, Number("2")));',
      'const bytes: Uint8Array = Uint8Array.of(1, 2);',
      "applyMask(bytes, 'key');",
    ].join('\n');
    expect(await diagnostics(code)).toEqual([expect.stringMatching(/^5: Argument of type 'string' is not assignable to parameter of type 'Uint8Array/)]);
  }, 60_000);

  test('tsconfig-style lib names would load no library at all', async () => {
    const wrong = { ...editorCompilerOptions(), lib: ['es2022', 'webworker'] };
    expect(await diagnostics('export const b = new Uint8Array(2);', wrong)).toContain("1: Cannot find name 'Uint8Array'.");
  }, 60_000);
});

const scenarios = tsFilesUnder('lessons').filter((p) => /\/lab\/[a-z0-9-]+\.ts$/.test(p)).map((p) => p.slice('lessons/'.length, -'.ts'.length)).sort();

// The code view's own checker (it keeps one worker for the page, with the scenario sources
// beside the lab's), with every scenario open at its own code view's address.
const scenarioSources = [...labSources, ...tsFilesUnder('site').filter(isScenarioTypeSource), ...tsFilesUnder('lessons').filter(isScenarioTypeSource)];
const scenarioChecker = new TypeChecker(editorCompilerOptions(), { ...labExtraLibs(read(scenarioSources)), ...SCENARIO_PACKAGE_TYPES });
for (const id of scenarios) scenarioChecker.open(editedScenarioUri(id, 'test'), readFileSync(`lessons/${id}.ts`, 'utf8'));

/** Every diagnostic Monaco's worker gives `code` as scenario `scenario`, as "line: message". */
const scenarioDiagnostics = (scenario: string, code: string) => scenarioChecker.diagnostics(editedScenarioUri(scenario, 'test'), code);

describe('an edited lab scenario is type-checked as its original is', () => {
  test('the lab files are among the type sources', () => {
    expect(scenarios.length).toBeGreaterThan(10);
    for (const id of scenarios) expect(isScenarioTypeSource(`lessons/${id}.ts`)).toBe(true);
  });

  test('every scenario is a module, so no scenario’s declarations reach another open beside it', () => {
    for (const id of scenarios) expect(readFileSync(`lessons/${id}.ts`, 'utf8'), id).toMatch(MODULE_SYNTAX);
  });

  test.each(scenarios)('%s has no diagnostics', async (id) => {
    expect(await scenarioDiagnostics(id, readFileSync(`lessons/${id}.ts`, 'utf8'))).toEqual([]);
  }, 60_000);

  test('a wrong type from #authoring is an error on its line', async () => {
    const id = '04-servers/13-first-endpoint/lab/echo';
    const code = readFileSync(`lessons/${id}.ts`, 'utf8').replace("faults: { latency: 5 },", "faults: { latency: 'slow' },");
    const line = code.slice(0, code.indexOf("'slow'")).split('\n').length;
    expect(await scenarioDiagnostics(id, code)).toEqual([expect.stringMatching(new RegExp(`^${line}: Type 'string' is not assignable to type 'number'`))]);
  }, 60_000);
});
