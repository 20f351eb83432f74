/**
 * Learner code in the real exercise worker, trying what a hostile learner would: reach
 * the network, storage, another worker or the page, or fake the verdict. None may escape,
 * none may show a pass, and the page stays well.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openPlainExercise, runChecks } from './page-helpers.ts';

const openExercise = (page: Page) => openPlainExercise(page, '/lessons/masking/');

/** Code that tries one thing, then exports a correct applyMask so a fake pass would show. */
const attack = (attempt: string) => `${attempt}
export function applyMask(data: Uint8Array, key: Uint8Array, offset = 0): void {
  for (let i = 0; i < data.length; i++) data[i] ^= key[(offset + i) & 3];
}
`;

const ATTACKS: Record<string, string> = {
  'fetch through the worker prototype': `Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'fetch').value.call(self, '/escaped-fetch');`,
  'indexedDB through the prototype': `Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'indexedDB').get.call(self).open('escaped');`,
  'caches through the prototype': `Object.getOwnPropertyDescriptor(WorkerGlobalScope.prototype, 'caches').get.call(self).open('escaped');`,
  'navigator.storage': `navigator.storage.getDirectory();`,
  'a fresh worker from a blob': `new Worker(URL.createObjectURL(new Blob(["fetch('/escaped-worker')"])));`,
  'WebTransport': `new WebTransport('https://127.0.0.1/escaped');`,
  'a faked verdict': `self.postMessage({ kind: 'checked', results: [], console: [], truncated: false });`,
  'a wrapped postMessage': `const real = self.postMessage; self.postMessage = () => real.call(self, { kind: 'checked', results: [], console: [], truncated: false });`,
  'patched Object.is': `Object.is = () => true;`,
  'patched String.prototype.match': `String.prototype.match = () => ['x'] as RegExpMatchArray;`,
  'patched Array.prototype.push': `Array.prototype.push = function () { return 0; };`,
  'the Function constructor': `(function () {}).constructor('return this')().postMessage({ kind: 'checked', results: [] });`,
};

test('no attempt escapes the sandbox or shows a pass, and no request leaves the page', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => { if (/escaped/.test(request.url())) requests.push(request.url()); });
  const exercise = await openExercise(page);
  const editor = page.getByRole('textbox', { name: /Your code/ });
  for (const [name, code] of Object.entries(ATTACKS)) {
    await editor.fill(attack(code));
    await exercise.getByRole('button', { name: 'Run the checks' }).click();
    const banner = page.getByTestId('exercise-banner');
    await expect(banner, name).toContainText('Your code threw');
    await expect(banner, name).toContainText('TypeError');
    await expect(banner, name).not.toContainText('All checks pass');
  }
  expect(requests).toEqual([]);
  const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(databases).not.toContain('escaped');
  expect(await page.evaluate(async () => (await caches.keys()).includes('escaped'))).toBe(false);
  // The correct code still passes afterwards: the sandbox took nothing away that the exercise needs.
  await editor.fill(attack(''));
  await runChecks(exercise, 'pass');
});
