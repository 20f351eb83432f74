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

const exercises = readdirSync('lessons', { recursive: true, encoding: 'utf8' })
  .filter((p) => /exercise\/(starter|solution)\.ts$/.test(p))
  .sort();

type Model = { uri: { toString(): string; path: string }; version: number; getValue(): string };
type Worker = { worker: TypeScriptWorker; models: Map<string, Model> };

/**
 * One worker per set of compiler options, as the editor keeps one for the page. Every
 * exercise file is open in it at once, each at an address of its own: one program and one
 * type checker serve every check, and a file's diagnostics are its own.
 */
const workers = new Map<string, Worker>();
function workerFor(compilerOptions: object): Worker {
  const key = JSON.stringify(compilerOptions);
  let entry = workers.get(key);
  if (!entry) {
    const models = new Map<string, Model>();
    entry = { worker: new TypeScriptWorker({ getMirrorModels: () => [...models.values()] }, { compilerOptions, extraLibs }), models };
    workers.set(key, entry);
  }
  return entry;
}

/** `code` as the text at `uri`: a new text is a new version, so the worker never reuses an earlier one. */
function open({ models }: Worker, uri: string, code: string) {
  if (models.get(uri)?.getValue() === code) return;
  const version = (models.get(uri)?.version ?? 0) + 1;
  models.set(uri, { uri: { toString: () => uri, path: uri.slice('file://'.length) }, version, getValue: () => code });
}

const uriOf = (path: string) => `file:///lessons/${path}`;
for (const path of exercises) open(workerFor(editorCompilerOptions()), uriOf(path), readFileSync(`lessons/${path}`, 'utf8'));

/** Every diagnostic Monaco's worker gives `code` at `uri`, as "line: message". */
async function diagnostics(code: string, compilerOptions: object = editorCompilerOptions(), uri = 'file:///exercise.ts'): Promise<string[]> {
  const entry = workerFor(compilerOptions);
  open(entry, uri, code);
  const found = [...(await entry.worker.getSyntacticDiagnostics(uri)), ...(await entry.worker.getSemanticDiagnostics(uri))];
  return found.map((d) => {
    const line = code.slice(0, d.start ?? 0).split('\n').length;
    return `${line}: ${typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText}`;
  });
}

describe('the editor type-checks learner code as the runner runs it', () => {
  test('the standard library is named by file, as Monaco’s worker needs', () => {
    for (const lib of EDITOR_LIBS) expect(lib).toMatch(/^lib\.[a-z0-9.]+\.d\.ts$/);
  });

  test('every exercise file is a module, so no file’s declarations reach another open beside it', () => {
    for (const path of exercises) expect(readFileSync(`lessons/${path}`, 'utf8'), path).toMatch(/^(import|export) /m);
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
