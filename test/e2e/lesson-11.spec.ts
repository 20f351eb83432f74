/** Lesson 11 (The browser API) in the browser: the WebSocket API lab calls the real API on the lab network and logs what each call did and every event, and the quiz. */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, expectNoSeriousFindings, hydrated } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

test.describe('lesson 11: the WebSocket API lab', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/lessons/browser-api/');
  });

  /** The log's entries as "kind title — detail" lines. */
  const entries = (lab: Locator) => lab.getByTestId('api-log').locator('li');

  test('send before open throws, and the connection opens anyway', async ({ page }) => {
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByRole('button', { name: 'Connect and send at once' }).click();
    const thrown = entries(lab).filter({ hasText: 'socket.send(' });
    await expect(thrown).toHaveAttribute('data-kind', 'exception');
    await expect(thrown).toContainText('threw InvalidStateError');
    await expect(thrown).toContainText('readyState 0');
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
    await expect(entries(lab).filter({ hasText: 'open' }).last()).toHaveAttribute('data-kind', 'event');
    await expect(entries(lab).filter({ hasText: 'message' })).toHaveCount(0);
  });

  test('connect, negotiate a subprotocol, echo a message, then close cleanly', async ({ page }) => {
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByRole('button', { name: 'new WebSocket(…)' }).click();
    await expect(entries(lab).first()).toContainText("new WebSocket('ws://lab.local/ws/echo', ['chat.v2', 'chat.v1'])");
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
    await expect(lab.getByTestId('protocol')).toHaveText("'chat.v1'");

    await lab.getByRole('button', { name: 'send(message)' }).click();
    await expect(entries(lab).filter({ hasText: 'data: "hello" (a string)' })).toHaveCount(1);

    // The page may not send 1001; the socket stays open.
    await lab.getByLabel('Code').fill('1001');
    await lab.getByRole('button', { name: 'close(code, reason)' }).click();
    await expect(entries(lab).last()).toContainText('threw InvalidAccessError');
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');

    await lab.getByLabel('Code').fill('1000');
    await lab.getByRole('button', { name: 'close(code, reason)' }).click();
    await expect(lab.getByTestId('ready-state')).toHaveText('3 (CLOSED)');
    await expect(entries(lab).last()).toContainText("code 1000, reason '', wasClean true");

    // The frames really crossed the lab network: the page's are masked.
    await lab.getByText(/The bytes on the wire/).click();
    await expect(lab.getByRole('region', { name: 'Wire log' })).toContainText('Text “hello”');
    await expect(lab.getByRole('region', { name: 'Wire log' })).toContainText('(masked)');
  });

  test('bufferedAmount counts a large message until it has gone, and binaryType picks ArrayBuffer', async ({ page }) => {
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByLabel('arraybuffer').check();
    await lab.getByRole('button', { name: 'new WebSocket(…)' }).click();
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
    await lab.getByRole('button', { name: /send 1 MiB/ }).click();
    await expect(entries(lab).filter({ hasText: 'new Uint8Array(1048576)' })).toContainText('bufferedAmount is now 1048576');
    await expect(lab.getByTestId('buffered-amount')).toHaveText('0');
    await expect(entries(lab).last()).toContainText('data: ArrayBuffer, byteLength 1048576');
  });

  test('a dropped network ends in 1006, and later sends vanish into bufferedAmount', async ({ page }) => {
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByRole('button', { name: 'new WebSocket(…)' }).click();
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
    await lab.getByRole('button', { name: 'Drop the network' }).click();
    await expect(lab.getByTestId('ready-state')).toHaveText('3 (CLOSED)');
    await expect(entries(lab).last()).toContainText("code 1006, reason '', wasClean false");
    await lab.getByRole('button', { name: 'send(message)' }).click();
    await expect(entries(lab).last()).toContainText('nothing was sent');
    await expect(lab.getByTestId('buffered-amount')).toHaveText('5');
  });

  test('an invalid subprotocol throws SyntaxError; a bad code is flagged before any call', async ({ page }) => {
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByLabel(/Subprotocols/).fill('chat v1');
    await lab.getByRole('button', { name: 'new WebSocket(…)' }).click();
    await expect(entries(lab).last()).toContainText('threw SyntaxError');
    await expect(lab.getByTestId('ready-state')).toHaveText('no socket');

    await lab.getByLabel('Code').fill('abc');
    await expect(lab.getByLabel('Code')).toHaveAttribute('aria-invalid', 'true');
    await expect(lab.getByRole('button', { name: 'close(code, reason)' })).toBeDisabled();
    await expect(lab.getByText('A close code is a whole number')).toBeVisible();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`is accessible in the ${theme} theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/lessons/browser-api/');
      const lab = await hydrated(page, 'BrowserApiLab');
      await lab.getByRole('button', { name: 'Connect and send at once' }).click();
      await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
      await lab.getByLabel('Code').fill('5000');
      await lab.getByRole('button', { name: 'close(code, reason)' }).click();
      await expect(entries(lab).last()).toHaveAttribute('data-kind', 'exception');
      await lab.getByText(/The bytes on the wire/).click();
      await expectNoSeriousFindings(page, '[data-testid="browser-api-lab"]');
    });
  }

  test('fits a 360 px screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const lab = await hydrated(page, 'BrowserApiLab');
    await lab.getByRole('button', { name: 'new WebSocket(…)' }).click();
    await expect(lab.getByTestId('ready-state')).toHaveText('1 (OPEN)');
    await lab.getByText(/The bytes on the wire/).click();
    await expectNoHorizontalScroll(page);
  });
});

test('lesson 11: the quiz', async ({ page }) => {
  await page.goto('/lessons/browser-api/');
  await passQuiz(page, 'lessons/03-lifecycle/11-browser-api/index.mdx');
});
