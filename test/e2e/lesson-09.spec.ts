/**
 * Lesson 9 in the browser: the idle proxy cuts the quiet run and the heartbeat run
 * survives, the exercise fails with the starter and passes with the solution in the
 * page's runner, the quiz accepts its marked answers, and the page fits a narrow screen.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/heartbeats/';
const FOLDER = 'lessons/03-lifecycle/09-heartbeats';
const labRun = (page: Page, name: string) => ranLabRun(page, `03-lifecycle/09-heartbeats/lab/${name}`);


test('lesson 9: the page loads with its title and both lab runs', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ping, pong and heartbeats');
  await expect(page.locator('[data-lab-run]')).toHaveCount(2);
});

test('lesson 9: the quiet connection is cut by the idle proxy at 60 s and the page sees 1006', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'idle-proxy');
  const rows = lab.getByRole('option');
  const cut = rows.filter({ hasText: 'The proxy saw no traffic for 60000 ms' });
  await expect(cut).toHaveCount(1);
  await expect(cut.locator('.cell--time')).toContainText('60.000 s');
  await expect(rows.filter({ hasText: 'an update is ready, but the connection is gone' })).toHaveCount(1);
  await expect(lab.locator('.connection').first()).toContainText('close 1006, not clean');
  // Not one ping or pong crossed the wire.
  await expect(lab.getByRole('button', { name: 'Control frames 0' })).toBeVisible();
});

test('lesson 9: with a ping every 20 s the same connection survives and the update arrives', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'heartbeat');
  const rows = lab.getByRole('option');
  await expect(lab.locator('.connection').first()).toContainText('close 1000');
  await lab.getByRole('button', { name: /Control frames/ }).click();
  await expect(rows.filter({ hasText: /Ping “beat \d”/ })).toHaveCount(4);
  await expect(rows.filter({ hasText: /Pong “beat \d”/ })).toHaveCount(4);
  await expect(rows.filter({ hasText: 'Pong “beat 3”' }).locator('.cell--time')).toContainText('60.000 s');
  await lab.getByRole('button', { name: /Handshakes and events/ }).click();
  await expect(rows.filter({ hasText: 'The proxy saw no traffic' })).toHaveCount(0);
  await expect(rows.filter({ hasText: '90 s: sent the update' })).toHaveCount(1);
});

test('lesson 9: the starter fails and the solution passes in the page’s runner', async ({ page }) => {
  const exercise = await openPlainExercise(page, PATH);
  const editor = exerciseEditor(page);
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').first()).toContainText('no time at all');
  await editor.fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(6);
});

test('lesson 9: the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('lesson 9: the page has no horizontal scroll', async ({ page }) => {
    await page.goto(PATH);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
  });
});
