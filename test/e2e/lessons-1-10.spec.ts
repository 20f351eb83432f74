/**
 * Lessons 1 and 10 in the browser: the transport calculator, the close-code explorer and
 * the closing lab react to input, each quiz accepts the answers its author marked right,
 * and the reference pages list every entry of lib's tables.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { CLOSE_CODES, OPCODE_NAMES, PROTOCOL_ERRORS } from '../../lib/index.ts';
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

/** Scrolls an island into view (they hydrate when visible) and waits until it has hydrated. */
async function hydrated(page: Page, component: string): Promise<Locator> {
  const island = page.locator(`astro-island[component-url*="${component}"]`);
  // An island is display: contents, so scroll its first element into view.
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView({ block: 'center' }));
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  return island;
}

/** No WCAG A/AA violations inside `selector`. */
async function expectAccessible(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

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
    await expectAccessible(page, '.calc');
  });
});

test.describe('lesson 10: the close-code explorer', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/lessons/closing/');
  });

  test('shows the payload of 1000 + "bye"', async ({ page }) => {
    const explorer = await hydrated(page, 'CloseCodeExplorer');
    await explorer.getByLabel('Close code', { exact: true }).fill('1000');
    await explorer.getByLabel('Reason').fill('bye');
    await expect(explorer.getByTestId('payload-hex')).toHaveText('03 e8 62 79 65');
    await expect(explorer.getByTestId('server-frame-hex')).toHaveText('88 05 03 e8 62 79 65');
    await expect(explorer.getByTestId('client-frame-hex')).toHaveText('88 85 37 fa 21 3d 34 12 43 44 52');
    await expect(explorer.getByTestId('sendable')).toHaveText('may be sent');
  });

  test('shows 1006 as a code that may not be sent', async ({ page }) => {
    const explorer = await hydrated(page, 'CloseCodeExplorer');
    await explorer.getByLabel('Close code', { exact: true }).fill('1006');
    await expect(explorer.getByTestId('close-code-result')).toContainText('Abnormal Closure');
    await expect(explorer.getByTestId('sendable')).toHaveText('may not be sent');
    await expect(explorer.getByTestId('browser')).toHaveText('browser close() throws');
    await expect(explorer.getByTestId('close-errors')).toContainText('1006 may not be sent');
    await expect(explorer.getByTestId('payload-hex')).toHaveCount(0);
  });

  test('shows 4000 as private use', async ({ page }) => {
    const explorer = await hydrated(page, 'CloseCodeExplorer');
    await explorer.getByRole('button', { name: '4000', exact: true }).click();
    await expect(explorer.getByLabel('Close code', { exact: true })).toHaveValue('4000');
    await expect(explorer.getByTestId('range')).toHaveText('Private use (4000–4999)');
    await expect(explorer.getByTestId('sendable')).toHaveText('may be sent');
    await expect(explorer.getByTestId('browser')).toHaveText('browser close() accepts it');
    await expect(explorer.getByTestId('payload-hex')).toContainText('0f a0');
  });

  test('refuses a reason over 123 bytes', async ({ page }) => {
    const explorer = await hydrated(page, 'CloseCodeExplorer');
    await explorer.getByLabel('Reason').fill('x'.repeat(124));
    await expect(explorer.getByTestId('reason-bytes')).toContainText('124 / 123 bytes');
    await expect(explorer.getByTestId('close-errors')).toContainText('at most 123');
  });

  test('lists every registered close code from lib, each one explorable', async ({ page }) => {
    const explorer = await hydrated(page, 'CloseCodeExplorer');
    await expect(explorer.locator('tbody tr[data-code]')).toHaveCount(CLOSE_CODES.length);
    await explorer.getByRole('button', { name: /^Explore 1015/ }).click();
    await expect(explorer.getByLabel('Close code', { exact: true })).toHaveValue('1015');
    await expect(explorer.getByTestId('sendable')).toHaveText('may not be sent');
  });

  test('is accessible', async ({ page }) => {
    await hydrated(page, 'CloseCodeExplorer');
    await expectAccessible(page, '.explorer');
  });
});

test.describe('lesson 10: the closing lab', () => {
  test('a clean close and a dropped connection report differently', async ({ page }) => {
    await page.goto('/lessons/closing/');
    const lab = await hydrated(page, 'CloseLab');
    await expect(lab.getByTestId('client-report')).toContainText('code 1000');
    await expect(lab.getByTestId('client-report')).toContainText('wasClean true');

    await lab.getByRole('button', { name: 'The network drops' }).click();
    await expect(lab.getByTestId('client-report')).toContainText('code 1006');
    await expect(lab.getByTestId('client-report')).toContainText('wasClean false');
    await expect(lab.locator('tr[data-kind="frame"]', { hasText: 'Close' })).toHaveCount(0);

    await lab.getByRole('button', { name: 'The server closes' }).click();
    await expect(lab.getByTestId('client-report')).toContainText('reason “bye”');
    await expect(lab.locator('tr[data-kind="frame"]', { hasText: '88 05 03 e8 62 79 65' })).toHaveCount(1);
    await expectAccessible(page, '[data-testid="close-lab"]');
  });
});

test.describe('reference pages', () => {
  test('the index links to every reference page', async ({ page }) => {
    await page.goto('/reference/');
    for (const href of ['/reference/close-codes/', '/reference/opcodes/', '/reference/protocol-errors/']) {
      await expect(page.locator(`main a[href="${href}"]`)).toHaveCount(1);
    }
  });

  test('close codes: every entry of CLOSE_CODES', async ({ page }) => {
    await page.goto('/reference/close-codes/');
    const rows = page.locator('table[data-table="close-codes"] tbody tr');
    await expect(rows).toHaveCount(CLOSE_CODES.length);
    for (const entry of CLOSE_CODES) {
      const row = page.locator(`tr[data-code="${entry.code}"]`);
      await expect(row).toContainText(entry.name);
      await expect(row).toContainText(entry.sendable ? 'may be sent' : 'never');
    }
    await expect(page.locator('table[data-table="close-code-ranges"] tbody tr')).toHaveCount(5);
    await expectAccessible(page, 'main');
  });

  test('opcodes: all sixteen values of OPCODE_NAMES', async ({ page }) => {
    await page.goto('/reference/opcodes/');
    await expect(page.locator('table[data-table="opcodes"] tbody tr')).toHaveCount(OPCODE_NAMES.length);
    for (const [value, name] of OPCODE_NAMES.entries()) {
      const row = page.locator(`tr[data-opcode="${value}"]`);
      await expect(row).toContainText(name);
      await expect(row).toContainText(value >= 8 ? 'control' : 'data');
    }
    await expectAccessible(page, 'main');
  });

  test('protocol errors: every entry of PROTOCOL_ERRORS', async ({ page }) => {
    await page.goto('/reference/protocol-errors/');
    const codes = Object.keys(PROTOCOL_ERRORS) as (keyof typeof PROTOCOL_ERRORS)[];
    await expect(page.locator('table[data-table="protocol-errors"] tbody tr')).toHaveCount(codes.length);
    for (const code of codes) {
      const row = page.locator(`tr[data-error="${code}"]`);
      await expect(row).toContainText(code);
      await expect(row).toContainText(String(PROTOCOL_ERRORS[code].closeCode));
      await expect(row).toContainText(`§${PROTOCOL_ERRORS[code].section}`);
    }
    await expectAccessible(page, 'main');
  });
});

test('lesson 1: the quiz', async ({ page }) => {
  await page.goto('/lessons/why-websocket/');
  await passQuiz(page, 'lessons/01-foundations/01-why-websocket/index.mdx');
});

test('lesson 10: the quiz', async ({ page }) => {
  await page.goto('/lessons/closing/');
  await passQuiz(page, 'lessons/03-lifecycle/10-closing/index.mdx');
});
