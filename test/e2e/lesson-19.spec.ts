/**
 * Lesson 19 (Socket.IO vs plain WebSocket) in the browser: the real socket.io-client runs in
 * the lab-run worker and its session shows what the prose says — the open packet, 40, the
 * 42["chat",…] row read as a Socket.IO EVENT, acks, the binary attachment, the ping inside a
 * text frame; a plain WebSocket client is closed at the ping timeout; rooms stay off the
 * wire. The exercise fails on its starter and passes on its solution in the page, the quiz
 * accepts the answers marked right, and the page fits a 360 px screen.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { exerciseEditor, expectNoHorizontalScroll, openPlainExercise, ranLabRun, runChecks, timelineTexts } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

const PAGE = '/lessons/socket-io/';
const FOLDER = 'lessons/05-practice/19-socket-io';
const LAB = '05-practice/19-socket-io/lab';
const ranLab = (page: Page, scenario: string) => ranLabRun(page, `${LAB}/${scenario}`);
const count = (rows: string[], text: string) => rows.filter((row) => row.includes(text)).length;

test('the page loads with its three lab runs and the exercise', async ({ page }) => {
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Socket.IO vs plain WebSocket');
  for (const scenario of ['session', 'two-clients', 'plain-websocket']) {
    await expect(page.locator(`[data-lab-run="${LAB}/${scenario}"]`)).toHaveCount(1);
  }
  await expect(page.locator('#exercise')).toBeVisible();
});

test('a session with the real socket.io-client: open packet, CONNECT, 42["chat",…] read as a Socket.IO EVENT, acks, a binary attachment, the ping at 25 s', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'session');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'Engine.IO open sid=')).toBe(1);
  expect(rows.some((row) => row.includes('42["chat"') && row.includes('Socket.IO EVENT chat in /'))).toBe(true);
  expect(count(rows, 'Socket.IO EVENT join in / (ack 0)')).toBe(1);
  expect(count(rows, 'Socket.IO ACK 1')).toBe(1);
  expect(count(rows, 'Socket.IO BINARY_EVENT upload in / (ack 2)')).toBe(1);
  expect(count(rows, 'Socket.IO attachment 1 of 1 for BINARY_EVENT upload')).toBe(1);
  expect(count(rows, 'Engine.IO ping')).toBe(1);
  expect(count(rows, 'Engine.IO pong')).toBe(1);
  expect(count(rows, 'connected: socket.id ')).toBe(1);
  expect(count(rows, 'chat acknowledged with {"ok":true,"n":1}')).toBe(1);
  expect(count(rows, 'upload acknowledged with {"stored":4}')).toBe(1);
});

test('two clients: bob gets alice’s broadcast, opens /admin on the same WebSocket, alice is refused /nope', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'two-clients');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'chat event from the room: {"from":"alice","text":"hi bob"}')).toBe(1);
  expect(count(rows, 'Socket.IO CONNECT /admin')).toBeGreaterThanOrEqual(2);
  expect(count(rows, 'Socket.IO CONNECT_ERROR /nope: Invalid namespace')).toBe(1);
  expect(count(rows, 'connect_error on /nope: Invalid namespace')).toBe(1);
});

test('a plain WebSocket client: refused without the Engine.IO URL, then closed at the ping timeout', async ({ page }) => {
  await page.goto(PAGE);
  const lab = await ranLab(page, 'plain-websocket');
  const rows = await timelineTexts(lab);
  expect(count(rows, 'HTTP/1.1 404 Not Found')).toBe(1);
  expect(count(rows, 'HTTP/1.1 400 Bad Request')).toBe(1);
  // The ping's frame, and the page's own line about the “2” it got.
  expect(count(rows, 'Engine.IO ping')).toBe(2);
  expect(count(rows, 'a plain client does not know to answer “3”')).toBe(1);
  expect(count(rows, 'Engine.IO pong')).toBe(0);
  expect(count(rows, 'no pong within 5000 ms')).toBe(1);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1006, not clean' })).toHaveCount(2);
  await expect(lab.locator('.connection').filter({ hasText: 'close 1000, clean' })).toHaveCount(1);
});

test('the exercise fails on the starter and passes on the solution in the page', async ({ page }) => {
  const exercise = await openPlainExercise(page, PAGE);
  const editor = exerciseEditor(page);
  await expect(editor).toHaveValue(readFileSync(`${FOLDER}/exercise/starter.ts`, 'utf8'));
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check[data-status="fail"]').first()).toContainText('4217["chat","hi"]');

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
    await ranLab(page, 'session');
    await ranLab(page, 'plain-websocket');
    await expectNoHorizontalScroll(page);
  });
});
