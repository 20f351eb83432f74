/**
 * The full editor (Monaco): the TypeScript it checks learner code with, what it costs to open,
 * and how it reads. Markers are read from Monaco itself (`monaco.editor.getModelMarkers`),
 * through the handle the editor leaves on its host element.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

interface Marker {
  severity: number;
  startLineNumber: number;
  message: string;
}

/** Opens a lesson's exercise and waits for Monaco. */
async function openEditor(page: Page, path: string) {
  await page.goto(path);
  await page.getByTestId('exercise').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('monaco-host').locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
}

/** Sets the editor's code and returns Monaco's error markers once TypeScript has looked at it. */
async function errorsFor(page: Page, code: string): Promise<Marker[]> {
  // A probe error on the last line: once its marker is there, the whole file has been checked.
  const probeLine = code.split('\n').length + 1;
  await page.getByTestId('monaco-host').evaluate((host, text) => {
    const { model } = (host as unknown as { labEditor: { model: { setValue(t: string): void } } }).labEditor;
    model.setValue(text);
  }, `${code}\nconst probeForTheTest: number = 'not a number';\n`);
  const read = () =>
    page.getByTestId('monaco-host').evaluate((host) => {
      const { monaco, model } = (host as unknown as { labEditor: { monaco: { editor: { getModelMarkers(f: object): Marker[] } }; model: { uri: unknown } } }).labEditor;
      return monaco.editor.getModelMarkers({ resource: model.uri }).map(({ severity, startLineNumber, message }) => ({ severity, startLineNumber, message }));
    });
  await expect.poll(async () => (await read()).some((m) => m.startLineNumber === probeLine), { timeout: 45_000 }).toBe(true);
  const errors = (await read()).filter((m) => m.severity === 8); // MarkerSeverity.Error
  const probe = errors.filter((m) => m.startLineNumber === probeLine);
  expect(probe.map((m) => m.message)).toEqual(["Type 'string' is not assignable to type 'number'."]);
  return errors.filter((m) => m.startLineNumber !== probeLine);
}

const EXERCISES = readdirSync('lessons', { recursive: true, encoding: 'utf8' })
  .filter((p) => p.endsWith('exercise/starter.ts'))
  .map((p) => p.replace(/\/exercise\/starter\.ts$/, ''))
  .sort();

/** The lesson page of a folder: `02-frames/06-masking` is at /lessons/masking/. */
const pageOf = (folder: string) => `/lessons/${folder.split('/')[1]!.replace(/^\d+-/, '')}/`;

test.describe('Monaco type-checks learner code as the runner runs it', () => {
  test.describe.configure({ timeout: 180_000 });
  for (const folder of EXERCISES) {
    test(`${folder}: no error markers on the starter or the solution`, async ({ page }) => {
      await openEditor(page, pageOf(folder));
      for (const file of ['starter', 'solution']) {
        const code = readFileSync(`lessons/${folder}/exercise/${file}.ts`, 'utf8');
        expect(await errorsFor(page, code), `${file}.ts`).toEqual([]);
      }
    });
  }

  test('a real type error is marked on its line, with TypeScript’s message', async ({ page }) => {
    await openEditor(page, '/lessons/masking/');
    const code = ["import { applyMask } from 'websocket-lab';", 'const data = new TextEncoder().encode(Math.PI.toFixed(2));', "applyMask(data, 'key');"].join('\n');
    const errors = await errorsFor(page, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ startLineNumber: 3, message: expect.stringMatching(/^Argument of type 'string' is not assignable to parameter of type 'Uint8Array/) });
  });
});

test('cold load of the full editor: time and bytes from scrolling to the exercise until the editor and its TypeScript are ready', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/lessons/masking/');
  await page.waitForLoadState('networkidle');
  const fetched: { url: string; bytes: number }[] = [];
  let typescriptAt = 0;
  page.on('requestfinished', async (request) => {
    if (/ts\.worker/.test(request.url())) typescriptAt = Date.now();
    // Bytes on the wire; a worker's own requests may not report sizes, so their Content-Length (or body) stands in.
    const sizes = await request.sizes().catch(() => undefined);
    let bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
    if (!bytes) {
      const response = await request.response().catch(() => null);
      bytes = Number(response?.headers()['content-length'] ?? 0) || (await response?.body().catch(() => undefined))?.length || 0;
    }
    fetched.push({ url: request.url(), bytes });
  });
  const start = Date.now();
  await page.getByTestId('exercise').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('monaco-host').locator('.monaco-editor .view-lines')).toContainText('applyMask', { timeout: 60_000 });
  const editorMs = Date.now() - start;
  await expect.poll(() => typescriptAt, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  const total = fetched.reduce((sum, f) => sum + f.bytes, 0);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`cold editor load on /lessons/masking/: editor shown after ${editorMs} ms, TypeScript worker loaded after ${typescriptAt - start} ms; ${fetched.length} responses, ${mb(total)} transferred`);
  for (const f of fetched.sort((a, b) => b.bytes - a.bytes).slice(0, 8)) console.log(`  ${mb(f.bytes).padStart(9)}  ${new URL(f.url).pathname}`);
  const workers = fetched.filter((f) => /ts\.worker/.test(f.url));
  console.log(`  TypeScript worker files fetched: ${workers.length}`);
  expect(workers).toHaveLength(1);
});
