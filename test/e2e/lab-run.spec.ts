/** Lab runs and the wire inspector on /lab/: a run, each fault, replay, export, bad input, keyboard. */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const FRAGMENTS = '02-frames/07-fragmentation/lab/ping-between-fragments';
const ECHO = '04-servers/13-first-endpoint/lab/echo';

async function openLab(page: Page, scenario: string): Promise<Locator> {
  await page.goto('/lab/');
  const lab = page.locator(`[data-lab-run="${scenario}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  return lab;
}

async function runWith(lab: Locator, set: (lab: Locator) => Promise<void>) {
  const details = lab.locator('details');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await lab.getByText('Faults, seed').click();
  await set(lab);
  await lab.getByRole('button', { name: 'Run again' }).click();
}

const options = (lab: Locator) => lab.getByRole('listbox').getByRole('option');

test('a ping between fragments is answered at once; a frame opens in a read-only frame builder', async ({ page }) => {
  const lab = await openLab(page, FRAGMENTS);
  await expect(lab.getByRole('status')).toContainText('latency 10 ms');
  const rows = options(lab);
  await expect(rows.filter({ hasText: 'Pong “still there?”' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'part 3/3' })).toHaveCount(1);
  await expect(lab.locator('.connection')).toContainText('close 1000, clean');

  // The handshake request is shown first.
  await expect(lab.locator('.detail')).toContainText('GET /ws/story HTTP/1.1');

  await rows.filter({ hasText: 'part 3/3' }).click();
  const detail = lab.locator('.detail');
  await expect(detail).toContainText('The message is whole now: Text “Hello, fragmented world!” (24 B in 3 frames).');
  await expect(detail.getByText('80 06 77 6f 72 6c 64 21', { exact: false }).first()).toBeVisible();

  await lab.getByRole('button', { name: /Control frames/ }).click();
  await expect(rows).toHaveCount(4);
  for (const text of await rows.allTextContents()) expect(text).toMatch(/\b(Ping|Pong|Close)\b/);
});

test('the timeline is usable by keyboard', async ({ page }) => {
  const lab = await openLab(page, FRAGMENTS);
  const list = lab.getByRole('listbox');
  await list.focus();
  await page.keyboard.press('Home');
  await expect(list.locator('[aria-selected="true"]')).toContainText('GET /ws/story');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(list.locator('[aria-selected="true"]')).toContainText('101 Switching Protocols');
  await page.keyboard.press('End');
  await expect(list.locator('[aria-selected="true"]')).toContainText('TCP');
  const active = await list.getAttribute('aria-activedescendant');
  expect(active).toBeTruthy();
  await expect(page.locator(`[id="${active}"]`)).toHaveAttribute('aria-selected', 'true');
});

test('dropping the connection shows the cut and close 1006 at the page', async ({ page }) => {
  const lab = await openLab(page, ECHO);
  await runWith(lab, async () => {
    await lab.getByLabel('Drop the connection').check();
    await lab.getByLabel('after bytes').fill('140');
  });
  await expect(lab.getByRole('status')).toContainText('drop after 140 bytes server→client');
  await expect(options(lab).filter({ hasText: 'the connection dropped' })).toHaveCount(1);
  await expect(options(lab).filter({ hasText: 'never made a whole frame' })).toHaveCount(1);
  await expect(lab.locator('.connection')).toContainText('close 1006, not clean');
});

test('a server restart, an idle proxy, a flipped bit, latency and split chunks each show in the run', async ({ page }) => {
  const lab = await openLab(page, FRAGMENTS);
  const status = lab.getByRole('status');

  await runWith(lab, async () => {
    await lab.getByLabel('Server restart').check();
    await lab.getByLabel('at ms').fill('60');
  });
  await expect(status).toContainText('restart at 60 ms');
  await expect(options(lab).filter({ hasText: 'The server restarts' })).toHaveCount(1);
  await expect(lab.locator('.connection')).toContainText('close 1006, not clean');

  await runWith(lab, async () => {
    await lab.getByLabel('Server restart').uncheck();
    await lab.getByLabel('Idle proxy').check();
    await lab.getByLabel('cuts after ms quiet').fill('30');
  });
  await expect(status).toContainText('idle proxy 30 ms');
  await expect(lab.locator('.connection')).toContainText('close 1006');

  await runWith(lab, async () => {
    await lab.getByLabel('Idle proxy').uncheck();
    await lab.getByLabel('Flip a bit').check();
    await lab.getByLabel('byte', { exact: true }).fill('129');
    await lab.getByLabel('bit', { exact: true }).fill('4');
  });
  await expect(status).toContainText('flip bit 4 of byte 129');
  await expect(lab.locator('.row--bad').first()).toBeVisible();

  await runWith(lab, async () => {
    await lab.getByLabel('Flip a bit').uncheck();
    await lab.getByLabel('one way, ms').fill('200');
    await lab.getByLabel('Split chunks').check();
  });
  await expect(status).toContainText('latency 200 ms, chunks of 1–3 bytes');
  await expect(options(lab).filter({ hasText: 'HTTP/1.1 101' }).locator('.cell--time')).toHaveText('400 ms');
  await expect(options(lab).filter({ hasText: 'one message event for the whole message' })).toHaveCount(1);
});

test('replay gives the same bytes, and the run exports as JSON', async ({ page }) => {
  const lab = await openLab(page, ECHO);
  await lab.getByRole('button', { name: 'Replay' }).click();
  await expect(lab.getByRole('status')).toContainText('Replayed with the same seed and faults: the same bytes at the same times.');
  const download = page.waitForEvent('download');
  await lab.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  const run = JSON.parse(readFileSync(file, 'utf8'));
  expect(run).toMatchObject({ format: 'websocket-lab-run', scenario: ECHO, settings: { seed: 1, faults: { latency: 5 } } });
  const shown = await lab.getByRole('button', { name: /Everything/ }).textContent();
  expect(String(run.rows.length)).toBe(shown?.match(/\d+/)?.[0]);
  expect(run.rows.some((row: { summary: string }) => row.summary === 'Close 1000 “done”')).toBe(true);
});

test('bad numbers are named and nothing runs until they are fixed', async ({ page }) => {
  const lab = await openLab(page, ECHO);
  const before = await lab.getByRole('status').textContent();
  await runWith(lab, async () => {
    await lab.getByLabel('Latency').check();
    await lab.getByLabel('one way, ms').fill('soon');
    await lab.getByLabel('Seed').fill('-1');
  });
  const alert = lab.getByRole('alert');
  await expect(alert).toContainText('Latency must be a whole number from 1 to 10,000; “soon” is not.');
  await expect(alert).toContainText('Seed must be a whole number');
  await expect(lab.getByLabel('one way, ms')).toHaveValue('soon');
  await expect(lab.getByLabel('one way, ms')).toHaveAttribute('aria-invalid', 'true');
  await expect(lab.getByRole('status')).toHaveText(before ?? '');
  await lab.getByLabel('one way, ms').fill('7');
  await lab.getByLabel('Seed').fill('3');
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.getByRole('status')).toContainText('seed 3 · latency 7 ms');
  await expect(alert).toHaveCount(0);
});

test('timeline rows show their frame summaries whole at 1280 px, and any row in full under the pointer', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const lab = await openLab(page, FRAGMENTS);
  const frames = lab.locator('.row--frame');
  await expect(frames.first()).toBeVisible();
  const cut = await frames.evaluateAll((rows) =>
    rows.flatMap((row) => [...row.querySelectorAll('.cell')].filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent)),
  );
  expect(cut).toEqual([]);
  await expect(frames.filter({ hasText: 'Text “Hello, ”' })).toHaveCount(1);
  // A note longer than its line shows whole while the pointer is on it.
  const note = options(lab).filter({ hasText: 'sent part 3 (continuation, FIN 1)' });
  const summary = note.locator('.cell--summary');
  expect(await summary.evaluate((cell) => cell.scrollWidth > cell.clientWidth)).toBe(true);
  await expect(note.locator('.full')).toBeHidden();
  await note.hover();
  await expect(note.locator('.full')).toBeVisible();
  await expect(note.locator('.full')).toHaveText((await summary.textContent()) ?? '');
});
