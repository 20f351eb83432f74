/** An exercise in the browser: checks in a worker, banners, timeout, saved code, hints, solve and undo. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor as editor, openPlainExercise, runChecks } from './page-helpers.ts';

const SOLUTION = readFileSync('lessons/02-frames/05-payload-length/exercise/solution.ts', 'utf8');

/** Opens the exercise; these tests type into the plain editor (the full one has its own test). */
async function openExercise(page: Page, plain = true) {
  if (plain) return openPlainExercise(page, '/lessons/payload-length/');
  await page.goto('/lessons/payload-length/');
  const exercise = page.getByTestId('exercise');
  await exercise.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
  return exercise;
}

test('the full editor loads in the page, type-checks against the lab’s API, and its code is what runs', async ({ page }) => {
  const exercise = await openExercise(page, false);
  const monaco = page.getByTestId('monaco-host').locator('.monaco-editor');
  await expect(monaco).toBeVisible({ timeout: 15_000 });
  await expect(editor(page)).toBeHidden();
  // Replace the code by typing, as a learner would.
  await monaco.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type("import { computeAcceptKey } from 'websocket-lab';\nexport const k: number = computeAcceptKey(42);\n");
  // The TypeScript worker knows lib's types: a number where a key string belongs is underlined…
  await expect(monaco.locator('.squiggly-error')).not.toHaveCount(0, { timeout: 20_000 });
  // …and the same import used rightly is not (so 'websocket-lab' itself resolves).
  await page.keyboard.press('Control+A');
  await page.keyboard.type("import { computeAcceptKey } from 'websocket-lab';\nexport const k: string = computeAcceptKey('dGhlIHNhbXBsZSBub25jZQ==');\n");
  await expect(monaco.locator('.squiggly-error')).toHaveCount(0, { timeout: 20_000 });
  await runChecks(exercise, 'fail');
  // Switching to the plain editor keeps the code.
  await exercise.getByRole('button', { name: 'Plain text editor' }).click();
  await expect(editor(page)).toHaveValue(/computeAcceptKey\('dGhl/);
});

test('the starter fails checks; the solution passes them all and the exercise counts as done', async ({ page }) => {
  const exercise = await openExercise(page);
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').first()).toContainText('expected');
  await expect(exercise.locator('.check').first()).toContainText('✓ pass'); // 81 05 already works
  await expect(exercise.locator('.check').filter({ hasText: '(hidden check)' })).toHaveCount(2);

  await editor(page).fill(SOLUTION);
  await editor(page).press('Control+Enter');
  await expect(page.getByTestId('exercise-banner')).toContainText('All checks pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(8);
  await expect(page.locator('.lesson-status--panel [data-progress-lines]')).toContainText('Exercise: every check passes.');
});

test('a pass with Solve counts as solved with help, on the page and the course map, until passed on one’s own', async ({ page }) => {
  test.slow(); // four runs of the checks and three page loads
  const exercise = await openExercise(page);
  await exercise.getByRole('button', { name: 'Solve…' }).click();
  await exercise.getByRole('button', { name: 'Use the solution' }).click();
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByTestId('exercise-banner')).toContainText('All checks pass — solved with help');
  const lines = page.locator('.lesson-status--panel [data-progress-lines]');
  await expect(lines).toContainText('Exercise: solved with help');
  await expect(lines).not.toContainText('every check passes');
  // A reload keeps it so: the saved code is still the solution's.
  await page.reload();
  await openExercise(page);
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByTestId('exercise-banner')).toContainText('solved with help');
  await page.goto('/progress/');
  const badge = page.locator('.lesson-status--badge[data-progress-lesson="payload-length"]');
  await expect(badge).toHaveAttribute('data-state', /in-progress|solved-with-help/);
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('websocket-lab:progress:v1')))!).lessons['payload-length'].exercise).toMatchObject({ passed: false, solvedWithHelp: true });

  // Passed later on one's own: back to the starter, then the learner's code.
  await openExercise(page);
  await exercise.getByRole('button', { name: 'Reset to the starter' }).click();
  await editor(page).fill(SOLUTION.replace('export function', '// written by me\nexport function'));
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByTestId('exercise-banner')).toHaveText(/All checks pass\s*8 of 8 checks pass\. The exercise is done\./);
  await expect(lines).toContainText('Exercise: every check passes.');
});

test('with the quiz passed, an exercise solved with help shows on the course map in words', async ({ page }) => {
  await page.goto('/progress/');
  const at = '2026-01-01T00:00:00.000Z';
  await page.evaluate((value) => localStorage.setItem('websocket-lab:progress:v1', value), JSON.stringify({
    version: 1,
    lessons: { 'payload-length': { quiz: { answers: {}, correct: [], total: 1, passed: true, updatedAt: at }, exercise: { passed: false, solvedWithHelp: true, updatedAt: at } } },
  }));
  await page.goto('/lessons/');
  const badge = page.locator('.lesson-status--badge[data-progress-lesson="payload-length"]');
  await expect(badge).toHaveAttribute('data-state', 'solved-with-help');
  await expect(badge).toHaveText('Solved with help');
  await expect(badge).toBeVisible();
});

test('an endless loop is stopped at the run\'s time limit and reported, the page stays responsive, and the next run works', async ({ page }) => {
  const exercise = await openExercise(page);
  await editor(page).fill('export function encodeHeader(): Uint8Array {\n  for (;;) {}\n}\nwhile (true) {}\n');
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  // The page answers while the worker spins: a hint opens.
  await exercise.getByRole('button', { name: /Show a hint/ }).click();
  await expect(exercise.locator('.hints li')).toHaveCount(1);
  // A guard, not a measure: the 5 s limit starts once the worker is ready, and a loaded machine is slow to start one.
  await expect(page.getByTestId('exercise-banner')).toContainText('Timed out', { timeout: 40_000 });
  await editor(page).fill(SOLUTION);
  await runChecks(exercise, 'pass');
});

test('code that throws shows the message and its line; the worker has no storage and no DOM', async ({ page }) => {
  const exercise = await openExercise(page);
  await editor(page).fill("console.log(typeof localStorage, typeof document, typeof indexedDB, typeof fetch);\n\nthrow new TypeError('broken on three');\n");
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByTestId('exercise-banner')).toContainText('Your code threw');
  await expect(page.getByTestId('exercise-banner')).toContainText('TypeError: broken on three (line 3)');
  await expect(exercise.locator('.console')).toContainText('undefined undefined undefined undefined');
});

test('code is saved and restored after a reload; Solve then Undo gives the learner’s code back', async ({ page }) => {
  await openExercise(page);
  const mine = '// my attempt\nexport function encodeHeader(n: number, op: number): Uint8Array {\n  return Uint8Array.of(0x80 | op, n);\n}\n';
  await editor(page).fill(mine);
  await page.reload();
  const exercise = await openExercise(page);
  await expect(editor(page)).toHaveValue(mine);

  await exercise.getByRole('button', { name: 'Show a hint (1 of 3)' }).click();
  await expect(exercise.locator('.hints li')).toHaveCount(1);
  await exercise.getByRole('button', { name: 'Another hint (2 of 3)' }).click();
  await expect(exercise.locator('.hints li')).toHaveCount(2);

  await exercise.getByRole('button', { name: 'Solve…' }).click();
  await expect(page.getByTestId('solution-diff').locator('pre .removed')).toContainText('// my attempt');
  await exercise.getByRole('button', { name: 'Use the solution' }).click();
  await expect(editor(page)).toHaveValue(SOLUTION);
  await exercise.getByRole('button', { name: 'Undo solve' }).click();
  await expect(editor(page)).toHaveValue(mine);
  await exercise.getByRole('button', { name: 'Reset to the starter' }).click();
  await expect(editor(page)).toHaveValue(/Your code\. This only handles the short form/);
  await exercise.getByRole('button', { name: 'Undo reset' }).click();
  await expect(editor(page)).toHaveValue(mine);
});

test('saved code past the cap is not loaded: the page says so, the code can be downloaded whole, then discarded', async ({ page }) => {
  await openExercise(page);
  await editor(page).fill('// mine\n');
  // 4.4 MB saved before there was a cap, under the key the exercise just wrote.
  const key = await page.evaluate(() => {
    const found = Object.keys(localStorage).find((k) => k.startsWith('websocket-lab:code:'))!;
    localStorage.setItem(found, '// huge\n' + 'x'.repeat(4_400_000));
    return found;
  });
  await page.reload();
  const exercise = await openExercise(page);
  const notice = page.getByTestId('saved-too-long');
  await expect(notice).toContainText('4,400,008 characters');
  await expect(editor(page)).toHaveValue(/Your code\. This only handles the short form/);
  // Typing before either is not saved over it, and the notice says so.
  await editor(page).fill('// typed before deciding\n');
  await expect(notice).toContainText('what you type here is not saved, so it cannot overwrite that code');
  expect(await page.evaluate((k) => localStorage.getItem(k)?.length, key)).toBe(4_400_008);
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download it' }).click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8').length).toBe(4_400_008);
  await notice.getByRole('button', { name: 'Discard it' }).click();
  await expect(notice).toBeHidden();
  // What was typed meanwhile is saved once the old code is gone.
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe('// typed before deciding\n');
  // Code past the cap typed now is not saved, and the learner is told.
  await editor(page).fill('x'.repeat(100_001));
  await expect(exercise.getByRole('status').filter({ hasText: 'not saving it' })).toBeVisible();
});

test('lesson 11: a browser client runs against the lab’s echo endpoint, checked through the wire log', async ({ page }) => {
  const exercise = await openPlainExercise(page, '/lessons/browser-api/');
  await exercise.getByRole('button', { name: 'Run the checks' }).click();
  // The starter sends before the socket is open.
  await expect(exercise.locator('.check').first()).toContainText('InvalidStateError');
  await editor(page).fill(readFileSync('lessons/03-lifecycle/11-browser-api/exercise/solution.ts', 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check').nth(1)).toContainText('the server received a Close frame with code 1000');
});

test('lesson 6: the applyMask exercise and the frame builder on the page', async ({ page }) => {
  await page.goto('/lessons/masking/');
  await expect(page.getByLabel(/The frame's bytes/)).toHaveValue('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  const exercise = page.getByTestId('exercise');
  await exercise.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
  await exercise.getByRole('button', { name: 'Plain text editor' }).click();
  await runChecks(exercise, 'fail');
  await editor(page).fill(readFileSync('lessons/02-frames/06-masking/exercise/solution.ts', 'utf8'));
  await runChecks(exercise, 'pass');
});

for (const { lesson, path, folder } of [
  { lesson: 2, path: '/lessons/opening-handshake/', folder: 'lessons/01-foundations/02-opening-handshake' },
  { lesson: 7, path: '/lessons/fragmentation/', folder: 'lessons/02-frames/07-fragmentation' },
]) {
  test(`lesson ${lesson}: the starter fails and the solution passes in the page's runner`, async ({ page }) => {
    await page.goto(path);
    const exercise = page.getByTestId('exercise');
    await exercise.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
    await exercise.getByRole('button', { name: 'Plain text editor' }).click();
    await runChecks(exercise, 'fail');
    await editor(page).fill(readFileSync(`${folder}/exercise/solution.ts`, 'utf8'));
    await runChecks(exercise, 'pass');
  });
}
