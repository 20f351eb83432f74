/** Lesson 7 (Fragmentation) in the browser: the ping between fragments, and the quiz. */
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

test('lesson 7: the ping between fragments is answered before the last fragment arrives', async ({ page }) => {
  await page.goto('/lessons/fragmentation/');
  const lab = page.locator('[data-lab-run="02-frames/07-fragmentation/lab/ping-between-fragments"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  const rows = lab.getByRole('option');
  const time = async (text: string) => Number((await rows.filter({ hasText: text }).locator('.cell--time').textContent())!.replace(/[^\d.]/g, ''));
  expect(await time('Pong “still there?”')).toBeLessThan(await time('part 3/3'));
  await expect(rows.filter({ hasText: 'one message event for the whole message' })).toHaveCount(1);
  await expect(page.locator('#exercise')).toBeVisible();
});

test('lesson 7: the quiz', async ({ page }) => {
  await page.goto('/lessons/fragmentation/');
  await passQuiz(page, 'lessons/02-frames/07-fragmentation/index.mdx');
});
