/** A lab run's code view: open the scenario's source, edit it, run it, keep it, compare it, reset it. */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, ranLabRun, timelineTexts } from './page-helpers.ts';
import { ECHO_SCENARIO, echoSource, editedEcho, lineOf } from '../fixtures/edited-echo.ts';

const ECHO = ECHO_SCENARIO;
const PAGE = '/lessons/first-endpoint/';
const original = echoSource;
const edited = editedEcho;

// Each run of edited code starts a fresh worker that loads the authoring modules and locks its realm down: seconds each on a shared machine.
test.describe.configure({ timeout: 180_000 });

type Host = { labEditor: { model: { getValue(): string; setValue(text: string): void } } };

/** Opens the run's code and waits for the editor. */
async function openCode(lab: Locator): Promise<Locator> {
  await lab.getByRole('button', { name: 'Code', exact: true }).click();
  const host = lab.getByTestId('lab-code-editor');
  await expect(host.locator('.monaco-editor')).toBeVisible({ timeout: 20_000 });
  return host;
}

const setCode = (host: Locator, text: string) => host.evaluate((el, value) => (el as unknown as Host).labEditor.model.setValue(value), text);
const codeOf = (host: Locator) => host.evaluate((el) => (el as unknown as Host).labEditor.model.getValue());

async function runCode(lab: Locator) {
  await lab.getByTestId('lab-code').getByRole('button', { name: 'Run', exact: true }).click();
  await expect(lab.getByRole('status').first()).not.toContainText('Running', { timeout: 20_000 });
}

async function openEcho(page: Page): Promise<Locator> {
  await page.goto(PAGE);
  return ranLabRun(page, ECHO);
}

test('the code opens on demand; an edited server reply runs, stays after a reload, shows as a change, and resets', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  const lab = await openEcho(page);
  expect(scripts.filter((url) => /monaco|editor\.api/i.test(url)), 'Monaco loads only when the code is opened').toEqual([]);
  expect(edited).not.toBe(original);

  const host = await openCode(lab);
  expect(await codeOf(host)).toBe(original);
  await setCode(host, edited);
  await expect(lab.getByTestId('lab-code-edited')).toBeVisible();
  await runCode(lab);
  await expect(lab.getByRole('status').first()).toContainText('your edited code');
  expect((await timelineTexts(lab)).some((text) => text.includes('you said: hello'))).toBe(true);

  // The same seed and faults replay the edited code exactly.
  await lab.getByRole('button', { name: 'Replay' }).click();
  await expect(lab.getByRole('status').first()).toContainText('the same bytes at the same times');

  await page.reload();
  const again = await ranLabRun(page, ECHO);
  await expect(again.getByRole('status').first()).toContainText('your edited code');
  expect((await timelineTexts(again)).some((text) => text.includes('you said: hello'))).toBe(true);
  const reopened = await openCode(again);
  expect(await codeOf(reopened)).toBe(edited);

  await again.getByRole('button', { name: 'Changes' }).click();
  const diff = again.getByLabel('Your changes to the scenario');
  await expect(diff.locator('.added')).toContainText(['you said']);
  await expect(diff.locator('.removed')).toContainText(['echoHandler']);

  await again.getByRole('button', { name: 'Reset…' }).click();
  await again.getByRole('button', { name: 'Discard my changes' }).click();
  expect(await codeOf(reopened)).toBe(original);
  await expect(again.getByTestId('lab-code-edited')).toHaveCount(0);
  await runCode(again);
  await expect(again.getByRole('status').first()).not.toContainText('your edited code');
  expect((await timelineTexts(again)).some((text) => text.includes('you said'))).toBe(false);
});

test('an error in the edited code shows its line, and the page keeps working', async ({ page }) => {
  const lab = await openEcho(page);
  const host = await openCode(lab);

  const throwing = edited.replace('await ws.accept();', "await ws.accept();\n    throw new Error('the server broke');");
  await setCode(host, throwing);
  await runCode(lab);
  const error = lab.getByTestId('lab-code-error');
  await expect(error).toContainText('the server broke');
  await expect(error).toContainText(`line ${lineOf(throwing, "throw new Error('the server broke')")} of your code`);
  expect((await timelineTexts(lab)).some((text) => text.includes('the server broke'))).toBe(true);

  const broken = edited.replace('faults: { latency: 5 },', "faults: { latency: 5 } 'oops',");
  await setCode(host, broken);
  await runCode(lab);
  await expect(error).toContainText('SyntaxError');
  await expect(error).toContainText(`line ${lineOf(broken, "'oops'")} of your code`);
  // The last timeline stays; the status says why this run has none.
  await expect(lab.getByRole('listbox').getByRole('option').first()).toBeVisible();
  await expect(lab.getByRole('status').first()).toContainText('SyntaxError');

  const sneaky = `import { readFileSync } from 'node:fs';\n${edited}`;
  await setCode(host, sneaky);
  await runCode(lab);
  await expect(error).toContainText('Cannot import "node:fs" (line 1): a lab scenario can import only "#authoring".');

  // Edited code cannot reach the network or storage.
  const reaching = edited.replace("socket.binaryType = 'arraybuffer';", "socket.binaryType = 'arraybuffer';\n    log(`fetch: ${typeof fetch}, storage: ${typeof indexedDB}, self: ${typeof self}`);");
  await setCode(host, reaching);
  await runCode(lab);
  expect((await timelineTexts(lab)).some((text) => text.includes('fetch: undefined, storage: undefined, self: undefined'))).toBe(true);

  await setCode(host, edited);
  await runCode(lab);
  await expect(error).toHaveCount(0);
  expect((await timelineTexts(lab)).some((text) => text.includes('you said: hello'))).toBe(true);
});

test('edits saved past the cap are not loaded, kept whole while the learner types, offered as a download, then discarded', async ({ page }) => {
  const key = `websocket-lab:code:v1:lab/${ECHO}`;
  const huge = `// huge\n${'x'.repeat(200_000)}`;
  await page.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, huge]);
  const lab = await openEcho(page);
  await expect(lab.getByRole('status').first()).not.toContainText('your edited code');
  const host = await openCode(lab);
  expect(await codeOf(host)).toBe(original);
  const notice = lab.getByTestId('saved-too-long');
  await expect(notice).toContainText('200,008 characters of edits for this scenario');
  await setCode(host, edited);
  await expect(notice).toContainText('what you type here is not saved, so it cannot overwrite that code');
  expect(await page.evaluate((k) => localStorage.getItem(k)?.length, key)).toBe(huge.length);

  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download it' }).click();
  expect(readFileSync(await (await download).path(), 'utf8')).toBe(huge);
  await notice.getByRole('button', { name: 'Discard it' }).click();
  await expect(notice).toBeHidden();
  expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe(edited);
});

test('the page fits 360 px with the code open', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const lab = await openEcho(page);
  await openCode(lab);
  await expect(lab.getByTestId('lab-code').getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expectNoHorizontalScroll(page);
});
