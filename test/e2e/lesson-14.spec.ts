/**
 * Lesson 14 (Connection managers and rooms) in the browser: the page and its code in four
 * frameworks, the quiz answered from its frontmatter, the exercise failing on its starter and
 * on a common wrong answer and passing on its solution in the page's runner, the lab run
 * showing what the prose says, and the page at 360 px, light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, expectNothingOverflows, openPlainExercise, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/rooms/';
const FOLDER = 'lessons/04-servers/14-rooms';
const SCENARIO = '04-servers/14-rooms/lab/three-clients';

const editor = exerciseEditor;

const openExercise = (page: Page) => openPlainExercise(page, PATH);


test('lesson 14: the page shows its sections and the code in four frameworks', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connection managers and rooms');
  for (const heading of ['What the manager keeps', 'Broadcast over a snapshot', 'One dead client must not break the broadcast', 'One slow client must not stall it', 'Three clients in two rooms']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const tabs = page.locator('[data-code-tabs]').first();
  await tabs.getByRole('tab', { name: 'Flask-SocketIO' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('join_room(f"user:{user}")');
  await tabs.getByRole('tab', { name: 'Django Channels' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('group_discard');
  await expect(page.locator('.callout--mistake')).toHaveCount(5);
});

test('lesson 14: the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test('lesson 14: the exercise fails on its starter and on a dict keyed by user id, and passes on its solution', async ({ page }) => {
  const exercise = await openExercise(page);
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').first()).toContainText('a message reaches everyone in its room');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(0);

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/wrong-dict-by-user.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  const twoTabs = exercise.locator('.check').filter({ hasText: 'a user with two tabs gets every message in both' });
  await expect(twoTabs).toHaveAttribute('data-status', 'fail');
  await expect(exercise.locator('.check[data-status="fail"]')).toHaveCount(1);

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(8);
});

test('lesson 14: the lab run keeps rooms apart, reaches both of carol’s tabs, and cleans up after bob’s dropped connection', async ({ page }) => {
  await page.goto(PATH);
  const lab = page.locator(`[data-lab-run="${SCENARIO}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await expect(lab.getByRole('status')).toContainText('latency 20 ms, drop after 600 bytes client→server');
  const connections = lab.locator('.connection');
  await expect(connections).toHaveCount(4);
  await expect(connections.nth(1)).toContainText('close 1006, not clean');
  for (const i of [0, 2, 3]) await expect(connections.nth(i)).toContainText('close 1000');

  const rows = await timelineTexts(lab);
  const row = (...parts: string[]) => rows.filter((text) => parts.every((part) => text.includes(part)));
  // Rooms: alice's message arrives on #1 and #2 together, never on carol's #random tab (#3).
  expect(row('140 ms', 'message “[general] alice: hi, who is here?”').map((text) => text.match(/#\d/)?.[0])).toEqual(['#1', '#2']);
  expect(row('#3', '[general]')).toEqual([]);
  // Two tabs: the private message reaches #3 and #4 at 640 ms.
  expect(row('640 ms', 'message “[private] alice: lunch at noon?”').map((text) => text.match(/#\d/)?.[0])).toEqual(['#3', '#4']);
  // A dead client: the drop, the server's cleanup, and the room going on.
  expect(row('820 ms', '#2', 'Bytes after 600 were lost and the connection dropped')).toHaveLength(1);
  expect(row('bob\'s connection closed with 1006: removed (0 tabs left)')).toHaveLength(1);
  expect(row('message “* bob left #general”').map((text) => text.match(/#\d/)?.[0])).toEqual(['#1', '#4']);
  expect(row('1.240 s', 'message “[general] alice: bob, are you still there?”').map((text) => text.match(/#\d/)?.[0])).toEqual(['#1', '#4']);
  // Leaving is not closing.
  expect(row('1.340 s', '#3', 'message “* you left #random”')).toHaveLength(1);
});

test('lesson 14: without the drop, bob’s long message reaches #general and he leaves with 1000', async ({ page }) => {
  await page.goto(PATH);
  const lab = page.locator(`[data-lab-run="${SCENARIO}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await lab.getByText('Faults, seed').click();
  await lab.getByLabel('Drop the connection').uncheck();
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.getByRole('status')).not.toContainText('drop after');
  await expect(lab.locator('.connection').nth(1)).toContainText('close 1000, clean');
  const rows = await timelineTexts(lab);
  expect(rows.filter((text) => text.includes('message “[general] bob: so here is')).map((text) => text.match(/#\d/)?.[0])).toEqual(['#1', '#2', '#4']);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`lesson 14: the page fits a 360 px screen (${colorScheme}), with screenshots at 360 and 1280 px`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(PATH);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
    const lab = page.locator(`[data-lab-run="${SCENARIO}"]`);
    await lab.scrollIntoViewIfNeeded();
    await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
    await expectNothingOverflows(page);
    // Screenshots to look at (viewport-sized: a full page of this length takes too long to capture).
    const shoot = async (name: string, target?: Locator) => {
      if (target) await target.scrollIntoViewIfNeeded();
      else await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`) });
    };
    await shoot('top-360');
    await shoot('lab-360', lab);
    await shoot('table-360', page.locator('table').nth(1));
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot('top-1280');
    await shoot('tabs-1280', page.locator('[data-code-tabs]').first());
    await shoot('lab-1280', lab);
    await shoot('exercise-1280', page.getByTestId('exercise'));
  });
}
