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
    const entry = { url: request.url(), bytes: 0 };
    fetched.push(entry);
    // Bytes on the wire. A worker's own requests may never report sizes: their Content-Length stands in.
    const sizes = await Promise.race([request.sizes().catch(() => undefined), new Promise<undefined>((r) => setTimeout(r, 2000))]);
    entry.bytes = sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0;
    if (!entry.bytes) {
      const response = await request.response().catch(() => null);
      entry.bytes = Number(response?.headers()['content-length'] ?? 0);
    }
  });
  const start = Date.now();
  await page.getByTestId('exercise').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('monaco-host').locator('.monaco-editor .view-lines')).toContainText('applyMask', { timeout: 60_000 });
  const editorMs = Date.now() - start;
  await expect.poll(() => typescriptAt, { timeout: 60_000 }).toBeGreaterThan(0);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(2500); // the last sizes come in
  const total = fetched.reduce((sum, f) => sum + f.bytes, 0);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`cold editor load on /lessons/masking/: editor shown after ${editorMs} ms, TypeScript worker loaded after ${typescriptAt - start} ms; ${fetched.length} responses, ${mb(total)} transferred`);
  for (const f of fetched.sort((a, b) => b.bytes - a.bytes).slice(0, 8)) console.log(`  ${mb(f.bytes).padStart(9)}  ${new URL(f.url).pathname}`);
  const workers = fetched.filter((f) => /ts\.worker/.test(f.url));
  console.log(`  TypeScript worker files fetched: ${workers.length}`);
  expect(workers).toHaveLength(1);
});

/** Runs the code in the plain editor and returns the exercise panel. */
async function runPlain(page: Page, path: string, code?: string) {
  await page.goto(path);
  const exercise = page.getByTestId('exercise');
  await exercise.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
  // Wide screens open the full editor as the exercise comes into view; these tests type into the plain one.
  if ((page.viewportSize()?.width ?? 1280) >= 640) {
    const plain = exercise.getByRole('button', { name: 'Plain text editor' });
    await expect(plain).toBeVisible({ timeout: 30_000 });
    await plain.click();
  }
  if (code !== undefined) await page.getByRole('textbox', { name: /Your code/ }).fill(code);
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByTestId('exercise-banner')).toBeVisible();
  return exercise;
}

// Each run below waits for the full editor to load first (15–30 s on a shared machine).
test.describe.configure({ timeout: 180_000 });

test('the check’s code is shown as written in checks.ts, with the helpers it uses, highlighted like code blocks', async ({ page }) => {
  const exercise = await runPlain(page, '/lessons/payload-length/');
  const check = exercise.locator('.check').filter({ hasText: '126 needs the 16-bit form' });
  await check.getByText("The check's code").click();
  const code = check.locator('.check-code pre.astro-code');
  await expect(code).toContainText("const hex = (bytes: Uint8Array) =>");
  await expect(code).toContainText("expect(hex(module.encodeHeader(126, 0x2))).toBe('82 7e 00 7e');");
  await expect(code).not.toContainText('__vite');
  // Shiki's tokens, coloured by the theme variables the lessons' code blocks use.
  expect(await code.locator('span[style*="--shiki-light"]').count()).toBeGreaterThan(5);
  // Hidden checks show no code.
  await expect(exercise.locator('.check').filter({ hasText: '(hidden check)' }).locator('.check-code')).toHaveCount(0);
});

test('failures say what was expected and what came, once, with nothing garbled or meant for the check’s author', async ({ page }) => {
  const exercise = await runPlain(page, '/lessons/opening-handshake/');
  const checks = exercise.locator('.check');
  await expect(checks.nth(0).locator('.check__message')).toHaveText('expected "" to be "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="');
  await expect(checks.nth(2).locator('.check__message')).toHaveText('expected "" to match /^[A-Za-z0-9+/]{27}=$/');
  await expect(checks.nth(2).getByTestId('check-values')).toHaveCount(0);
  await expect(exercise.locator('.checks')).not.toContainText('Object.is');
  await expect(exercise.locator('.checks')).not.toContainText('{}');

  const masking = await runPlain(page, '/lessons/masking/');
  const values = masking.locator('.check').first().getByTestId('check-values');
  await expect(values).toContainText('ExpectedUint8Array [0x7f, 0x9f, 0x4d, 0x51, 0x58]');
  await expect(values).toContainText('ReceivedUint8Array [0x48, 0x65, 0x6c, 0x6c, 0x6f]');
  await expect(masking.locator('.check').first().locator('.check__message')).toHaveText('expected the received value to deeply equal the expected value');
});

test('a missing export is named, not a minified variable', async ({ page }) => {
  const exercise = await runPlain(page, '/lessons/masking/', 'export const somethingElse = 1;\n');
  await expect(exercise.locator('.check').first()).toContainText('Your code does not export applyMask.');
  const notAFunction = await runPlain(page, '/lessons/masking/', 'export const applyMask = 5;\n');
  await expect(notAFunction.locator('.check').first()).toContainText('Your code exports applyMask, but the check calls it and it is a number, not a function.');
});

test('an import of a module the exercise cannot use is refused, even when unused', async ({ page }) => {
  await runPlain(page, '/lessons/masking/', "import fs from 'fs';\nexport function applyMask(data: Uint8Array, key: Uint8Array, offset = 0): void {\n  for (let i = 0; i < data.length; i++) data[i]! ^= key[(i + offset) % 4]!;\n}\n");
  await expect(page.getByTestId('exercise-banner')).toContainText('Your code threw');
  await expect(page.getByTestId('exercise-banner')).toContainText('ImportError: Cannot import "fs" (line 1): the exercise can import only "websocket-lab", "websocket-lab/lab" and "websocket-lab/helpers".');
  await expect(page.getByTestId('exercise-banner')).not.toContainText('helpers". (line');
});

/** WCAG 2 contrast of two CSS colours as the browser computes them (rgb()/rgba()). */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css.match(/[\d.]+/g)!.slice(0, 3).map(Number).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the editor wraps long lines and its line numbers reach 4.5:1`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openEditor(page, '/lessons/masking/');
    const host = page.getByTestId('monaco-host');
    const wrap = await host.evaluate((el) => {
      const { monaco } = (el as unknown as { labEditor: { monaco: { editor: { getEditors(): { getOption(id: number): unknown }[]; EditorOption: Record<string, number> } } } }).labEditor;
      return monaco.editor.getEditors()[0]!.getOption(monaco.editor.EditorOption.wordWrap!);
    });
    expect(wrap).toBe('on');
    const colours = await host.evaluate((el) => {
      const number = el.querySelector('.line-numbers:not(.active-line-number)') ?? el.querySelector('.line-numbers');
      const background = el.querySelector('.monaco-editor-background') ?? el.querySelector('.monaco-editor');
      return { fg: getComputedStyle(number!).color, bg: getComputedStyle(background!).backgroundColor };
    });
    const ratio = contrast(colours.fg, colours.bg);
    console.log(`${scheme}: line numbers ${colours.fg} on ${colours.bg}: ${ratio.toFixed(2)}:1`);
    expect(ratio).toBeGreaterThanOrEqual(4.5);
  });
}

test('screenshots of a failing check at 1280 and 360 px, light and dark', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  for (const width of [1280, 360]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      const exercise = await runPlain(page, '/lessons/masking/');
      const failing = exercise.locator('.check[data-status="fail"]').first();
      await failing.getByText("The check's code").click();
      await failing.scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`failing-check-${width}-${scheme}.png`) });
      // Nothing scrolls the page sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
  }
});
