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

const scenarios = files('lessons').filter((p) => /\/lab\/[a-z0-9-]+\.ts$/.test(p)).map((p) => p.slice('lessons/'.length, -'.ts'.length)).sort();

type Model = { uri: { toString(): string; path: string }; version: number; getValue(): string };
/**
 * Every scenario open at once, each at its own code view's address: one program and one
 * type checker serve every check, and a file's diagnostics are its own.
 */
const models = new Map<string, Model>();
function open(scenario: string, code: string) {
  const uri = editedScenarioUri(scenario, 'test');
  const version = (models.get(uri)?.version ?? 0) + 1; // a new text is a new version: the worker never reuses an earlier one
  models.set(uri, { uri: { toString: () => uri, path: uri.slice('file://'.length) }, version, getValue: () => code });
  return uri;
}
for (const id of scenarios) open(id, readFileSync(`lessons/${id}.ts`, 'utf8'));
// One worker, as the code view keeps one for the page: the libraries are parsed once.
const worker = new TypeScriptWorker({ getMirrorModels: () => [...models.values()] }, { compilerOptions: editorCompilerOptions(), extraLibs });

async function diagnostics(scenario: string, code: string): Promise<string[]> {
  const uri = editedScenarioUri(scenario, 'test');
  if (models.get(uri)?.getValue() !== code) open(scenario, code);
  const found = [...(await worker.getSyntacticDiagnostics(uri)), ...(await worker.getSemanticDiagnostics(uri))];
  return found.map((d) => `${code.slice(0, d.start ?? 0).split('\n').length}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`);
}

describe('an edited lab scenario is type-checked as its original is', () => {
  test('the lab files are among the type sources', () => {
    expect(scenarios.length).toBeGreaterThan(10);
    for (const id of scenarios) expect(isScenarioTypeSource(`lessons/${id}.ts`)).toBe(true);
  });

  test('every scenario is a module, so no scenario’s declarations reach another open beside it', () => {
    for (const id of scenarios) expect(readFileSync(`lessons/${id}.ts`, 'utf8'), id).toMatch(/^(import|export) /m);
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
