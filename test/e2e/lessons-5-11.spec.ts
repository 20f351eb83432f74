/**
 * Lessons 5 and 11 in the browser: the payload-length explorer shows the header lib
 * builds for any size and flags the sizes no frame may carry; the WebSocket API lab calls
 * the real API on the lab network and logs what each call did and every event; each quiz
 * accepts the answers its author marked right.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

/** Scrolls an island into view (they hydrate when visible) and waits until it has hydrated. */
async function hydrated(page: Page, component: string): Promise<Locator> {
  const island = page.locator(`astro-island[component-url*="${component}"]`);
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView({ block: 'center' }));
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  return island;
}

/** No serious or critical axe findings inside `selector`. */
async function expectAccessible(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

test.describe('lesson 5: the payload-length explorer', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/lessons/payload-length/');
  });

  test('shows the header for each length form, from a server and from a client', async ({ page }) => {
    const explorer = await hydrated(page, 'PayloadLengthExplorer');
    const size = explorer.getByLabel('Payload size in bytes');
    const hex = explorer.getByTestId('header-hex');

    // The first size shown is 126: the 16-bit form.
    await expect(explorer.getByTestId('form')).toHaveText('16-bit length');
    await expect(hex).toHaveText('82 7e 00 7e');
    await expect(explorer.getByTestId('header-bytes')).toHaveText('4 bytes');

    await size.fill('125');
    await expect(explorer.getByTestId('form')).toHaveText('7-bit length');
    await expect(hex).toHaveText('82 7d');

    await size.fill('65536');
    await expect(explorer.getByTestId('form')).toHaveText('64-bit length');
    await expect(hex).toHaveText('82 7f 00 00 00 00 00 01 00 00');
    await expect(explorer.getByTestId('frame-bytes')).toHaveText('65,546 bytes');
    await expect(explorer.locator('[data-form="64-bit"]')).toHaveClass(/row--current/);

    // A client masks: the MASK bit joins the 7-bit field, and 4 bytes of key follow.
    await explorer.getByLabel('Client → server (masked)').check();
    await expect(hex).toHaveText('82 ff 00 00 00 00 00 01 00 00 37 fa 21 3d');
    await expect(explorer.getByTestId('header-bytes')).toHaveText('14 bytes');
    await expect(explorer.locator('[data-field="extendedPayloadLength"]')).toContainText('65536');

    await explorer.getByRole('button', { name: '65535' }).click();
    await expect(size).toHaveValue('65535');
    await expect(hex).toHaveText('82 fe ff ff 37 fa 21 3d');
  });

  test('flags sizes above 2^53 − 1 and from 2^63 with what a receiver does', async ({ page }) => {
    const explorer = await hydrated(page, 'PayloadLengthExplorer');
    const size = explorer.getByLabel('Payload size in bytes');

    await explorer.getByRole('button', { name: '2^53 − 1' }).click();
    await expect(explorer.getByTestId('form')).toHaveText('64-bit length');
    await expect(explorer.getByTestId('violations')).toHaveCount(0);

    await explorer.getByRole('button', { name: '2^53', exact: true }).click();
    await expect(explorer.getByTestId('form')).toHaveText('too large to accept');
    await expect(explorer.getByTestId('violations')).toContainText('closes with 1009');

    await size.fill('2^63');
    await expect(explorer.getByTestId('form')).toHaveText('no valid header');
    await expect(explorer.getByTestId('header-hex')).toHaveText('82 7f 80 00 00 00 00 00 00 00');
    await expect(explorer.getByTestId('violations')).toContainText('closes with 1002');

    await size.fill('2^64');
    await expect(explorer.getByTestId('length-summary')).toContainText('does not fit in 64 bits');
    await expect(explorer.getByTestId('header-hex')).toHaveCount(0);
  });

  test('bad input gets a message and keeps the text', async ({ page }) => {
    const explorer = await hydrated(page, 'PayloadLengthExplorer');
    const size = explorer.getByLabel('Payload size in bytes');
    await size.fill('twelve');
    await expect(explorer.getByTestId('size-error')).toContainText('whole number of bytes');
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    await expect(size).toHaveValue('twelve');
    await size.fill('-5');
    await expect(explorer.getByTestId('size-error')).toContainText('cannot be negative');
  });

  test('the slider works from the keyboard', async ({ page }) => {
    const explorer = await hydrated(page, 'PayloadLengthExplorer');
    const slider = explorer.getByLabel('Or drag (log scale)');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect(explorer.getByLabel('Payload size in bytes')).toHaveValue('0');
    await expect(explorer.getByTestId('header-hex')).toHaveText('82 00');
    await page.keyboard.press('End');
    await expect(explorer.getByLabel('Payload size in bytes')).toHaveValue('18446744073709551616');
    await page.keyboard.press('ArrowLeft');
    await expect(explorer.getByLabel('Payload size in bytes')).toHaveValue('18446744073709551615');
    await expect(explorer.getByTestId('violations')).toContainText('1002');
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`is accessible in the ${theme} theme`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto('/lessons/payload-length/');
      const explorer = await hydrated(page, 'PayloadLengthExplorer');
      await explorer.getByLabel('Client → server (masked)').check();
      await explorer.getByRole('button', { name: '2^63' }).click();
      await expectAccessible(page, '[data-testid="payload-length-explorer"]');
    });
  }

  test('fits a 360 px screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const explorer = await hydrated(page, 'PayloadLengthExplorer');
    await explorer.getByRole('button', { name: '2^63' }).click();
    await expect(explorer.getByTestId('violations')).toBeVisible();
    await expectNoHorizontalScroll(page);
  });
});

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
      await expectAccessible(page, '[data-testid="browser-api-lab"]');
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

test('lesson 5: the quiz', async ({ page }) => {
  await page.goto('/lessons/payload-length/');
  await passQuiz(page, 'lessons/02-frames/05-payload-length/index.mdx');
});

test('lesson 11: the quiz', async ({ page }) => {
  await page.goto('/lessons/browser-api/');
  await passQuiz(page, 'lessons/03-lifecycle/11-browser-api/index.mdx');
});
