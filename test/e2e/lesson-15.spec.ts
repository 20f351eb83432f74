/**
 * Lesson 15 in the browser: each lab run shows what the prose says it shows, the quiz
 * accepts the answers its author marked right, the exercise's starter fails and its
 * solution passes in the page's runner, and the page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PATH = '/lessons/subprotocols/';
const FOLDER = 'lessons/04-servers/15-subprotocols';
const labRun = (page: Page, name: string) => ranLabRun(page, `04-servers/15-subprotocols/lab/${name}`);


const rows = (lab: Locator) => lab.getByRole('listbox').getByRole('option');

const count = (texts: string[], part: string) => texts.filter((text) => text.includes(part)).length;

test('the page loads with its heading, three lab runs and the exercise', async ({ page }) => {
  await page.goto(PATH);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subprotocols and message formats');
  await expect(page.locator('[data-lab-run^="04-servers/15-subprotocols/lab/"]')).toHaveCount(3);
  await expect(page.locator('#exercise')).toBeVisible();
});

test('negotiation: v1 and v2 picked in the client’s order, the others refused with 400; then the 1002 mistake', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'negotiation');
  let texts = await timelineTexts(lab);
  expect(count(texts, 'HTTP/1.1 400 Bad Request')).toBe(2);
  expect(count(texts, 'open (protocol "chat.v1")')).toBe(1);
  expect(count(texts, 'open (protocol "chat.v2")')).toBe(1);
  expect(count(texts, 'Text “echo: hello”')).toBe(1);
  expect(count(texts, 'Text “{"type":"echo","text":"hello"}”')).toBe(1);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(2);

  await lab.getByText('Faults, seed').click();
  await lab.getByLabel(/Refuse by accepting and closing with 1002/).fill('1');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.locator('.connection').filter({ hasText: 'close 1002 “Unsupported subprotocol”, clean' })).toHaveCount(1);
  texts = await timelineTexts(lab);
  expect(count(texts, 'Close 1002 “Unsupported subprotocol”')).toBe(2);
  expect(count(texts, 'HTTP/1.1 400 Bad Request')).toBe(0);
  // stranger's page failed on the 101 and never read the 1002; bare opened and was closed with it.
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(1);
});

test('the JSON-RPC session: a server notification, a result, a batch answered with one array, -32600 and -32700', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'rpc-session');
  await expect(lab.locator('.connection')).toContainText('close 1000, clean');
  await lab.getByRole('button', { name: /Data frames/ }).click();
  await expect(lab.getByRole('listbox')).toHaveAttribute('aria-label', 'Timeline: 10 rows'); // five each way, none for the notification
  const texts = await timelineTexts(lab);
  expect(count(texts, '"method":"hello"')).toBe(1);
  expect(count(texts, '{"jsonrpc":"2.0","result":7,"id":1}')).toBe(1);
  expect(count(texts, '[{"jsonrpc":"2.0","result":30,"id":2}')).toBe(1);
  expect(count(texts, '"code":-32600')).toBe(1);
  expect(count(texts, '"code":-32700')).toBe(1);
});

test('JSON or MessagePack: 132 bytes of text in a 140-byte frame, 97 bytes of binary in a 103-byte frame', async ({ page }) => {
  await page.goto(PATH);
  const lab = await labRun(page, 'json-vs-msgpack');
  expect(count(await timelineTexts(lab), 'the same position: 132 bytes as JSON, 97 bytes as MessagePack')).toBe(1);
  await lab.getByRole('button', { name: /Data frames/ }).click();
  const text = rows(lab).filter({ hasText: 'Text “{"type":"position"' });
  const binary = rows(lab).filter({ hasText: 'Binary 97 B' });
  await expect(text.locator('.cell--len')).toHaveText('140 B');
  await expect(binary.locator('.cell--len')).toHaveText('103 B');
  await text.click();
  await expect(lab.locator('.detail__meta')).toContainText('140 bytes on the wire, payload 132 B');
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
    // The last lab run sits just above the exercise: let its worker finish first.
    await labRun(page, 'json-vs-msgpack');
    const exercise = page.getByTestId('exercise');
    await exercise.scrollIntoViewIfNeeded();
    await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
    const editor = page.getByRole('textbox', { name: /Your code/ });
    await expect(editor).toHaveValue(/export default async function rpc/);
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
