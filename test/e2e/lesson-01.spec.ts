/** Lesson 1 (Why WebSocket) in the browser: the transport calculator reacts to input and its presets, is accessible, and the quiz accepts the answers its author marked right. */
import { expect, test } from './fixtures.ts';
import { expectWcagClean, hydrated } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

test.describe('lesson 1: the transport calculator', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/lessons/why-websocket/');
  });

  test('shows the default chat, then updates when inputs change', async ({ page }) => {
    const calc = await hydrated(page, 'TransportCalculator');
    const bytes = (id: string) => calc.locator(`[data-metric="bytes"] [data-transport="${id}"] [data-value="bytes"]`);
    const latency = (id: string) => calc.locator(`[data-metric="latency"] [data-transport="${id}"] [data-value="latency"]`);

    // 6 messages/min × 100 bytes, 800 header bytes, 100 ms RTT, 5 s polls.
    await expect(bytes('short-polling')).toHaveText('612 kB');
    await expect(bytes('websocket')).toHaveText('37.5 kB');
    await expect(latency('short-polling')).toHaveText('2.55 s');
    await expect(latency('websocket')).toHaveText('50 ms');

    // 60 messages a minute: WebSocket = 800 + 3600 × (2 + 100) bytes.
    await calc.getByLabel('Messages per minute').fill('60');
    await expect(bytes('websocket')).toHaveText('368 kB');
    await expect(bytes('short-polling')).toHaveText('936 kB');

    // Poll every second: half a second of waiting plus the 50 ms trip.
    await calc.getByLabel('Polling interval').fill('1');
    await expect(latency('short-polling')).toHaveText('550 ms');

    // Client frames carry a 4-byte masking key: 800 + 3600 × (6 + 100).
    await calc.getByLabel('Client → server (send)').check();
    await expect(bytes('websocket')).toHaveText('382 kB');
    await expect(bytes('short-polling')).toHaveText('3.24 MB');
  });

  test('presets set every input', async ({ page }) => {
    const calc = await hydrated(page, 'TransportCalculator');
    await calc.getByRole('button', { name: 'Price ticker' }).click();
    await expect(calc.getByRole('button', { name: 'Price ticker' })).toHaveAttribute('aria-pressed', 'true');
    await expect(calc.getByLabel('Messages per minute')).toHaveValue('600');
    await expect(calc.getByLabel('Polling interval')).toHaveValue('1');
  });

  test('is accessible', async ({ page }) => {
    await hydrated(page, 'TransportCalculator');
    await expectWcagClean(page, '.calc');
  });
});

test('lesson 1: the quiz', async ({ page }) => {
  await page.goto('/lessons/why-websocket/');
  await passQuiz(page, 'lessons/01-foundations/01-why-websocket/index.mdx');
});
