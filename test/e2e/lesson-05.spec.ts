/** Lesson 5 (Payload length) in the browser: the payload-length explorer shows the header lib builds for any size and flags the sizes no frame may carry, and the quiz. */
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, expectNoSeriousFindings, hydrated } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

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
      await expectNoSeriousFindings(page, '[data-testid="payload-length-explorer"]');
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

test('lesson 5: the quiz', async ({ page }) => {
  await page.goto('/lessons/payload-length/');
  await passQuiz(page, 'lessons/02-frames/05-payload-length/index.mdx');
});
