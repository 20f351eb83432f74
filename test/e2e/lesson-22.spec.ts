/**
 * Lesson 22 (Debugging and performance) in the browser: each lab run shows what the prose
 * says — the proxy at nginx's defaults refuses /ws/live with 400 and changing its settings
 * in the run form lets the handshake through; the read timeout cuts a quiet connection at
 * 60 s and a longer one or pings let the alert through; batching turns 200 frames into 4 —
 * the exercise fails on its starter and passes on its solution in the page's runner, the quiz accepts the answers its author marked right, and the page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PAGE = '/lessons/debugging/';
const FOLDER = 'lessons/05-practice/22-debugging';
const LAB = '05-practice/22-debugging/lab';
const ranLab = (page: Page, scenario: string) => ranLabRun(page, `${LAB}/${scenario}`);
const count = (rows: string[], text: string) => rows.filter((row) => row.includes(text)).length;

/** Opens the run form's settings, sets each param by its label, and runs again. */
async function runWith(lab: Locator, settings: Array<[RegExp, string]>): Promise<void> {
  const details = lab.locator('details');
  if (!(await details.first().evaluate((d) => (d as HTMLDetailsElement).open))) await lab.getByText('Faults, seed').click();
  for (const [label, value] of settings) await lab.getByLabel(label).fill(value);
  await lab.getByRole('button', { name: 'Run again' }).click();
}

test('the page loads with its three lab runs', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Debugging and performance');
  for (const scenario of ['proxy-upgrade', 'proxy-read-timeout', 'batching']) {
    await expect(page.locator(`[data-lab-run="${LAB}/${scenario}"]`)).toHaveCount(1);
  }
  await expect(page.locator('table').first()).toContainText('Likely cause, per server');
  await expect(page.locator('#exercise')).toBeVisible();
});

test('the proxy at nginx’s defaults turns /ws/live into a plain GET refused with 400; with HTTP 1.1 and the headers set, it opens', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'proxy-upgrade');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'GET /ws/live HTTP/1.0')).toBe(1);
  expect(count(rows, 'dropped “Upgrade: websocket”, “Connection: Upgrade”; added “Connection: close”')).toBe(1);
  expect(count(rows, 'HTTP/1.1 400 Bad Request')).toBe(1);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(1); // /ws/echo
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(1); // /ws/live
  await lab.getByRole('button', { name: /Handshakes and events/ }).click();
  await lab.getByRole('option').filter({ hasText: 'HTTP/1.1 400 Bad Request' }).first().click();
  await expect(lab.locator('.detail')).toContainText('HTTP/1.0 cannot upgrade');

  await runWith(lab, [[/proxy_http_version/, '11'], [/proxy_set_header Upgrade and Connection/, '1']]);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(2, { timeout: 15_000 });
  const fixed = await timelineTexts(lab);
  expect(count(fixed, 'HTTP/1.1 400 Bad Request')).toBe(0);
  expect(count(fixed, 'GET /ws/live HTTP/1.1')).toBe(1);
  expect(count(fixed, 'message “live: hello through the proxy”')).toBe(1);
  expect(count(fixed, 'X-Forwarded-For: 203.0.113.7')).toBeGreaterThan(0);
});

test('the read timeout cuts the quiet connection at 60 s; a longer timeout, or pings every 20 s, let the alert through', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'proxy-read-timeout');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'The proxy saw no traffic for 60000 ms and closed the connection')).toBe(1);
  expect(count(rows, '90 s: an alert is ready, but the connection is gone')).toBe(1);
  await expect(lab.locator('.connection').first()).toContainText('close 1006, not clean');

  await runWith(lab, [[/proxy_read_timeout/, '120']]);
  await expect(lab.locator('.connection').first()).toContainText('close 1000, clean', { timeout: 15_000 });
  expect(count(await timelineTexts(lab), 'message “alert: disk 91% full”')).toBe(1);

  await runWith(lab, [[/proxy_read_timeout/, '60'], [/Server pings every/, '20']]);
  // The previous run also ended clean: wait for this run's pings.
  await expect.poll(async () => count(await timelineTexts(lab), 'beat 4'), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(lab.locator('.connection').first()).toContainText('close 1000, clean');
  const pinged = await timelineTexts(lab);
  expect(count(pinged, 'Ping “beat 4”')).toBe(1);
  expect(count(pinged, 'The proxy saw no traffic')).toBe(0);
  expect(count(pinged, 'message “alert: disk 91% full”')).toBe(1);
});

test('batching: 200 ticks are 200 frames one by one, and 4 with a 500 ms window', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'batching');
  expect(count(await timelineTexts(lab), 'sent 200 ticks in 200 messages')).toBe(1);
  await runWith(lab, [[/Batch window/, '500']]);
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await expect.poll(async () => count(await timelineTexts(lab), 'sent 200 ticks in 4 messages'), { timeout: 15_000 }).toBe(1);
  expect(count(await timelineTexts(lab), 'received 200 ticks')).toBe(1);
});

test('the exercise fails on the starter and passes on the solution in the page', async ({ page }) => {
  const exercise = await openPlainExercise(page, PAGE);
  const editor = exerciseEditor(page);
  await expect(editor).toHaveValue(readFileSync(`${FOLDER}/exercise/starter.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').first()).toContainText('items pushed within one window travel together');
  await expect(exercise.locator('.check').filter({ hasText: '(hidden check)' })).toHaveCount(1);

  await editor.fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(5);
});

test('the quiz', async ({ page }) => {
  await page.goto(PAGE);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the page and its lab runs fit the screen', async ({ page }) => {
    await page.goto(PAGE);
    await ranLab(page, 'proxy-upgrade');
    await ranLab(page, 'proxy-read-timeout');
    await expectNoHorizontalScroll(page);
  });
});
