/**
 * Lesson 20 (Django Channels) in the browser: each lab run shows what the prose says it shows,
 * the exercise fails on its starter and on a common wrong answer and passes on its solution
 * in the page's runner, the quiz accepts the answers its author marked right, and the page
 * fits a 360 px screen, light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PAGE = '/lessons/django-channels/';
const FOLDER = 'lessons/05-practice/20-django-channels';
const LAB = '05-practice/20-django-channels/lab';
const ranLab = (page: Page, scenario: string) => ranLabRun(page, `${LAB}/${scenario}`);

const count = (rows: string[], text: string) => rows.filter((row) => row.includes(text)).length;

test('the page loads with its three lab runs, its code tabs and the exercise', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Django Channels');
  for (const scenario of ['refuse-in-connect', 'group-send-broker', 'in-memory-two-processes']) {
    await expect(page.locator(`[data-lab-run="${LAB}/${scenario}"]`)).toHaveCount(1);
  }
  const room = page.locator('[data-code-tabs]').filter({ hasText: 'chat-node.ts' });
  await room.getByRole('tab', { name: 'TypeScript (consumer style)' }).click();
  await expect(room.getByRole('tabpanel')).toContainText("type: 'chat.message'");
  await room.getByRole('tab', { name: 'Django Channels' }).click();
  await expect(room.getByRole('tabpanel')).toContainText('async def chat_message(self, event):');
  await expect(page.locator('.callout--mistake')).toHaveCount(3);
  await expect(page.locator('#exercise')).toBeVisible();
});

test('refusing in connect(): alice is accepted, the visitor gets 403 and sees only error and 1006', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'refuse-in-connect');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'HTTP/1.1 101 Switching Protocols')).toBe(1);
  expect(count(rows, 'HTTP/1.1 403 Forbidden')).toBe(1);
  expect(count(rows, 'message “alice: hi, anyone?”')).toBe(1);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(1);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(1);
});

test('group_send through a broker: one subscription per node, one publish per message delivered to both nodes, and everyone hears everyone', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'group-send-broker');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'Node a subscribed to asgi__group__chat_general')).toBe(1);
  expect(count(rows, 'Node b subscribed to asgi__group__chat_general')).toBe(1);
  expect(count(rows, 'the broker counts 2 subscribers (a, b)')).toBe(3);
  expect(count(rows, 'Delivered to node a')).toBe(3);
  expect(count(rows, 'Delivered to node b')).toBe(3);
  // Each message reaches alice, bob and carol: three page events each.
  expect(count(rows, 'message “alice: hello from node a”')).toBe(3);
  expect(count(rows, 'message “bob: bob here, on node b”')).toBe(3);
  expect(count(rows, 'message “alice: does node b hear this?”')).toBe(3);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(3);
});

test('an in-memory layer per process: carol hears alice, bob hears only himself, and no broker row appears', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'in-memory-two-processes');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'message “alice: hello from node a”')).toBe(2); // alice and carol
  expect(count(rows, 'message “bob: bob here, on node b”')).toBe(1); // bob alone
  expect(count(rows, 'subscribed to')).toBe(0);
  expect(count(rows, 'Delivered to node')).toBe(0);
});

test('the exercise fails on the starter and on accepting before checking, and passes on the solution', async ({ page }) => {
  const exercise = await openPlainExercise(page, PAGE);
  const editor = exerciseEditor(page);
  await expect(editor).toHaveValue(readFileSync(`${FOLDER}/exercise/starter.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').first()).toContainText('bob waited 5.000 s for a message');
  await expect(exercise.locator('.check').filter({ hasText: '(hidden check)' })).toHaveCount(2);

  await editor.fill(readFileSync(`${FOLDER}/exercise/wrong-accept-then-close.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]')).toHaveCount(1);
  await expect(exercise.locator('.check[data-status="fail"]')).toContainText('HTTP/1.1 101 Switching Protocols');

  await editor.fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(5);
});

test('the quiz', async ({ page }) => {
  await page.goto(PAGE);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the page and its lab runs fit a 360 px screen (${colorScheme}), with screenshots at 360 and 1280 px`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(PAGE);
    await ranLab(page, 'group-send-broker');
    await ranLab(page, 'refuse-in-connect');
    await expectNoHorizontalScroll(page);
    const shoot = async (name: string, target?: Locator) => {
      if (target) await target.scrollIntoViewIfNeeded();
      else await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`) });
    };
    await shoot('top-360');
    await shoot('table-360', page.locator('table').first());
    await shoot('lab-360', page.locator(`[data-lab-run="${LAB}/group-send-broker"]`));
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot('top-1280');
    await shoot('tabs-1280', page.locator('[data-code-tabs]').filter({ hasText: 'chat-node.ts' }));
    await shoot('lab-1280', page.locator(`[data-lab-run="${LAB}/group-send-broker"]`));
    await shoot('exercise-1280', page.getByTestId('exercise'));
  });
}
