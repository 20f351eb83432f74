/**
 * Lesson 16 in the browser: each lab run shows what the prose says it shows, the quiz
 * accepts the answers its author marked right, the exercise's starter fails and its
 * solution passes in the page's runner, and the page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/security/';
const FOLDER = 'lessons/04-servers/16-security';
const labRun = (page: Page, name: string) => ranLabRun(page, `04-servers/16-security/lab/${name}`);


const count = (texts: string[], part: string) => texts.filter((text) => text.includes(part)).length;

test('the page loads with its heading, two lab runs and the exercise', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authentication and security');
  await expect(page.locator('[data-lab-run^="04-servers/16-security/lab/"]')).toHaveCount(2);
  await expect(page.locator('#exercise')).toBeVisible();
});

test('where the token travels: four pages served, only the query string puts the token in the access log', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'token-carriers');
  const texts = await timelineTexts(lab);
  expect(count(texts, 'access log: "GET /ws/feed?token=eyJ1c2VyIjoiYWxpY2UifQ.c2ln HTTP/1.1"')).toBe(1);
  expect(count(texts, 'access log: "GET /ws/feed HTTP/1.1"')).toBe(3);
  expect(count(texts, 'open (protocol "feed.v1")')).toBe(1);
  expect(count(texts, 'got {"feed":["price 101.5"]}')).toBe(4);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(4);
});

test('the hijack: without an Origin check the evil page reads alice’s statement; with it, 403 and close 1006', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'hijack');
  let texts = await timelineTexts(lab);
  expect(count(texts, 'Origin https://evil.example, cookie says alice: accepted')).toBe(1);
  expect(count(texts, 'to https://evil.example/collect')).toBe(1);
  expect(count(texts, 'HTTP/1.1 101 Switching Protocols')).toBe(2);
  // The handshake in the inspector: the evil page's request carries alice's cookie and its own Origin.
  await lab.getByRole('listbox').getByRole('option').filter({ hasText: 'GET /ws/account' }).nth(1).click();
  await expect(lab.locator('.detail')).toContainText('Origin: https://evil.example');
  await expect(lab.locator('.detail')).toContainText('Cookie: session=s3ss10n-al1ce');

  await lab.getByText('Faults, seed').click();
  await lab.getByLabel(/The bank checks Origin/).fill('1');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(1);
  texts = await timelineTexts(lab);
  expect(count(texts, 'HTTP/1.1 403 Forbidden')).toBe(1);
  expect(count(texts, 'Origin https://evil.example is not the bank’s: refused with 403')).toBe(1);
  expect(count(texts, 'to https://evil.example/collect')).toBe(0);
  expect(count(texts, 'shows alice her statement')).toBe(1);
});

test('the quiz', async ({ page }) => {
  await page.goto(PATH);
  await passQuiz(page, `${FOLDER}/index.mdx`);
});

test.describe('at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  // On a phone the exercise opens in the plain editor, so the full editor's TypeScript worker
  // does not compete with the run, which the page stops after 5 s of real time.
  test('the exercise: the starter fails, the solution passes in the page’s runner', async ({ page }) => {
    await page.goto(PATH);
    // The last lab run sits above the exercise: let its worker finish first.
    await labRun(page, 'hijack');
    const exercise = page.getByTestId('exercise');
    await exercise.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
    const editor = page.getByRole('textbox', { name: /Your code/ });
    await expect(editor).toHaveValue(/export default async function secure/);
    await runChecks(exercise, 'fail');
    await expect(exercise.locator('.check').nth(1)).toContainText('HTTP/1.1 101 Switching Protocols');
    await editor.fill(readFileSync(`${FOLDER}/exercise/solution.ts`, 'utf8'));
    await runChecks(exercise, 'pass');
  });

  test('the page has no horizontal scroll', async ({ page }) => {
    await page.goto(PATH);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
  });
});
