/**
 * The editor's TypeScript setup, checked by Monaco's own TypeScript worker run in Node: every
 * exercise's starter and solution has no diagnostics, and a real type error has its own.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
// The class Monaco's TypeScript web worker runs, with the same bundled TypeScript and lib files.
import { TypeScriptWorker } from 'monaco-editor/languages/features/typescript/tsWorker.js';
import { EDITOR_LIBS, editorCompilerOptions, labExtraLibs } from '../../../../../site/components/exercise/editor-types.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);
}

const sources: Record<string, string> = {};
for (const path of [...filesUnder('lib').filter((p) => !p.startsWith('lib/node/')), 'site/runner/helpers.ts']) sources[path] = readFileSync(path, 'utf8');
const extraLibs = Object.fromEntries(Object.entries(labExtraLibs(sources)).map(([uri, content]) => [uri, { content, version: 1 }]));

const MODEL = 'file:///exercise.ts';

/**
 * One worker per set of compiler options, as the editor keeps one for the page: the
 * standard library and lib's sources are parsed once, and each check only changes the model.
 */
const workers = new Map<string, { worker: TypeScriptWorker; model: { code: string; version: number } }>();
function workerFor(compilerOptions: object) {
  const key = JSON.stringify(compilerOptions);
  let entry = workers.get(key);
  if (!entry) {
    const model = { code: '', version: 0 };
    const mirror = { uri: { toString: () => MODEL, path: '/exercise.ts' }, get version() { return model.version; }, getValue: () => model.code };
    entry = { worker: new TypeScriptWorker({ getMirrorModels: () => [mirror] }, { compilerOptions, extraLibs }), model };
    workers.set(key, entry);
  }
  return entry;
}

/** Every diagnostic Monaco's worker gives `code`, as "line: message". */
async function diagnostics(code: string, compilerOptions: object = editorCompilerOptions()): Promise<string[]> {
  const { worker, model } = workerFor(compilerOptions);
  model.code = code;
  model.version++;
  const found = [...(await worker.getSyntacticDiagnostics(MODEL)), ...(await worker.getSemanticDiagnostics(MODEL))];
  return found.map((d) => {
    const line = code.slice(0, d.start ?? 0).split('\n').length;
    return `${line}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`;
  });
}

const exercises = readdirSync('lessons', { recursive: true, encoding: 'utf8' })
  .filter((p) => /exercise\/(starter|solution)\.ts$/.test(p))
  .sort();

describe('the editor type-checks learner code as the runner runs it', () => {
  test('the standard library is named by file, as Monaco’s worker needs', () => {
    for (const lib of EDITOR_LIBS) expect(lib).toMatch(/^lib\.[a-z0-9.]+\.d\.ts$/);
  });

  test.each(exercises)('%s has no diagnostics', async (path) => {
    expect(await diagnostics(readFileSync(`lessons/${path}`, 'utf8'))).toEqual([]);
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
