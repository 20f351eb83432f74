/**
 * Lesson 18 (Scaling out) in the browser: each lab run shows what the prose says it shows,
 * the exercise fails on its starter and passes on its solution in the page's runner, the
 * quiz accepts the answers its author marked right, and the page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PAGE = '/lessons/scaling-out/';
const FOLDER = 'lessons/04-servers/18-scaling-out';
const LAB = '04-servers/18-scaling-out/lab';
const ranLab = (page: Page, scenario: string) => ranLabRun(page, `${LAB}/${scenario}`);



const count = (rows: string[], text: string) => rows.filter((row) => row.includes(text)).length;

test('the page loads with its four lab runs and the exercise', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scaling out');
  for (const scenario of ['two-nodes-alone', 'two-nodes-broker', 'polling-round-robin', 'polling-sticky']) {
    await expect(page.locator(`[data-lab-run="${LAB}/${scenario}"]`)).toHaveCount(1);
  }
  await expect(page.locator('#exercise')).toBeVisible();
});

test('without a broker, carol hears alice on her node and bob hears no one', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'two-nodes-alone');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'message “alice: hello, everyone in #general”')).toBe(2); // alice and carol
  expect(count(rows, 'message “bob: hello? is anyone here?”')).toBe(1); // bob alone
  expect(count(rows, 'subscribed to')).toBe(0);
});

test('with a broker, alice and bob hear each other; node b cut off loses a line and refuses bob’s, then recovers', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'two-nodes-broker');
  await expect(lab.getByRole('status')).toContainText('node b cut off from the broker at 1000 ms for 2000 ms');
  const rows = await timelineTexts(lab);
  // Both nodes subscribe once, and the broker's work shows as rows of its own.
  expect(count(rows, 'Node a subscribed to chat:general')).toBe(1);
  expect(count(rows, 'Node b subscribed to chat:general')).toBe(1);
  expect(count(rows, 'Delivered to node b')).toBeGreaterThan(0);
  // Before the cut both hear each other.
  expect(count(rows, 'message “alice: hi bob, this is alice on node a”')).toBe(2);
  expect(count(rows, 'message “bob: hi alice, bob here on node b”')).toBe(2);
  // During it, only alice hears alice, and bob's own line cannot be published.
  expect(count(rows, 'message “alice: bob, are you still there?”')).toBe(1);
  expect(count(rows, 'Node b is cut off from the broker: the message for it is lost')).toBe(1);
  expect(count(rows, 'message “* not delivered: the message broker is unreachable”')).toBe(1);
  expect(count(rows, 'message “bob: did anyone hear me?”')).toBe(0);
  // After it, node b subscribes again by itself and both hear each other.
  expect(count(rows, 'Node b reconnected and subscribed again to chat:general')).toBe(1);
  expect(count(rows, 'message “alice: there you are”')).toBe(2);
  expect(count(rows, 'message “bob: yes, back now”')).toBe(2);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(2);
});

test('polling without stickiness: every poll reaches the node that does not know its sid and gets 400; with stickiness both polls are answered', async ({ page }) => {
  await page.goto(PAGE);
  const roundRobin = await ranLab(page, 'polling-round-robin');
  const rows = await timelineTexts(roundRobin);
  expect(count(rows, 'HTTP/1.1 400 Bad Request')).toBe(2);
  expect(count(rows, 'unknown session')).toBe(2);
  expect(count(rows, 'two sessions in a row were lost: without stickiness the client never keeps one')).toBe(1);
  await expect(roundRobin.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(2);
  // The refusal's body is Engine.IO's: open the first 400.
  await roundRobin.getByRole('button', { name: /Handshakes and events/ }).click();
  await roundRobin.getByRole('option').filter({ hasText: 'HTTP/1.1 400 Bad Request' }).first().click();
  await expect(roundRobin.locator('.detail')).toContainText('Session ID unknown');

  const sticky = await ranLab(page, 'polling-sticky');
  const stickyRows = await timelineTexts(sticky);
  expect(count(stickyRows, 'HTTP/1.1 400 Bad Request')).toBe(0);
  // Each answer shows twice: the server's text frame, and the page's message event.
  expect(count(stickyRows, 'message “4poll')).toBe(2);
  expect(count(stickyRows, 'answered by node a')).toBe(4);
  await expect(sticky.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(3);
});

test('the exercise fails on the starter and passes on the solution in the page', async ({ page }) => {
  const exercise = await openPlainExercise(page, PAGE);
  const editor = exerciseEditor(page);
  await expect(editor).toHaveValue(readFileSync(`${FOLDER}/exercise/starter.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').first()).toContainText('bob waited 5.000 s for a message');
  await expect(exercise.locator('.check').filter({ hasText: '(hidden check)' })).toHaveCount(3);

  await editor.fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(6);
});

test('the quiz', async ({ page }) => {
  await page.goto(PAGE);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the page and its lab runs fit the screen', async ({ page }) => {
    await page.goto(PAGE);
    await ranLab(page, 'two-nodes-broker');
    await ranLab(page, 'polling-round-robin');
    await expectNoHorizontalScroll(page);
  });
});
