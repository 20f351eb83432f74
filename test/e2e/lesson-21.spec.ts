/**
 * Lesson 21 (Testing WebSocket code) in the browser: the page and its tests in four
 * frameworks, the quiz answered from its frontmatter, the exercise — the learner's tests run
 * against a correct chat server and against broken ones — failing on its starter and on a
 * common wrong answer and passing on its solution in the page's runner, and the page at
 * 360 px, light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, expectNothingOverflows, openPlainExercise, runChecks } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/testing/';
const FOLDER = 'lessons/05-practice/21-testing';

const editor = exerciseEditor;

const openExercise = (page: Page) => openPlainExercise(page, PATH);

test('lesson 21: the page shows its sections and the tests in four frameworks', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Testing WebSocket code');
  for (const heading of ['Test clients', 'Asserting on messages', 'Asserting on close codes', 'Asserting that nothing arrives', 'Broadcast with several clients', 'Reconnect with a server that restarts', 'Fake clocks instead of sleeps']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const tabs = page.locator('[data-code-tabs]').first();
  await tabs.getByRole('tab', { name: 'FastAPI' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('assert closed.value.code == 1008');
  await tabs.getByRole('tab', { name: 'Django Channels' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('assert await alice.receive_nothing() is True');
  await tabs.getByRole('tab', { name: 'Flask-SocketIO' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('alice.get_received()');
  await expect(page.locator('.callout--mistake')).toHaveCount(3);
});

test('lesson 21: the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test('lesson 21: the starter passes a correct server and catches no broken one; a close checked without its code misses 1000; the solution catches them all', async ({ page }) => {
  const exercise = await openExercise(page);
  const check = (name: string) => exercise.locator('.check').filter({ hasText: name });
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check')).toHaveCount(6);
  await expect(check('your tests pass against a correct server')).toHaveAttribute('data-status', 'pass');
  await expect(exercise.locator('.check[data-status="fail"]')).toHaveCount(5);
  await expect(check('your tests catch a server that echoes to the sender twice')).toContainText('Every test passed against a server that sends each message to its sender twice');

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/wrong-close-without-code.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(check('your tests catch a server that closes with 1000 instead of 1008')).toHaveAttribute('data-status', 'fail');
  await expect(exercise.locator('.check[data-status="fail"]')).toHaveCount(1);

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(6);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`lesson 21: the page fits a 360 px screen (${colorScheme}), with screenshots at 360 and 1280 px`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(PATH);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
    await expectNothingOverflows(page);
    // Screenshots to look at (viewport-sized: a full page of this length takes too long to capture).
    const shoot = async (name: string, target?: Locator) => {
      if (target) await target.scrollIntoViewIfNeeded();
      else await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`) });
    };
    await shoot('top-360');
    await shoot('table-360', page.locator('table').first());
    await shoot('tabs-360', page.locator('[data-code-tabs]').first());
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot('top-1280');
    await shoot('table-1280', page.locator('table').first());
    await shoot('exercise-1280', page.getByTestId('exercise'));
  });
}
