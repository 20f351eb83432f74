/**
 * The lab-run code view's TypeScript: every lesson's lab scenario, opened in the editor at
 * the path the code view gives it, has no diagnostics (so `#authoring`, the lesson's other
 * lab files and the packages scenarios use all resolve), and a real type error has its own.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TypeScriptWorker } from 'monaco-editor/languages/features/typescript/tsWorker.js';
import { SCENARIO_PACKAGE_TYPES, editedScenarioUri, editorCompilerOptions, isScenarioTypeSource, labExtraLibs } from '../../../../../site/components/exercise/editor-types.ts';

const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
const sources: Record<string, string> = {};
for (const path of [...files('lib').filter((p) => !p.startsWith('lib/node/')), ...files('site').filter(isScenarioTypeSource), ...files('lessons').filter(isScenarioTypeSource), 'site/runner/helpers.ts']) {
  sources[path] = readFileSync(path, 'utf8');
}
const extraLibs = Object.fromEntries(Object.entries({ ...labExtraLibs(sources), ...SCENARIO_PACKAGE_TYPES }).map(([uri, content]) => [uri, { content, version: 1 }]));

/** The models the one worker sees: the scenario being checked, at its code view's address. */
const models = new Map<string, { uri: { toString(): string; path: string }; version: number; getValue(): string }>();
// One worker, as the code view keeps one for the page: the libraries are parsed once.
const worker = new TypeScriptWorker({ getMirrorModels: () => [...models.values()] }, { compilerOptions: editorCompilerOptions(), extraLibs });

let version = 0;

async function diagnostics(scenario: string, code: string): Promise<string[]> {
  const uri = editedScenarioUri(scenario, 'test');
  version++; // a new version for every check: the worker must never reuse an earlier text
  models.clear();
  models.set(uri, { uri: { toString: () => uri, path: uri.slice('file://'.length) }, version, getValue: () => code });
  const found = [...(await worker.getSyntacticDiagnostics(uri)), ...(await worker.getSemanticDiagnostics(uri))];
  return found.map((d) => `${code.slice(0, d.start ?? 0).split('\n').length}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`);
}

const scenarios = files('lessons').filter((p) => /\/lab\/[a-z0-9-]+\.ts$/.test(p)).map((p) => p.slice('lessons/'.length, -'.ts'.length)).sort();

describe('an edited lab scenario is type-checked as its original is', () => {
  test('the lab files are among the type sources', () => {
    expect(scenarios.length).toBeGreaterThan(10);
    for (const id of scenarios) expect(isScenarioTypeSource(`lessons/${id}.ts`)).toBe(true);
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
