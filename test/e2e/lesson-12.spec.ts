/**
 * Lesson 12 in the browser: the page loads clean, the quiz accepts the answers its author
 * marked right, the exercise fails on its starter and passes on its solution in the page's
 * runner, both lab runs show what the lesson says, and the page fits a phone.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/reconnecting/';
const FOLDER = 'lessons/03-lifecycle/12-reconnecting';
const labRun = (page: Page, name: string) => ranLabRun(page, `03-lifecycle/12-reconnecting/lab/${name}`);


/** When each connection began (lab seconds), read from the run's list of connections. */
async function connectionStarts(lab: Locator): Promise<number[]> {
  const texts = await lab.locator('.connection').allTextContents();
  return texts.map((text) => {
    const [, value, unit] = /CONNECTING ([\d.]+) (ms|s)\b/.exec(text)!;
    return unit === 's' ? Number(value) : Number(value) / 1000;
  });
}

test('the page loads with its heading, both lab runs and the exercise', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reconnecting');
  await expect(page.locator('[data-lab-run]')).toHaveCount(2);
  await expect(page.locator('#exercise')).toBeVisible();
});

test('five pages without jitter retry in lockstep; with full jitter they scatter', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'herd');
  const count = (starts: number[], at: number) => starts.filter((s) => s === at).length;
  let starts = await connectionStarts(lab);
  for (const at of [1.5, 2.5, 4.5, 8.5]) expect(count(starts, at), `attempts at ${at} s`).toBe(5);

  await lab.getByText('Faults, seed').click();
  await lab.getByLabel('Jitter: 0 none, 1 equal, 2 full').fill('2');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.locator('.connection').first()).toBeVisible();
  await expect.poll(async () => count(await connectionStarts(lab), 8.5)).toBe(0);
  starts = (await connectionStarts(lab)).filter((s) => s > 1);
  expect(new Set(starts).size, 'no two attempts at the same instant').toBe(starts.length);
  // Each page got back in and left with 1000 (the server's Close echoes the code, without the reason).
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(5);
});

test('the feed survives a graceful 1012 restart and a crash, and ends with every event and a clean close', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'two-restarts');
  await expect(lab.getByRole('status')).toContainText('restart at 18000 ms, down 4000 ms');
  const connections = lab.locator('.connection');
  await expect(connections.filter({ hasText: 'close 1012 “server restarting”, clean' })).toHaveCount(1);
  await expect(connections.filter({ hasText: 'close 1006, not clean' }).first()).toBeVisible();
  await expect(connections.last()).toContainText('close 1000, clean');
  // The last row of the timeline is the page's own word on how it ended.
  const list = lab.getByRole('listbox');
  await list.focus();
  await page.keyboard.press('End');
  await expect(list.locator('[aria-selected="true"]')).toContainText('closed with 1000 after event 30: done, no reconnect');
  // Each retry is logged with its wait.
  await lab.getByRole('button', { name: /Handshakes and events/ }).click();
  await list.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 40; i++) {
    if ((await list.locator('[aria-selected="true"]').textContent())?.includes('retry 1 in')) break;
    await page.keyboard.press('ArrowDown');
  }
  await expect(list.locator('[aria-selected="true"]')).toContainText(/close 1012: retry 1 in \d+ ms \(a random wait from 0 to 500 ms\)/);
});

test('the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test('the exercise fails on its starter and passes on its solution in the page’s runner', async ({ page }) => {
  const exercise = await openPlainExercise(page, PATH);
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').first()).toContainText('did not happen within');
  await page.getByRole('textbox', { name: /Your code/ }).fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
  await runChecks(exercise, 'pass');
  await expect(exercise.locator('.check[data-status="pass"]')).toHaveCount(15);
});

test('a wrong answer fails the check named for its mistake', async ({ page }) => {
  const exercise = await openPlainExercise(page, PATH);
  await page.getByRole('textbox', { name: /Your code/ }).fill(readFileSync(`${FOLDER}/exercise/wrong-no-jitter.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').filter({ hasText: 'retries are spread out by jitter' })).toContainText('would retry at these same moments');
});

test('fits a 360 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(PATH);
  await labRun(page, 'herd');
  await labRun(page, 'two-restarts');
  await expectNoHorizontalScroll(page);
});
