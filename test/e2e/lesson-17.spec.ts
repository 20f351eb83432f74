/**
 * Lesson 17 (Real-time features) in the browser: the page and its code in four frameworks,
 * the quiz answered from its frontmatter, the exercise failing on its starter and on a dict
 * keyed by user and passing on its solution in the page's runner, both lab runs showing what
 * the prose says (with and without the mistake each can switch on), and the page at 360 px,
 * light and dark.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, expectNothingOverflows, openPlainExercise, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/realtime-features/';
const FOLDER = 'lessons/04-servers/17-realtime-features';
const PRESENCE = '04-servers/17-realtime-features/lab/tabs-unread-presence';
const FEED = '04-servers/17-realtime-features/lab/live-feed';
const ran = ranLabRun;

const editor = exerciseEditor;

const openExercise = (page: Page) => openPlainExercise(page, PATH);



test('lesson 17: the page shows its sections and the code in four frameworks', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Real-time features');
  for (const heading of ['Notify a user, not a connection', 'Unread items on connect', 'Presence: heartbeats and expiry', 'A live feed beside the receive loop']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  const tabs = page.locator('[data-code-tabs]').first();
  await tabs.getByRole('tab', { name: 'Flask-SocketIO' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('join_room(f"user:{user}")');
  await tabs.getByRole('tab', { name: 'Django Channels' }).click();
  await expect(tabs.getByRole('tabpanel')).toContainText('get_channel_layer().group_send');
  const feed = page.locator('[data-code-tabs]').nth(2);
  await expect(feed.getByRole('tabpanel')).toContainText('self.ticker.cancel()'); // the choice carries over to every group
  await feed.getByRole('tab', { name: 'FastAPI' }).click();
  await expect(feed.getByRole('tabpanel')).toContainText('ticker.cancel()');
  await expect(page.locator('.callout--mistake')).toHaveCount(6);
  expect(errors).toEqual([]);
});

test('lesson 17: the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test('lesson 17: the exercise fails on its starter and on a dict keyed by user, and passes on its solution', async ({ page }) => {
  const exercise = await openExercise(page);
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').first()).toContainText('every tab of a user gets the notification');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(0);

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/wrong-dict-by-user.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').filter({ hasText: 'every tab of a user gets the notification' })).toHaveAttribute('data-status', 'fail');
  await expect(exercise.locator('.check[data-status="fail"]')).toHaveCount(1);

  await editor(page).fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(8);
});

test('lesson 17: the hub run — unread items on connect, both of alice’s tabs, and presence ended by the expiry', async ({ page }) => {
  await page.goto(PATH);
  const lab = await ran(page, PRESENCE);
  const connections = lab.locator('.connection');
  await expect(connections).toHaveCount(3);
  await expect(connections.nth(1)).toContainText('close 4408');
  const rows = await timelineTexts(lab);
  const row = (...parts: string[]) => rows.filter((text) => parts.every((part) => text.includes(part)));
  expect(row('alice opened tab 2: already online, nothing announced')).toHaveLength(1);
  expect(row('bob is offline: notification 2 kept (2 unread)')).toHaveLength(1);
  expect(row('2 unread notifications delivered to bob, then forgotten')).toHaveLength(1);
  expect(row('#3', 'message “{"type":"notification","id":1,"text":"alice: can you review #12?"}”')).toHaveLength(1);
  expect(row('message “{"type":"notification","id":3,"text":"bob: thanks!"}”').map((text) => text.match(/#\d/)?.[0])).toEqual(['#1', '#2']);
  expect(row('alice\'s tab closed (1000): 1 tab left, still online')).toHaveLength(1);
  expect(row('40.320 s', 'alice\'s last tab sent nothing for 30 s: expired and closed with 4408: offline, announced')).toHaveLength(1);
  expect(row('#3', 'message “{"type":"presence","user":"alice","online":false}”')).toHaveLength(1);

  // With the expiry off, alice never goes offline.
  await lab.getByText('Faults, seed').click();
  await lab.getByLabel(/Expire a silent tab after/).fill('0');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await expect(lab.locator('.connection').nth(1)).not.toContainText('close 4408');
  const again = await timelineTexts(lab);
  expect(again.filter((text) => text.includes('"user":"alice","online":false'))).toEqual([]);
});

test('lesson 17: the feed run stops with the connection, and with the mistake goes on failing', async ({ page }) => {
  await page.goto(PATH);
  const lab = await ran(page, FEED);
  let rows = await timelineTexts(lab);
  expect(rows.filter((text) => text.includes('message “{"type":"tick"'))).toHaveLength(4);
  expect(rows.filter((text) => text.includes('feed stopped'))).toHaveLength(1);
  expect(rows.filter((text) => text.includes('not sent: the connection is closed'))).toEqual([]);

  await lab.getByText('Faults, seed').click();
  await lab.getByLabel(/Stop the feed in finally/).fill('0');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  rows = await timelineTexts(lab);
  expect(rows.filter((text) => text.includes('tick 5 not sent: the connection is closed, and the feed loop is still running'))).toHaveLength(1);
  expect(rows.filter((text) => text.includes('feed stopped'))).toEqual([]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`lesson 17: the page fits a 360 px screen (${colorScheme}), with screenshots at 360 and 1280 px`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(PATH);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
    const lab = await ran(page, PRESENCE);
    await expectNothingOverflows(page);
    const shoot = async (name: string, target?: Locator) => {
      if (target) await target.scrollIntoViewIfNeeded();
      else await page.evaluate(() => scrollTo(0, 0));
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`) });
    };
    await shoot('top-360');
    await shoot('lab-360', lab);
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot('top-1280');
    await shoot('tabs-1280', page.locator('[data-code-tabs]').first());
    await shoot('lab-1280', lab);
    await shoot('exercise-1280', page.getByTestId('exercise'));
  });
}
