/**
 * Lesson 8 in the browser: the frame builder names the byte where a receiver fails a broken
 * text payload; the broken-byte run fails the connection at the fragment that carries FF and
 * delivers the whole text when nothing is broken; the formats run shows 59, 48 and 17 bytes,
 * a Blob by default and an ArrayBuffer after switching; the exercise passes with its solution
 * and fails with its starter in the page's runner; the quiz accepts its right answers; and the
 * page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const URL = '/lessons/text-and-binary/';
const FOLDER = 'lessons/02-frames/08-text-and-binary';
const labRun = (page: Page, name: string) => ranLabRun(page, `02-frames/08-text-and-binary/lab/${name}`);
const SOLUTION = readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8');

const rows = (lab: Locator) => lab.getByRole('listbox').getByRole('option');

test('the page loads with its heading, and the frame builder names the byte a receiver fails', async ({ page }) => {
  await page.goto(URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Text and binary');
  const builder = page.getByTestId('frame-builder').first();
  await builder.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="FrameBuilder"]').first()).not.toHaveAttribute('ssr', /.*/);
  await expect(builder.getByTestId('frame-verdict')).toContainText('A valid frame from a server');
  await expect(builder.getByLabel(/^Payload \(23 bytes\)/)).toHaveValue('Zürich → 東京 🚄');
  // Break the middle byte of 東 in the raw hex, as the lesson asks.
  const raw = builder.getByLabel(/The frame's bytes/);
  await raw.fill((await raw.inputValue()).replace('e6 9d b1', 'e6 9d ff'));
  await expect(builder.getByTestId('frame-verdict')).toContainText('close code 1007');
  await expect(builder.getByTestId('utf8-failure')).toContainText('payload byte 14 (ff), frame byte 16');
});

test('the broken-byte run fails at the fourth fragment; with no byte broken the page gets the whole text', async ({ page }) => {
  await page.goto(URL);
  const lab = await labRun(page, 'broken-byte');
  await expect(rows(lab).filter({ hasText: /Close 1007/ })).toHaveCount(2); // the page's, and the server's answer
  await expect(rows(lab).filter({ hasText: 'fragments 5–6 are never sent' })).toHaveCount(1);
  await expect(rows(lab).filter({ hasText: 'one message event' })).toHaveCount(0);
  await expect(lab.locator('.connection').first()).toContainText('close 1006, not clean');

  const details = lab.locator('details');
  if (!(await details.first().evaluate((d) => (d as HTMLDetailsElement).open))) await lab.getByText('Faults, seed').click();
  await lab.getByLabel(/Payload byte to replace with FF/).fill('23');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(rows(lab).filter({ hasText: 'one message event: “Zürich → 東京 🚄”' })).toHaveCount(1, { timeout: 15_000 });
  await expect(rows(lab).filter({ hasText: /Close 1007/ })).toHaveCount(0);
  await expect(lab.locator('.connection').first()).toContainText('close 1000, clean');
});

test('the formats run: JSON 59 bytes, MessagePack 48, hand-packed 17; a Blob first, an ArrayBuffer after switching', async ({ page }) => {
  await page.goto(URL);
  const lab = await labRun(page, 'three-formats');
  await expect(rows(lab).filter({ hasText: 'message 1: event.data is a string, 59 bytes of UTF-8' })).toHaveCount(1);
  await expect(rows(lab).filter({ hasText: 'message 2: event.data is a Blob, 48 bytes' })).toHaveCount(1);
  await expect(rows(lab).filter({ hasText: 'message 3: event.data is a Blob, 17 bytes' })).toHaveCount(1);
  // The list draws the rows in view: scroll it to the end for the last ones.
  await lab.getByRole('listbox').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rows(lab).filter({ hasText: 'message 4: event.data is an ArrayBuffer, 17 bytes' })).toHaveCount(1);
  await expect(rows(lab).filter({ hasText: 'player 42, x 310.5, y -12.25, seq 1087' })).toHaveCount(1);
});

test('the exercise fails with the starter and passes with the solution in the page', async ({ page }) => {
  const exercise = await openPlainExercise(page, URL);
  const editor = exerciseEditor(page);
  await expect(editor).toHaveValue(/createUtf8Validator/);
  await runChecks(exercise, 'fail');
  await editor.fill(SOLUTION);
  await editor.press('Control+Enter');
  await expect(page.getByTestId('exercise-banner')).toContainText('All checks pass', { timeout: 10_000 });
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(13);
});

test('the quiz accepts the answers marked right', async ({ page }) => {
  await page.goto(URL);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test('the page has no horizontal scroll', async ({ page }) => {
    await page.goto(URL);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
  });
});
