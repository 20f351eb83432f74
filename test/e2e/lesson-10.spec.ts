/** Lesson 10 (Closing) in the browser: the close-code explorer, the closing lab, and the quiz. */
import { CLOSE_CODES } from '../../lib/index.ts';
import { expect, test } from './fixtures.ts';
import { expectWcagClean, hydrated } from './page-helpers.ts';
import { passQuiz } from './quiz-answers.ts';

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
    await expectWcagClean(page, '.explorer');
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
    await expectWcagClean(page, '[data-testid="close-lab"]');
  });
});

test('lesson 10: the quiz', async ({ page }) => {
  await page.goto('/lessons/closing/');
  await passQuiz(page, 'lessons/03-lifecycle/10-closing/index.mdx');
});
