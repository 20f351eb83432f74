/** Lesson 13 (A first endpoint) in the browser: the notes run, and the quiz. */
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

test('lesson 13: the notes run refuses the wrong token with 403 and answers bad messages', async ({ page }) => {
  await page.goto('/lessons/first-endpoint/');
  const lab = page.locator('[data-lab-run="04-servers/13-first-endpoint/lab/notes"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  const rows = lab.getByRole('option');
  await expect(rows.filter({ hasText: 'HTTP/1.1 403 Forbidden' })).toHaveCount(1);
  await expect(lab.locator('.connection').first()).toContainText('close 1006, not clean');
  await lab.getByRole('button', { name: /Data frames/ }).click();
  await expect(rows.filter({ hasText: '{"error":"not JSON"}' })).toHaveCount(1);
});

test('lesson 13: the quiz', async ({ page }) => {
  await page.goto('/lessons/first-endpoint/');
  await passQuiz(page, 'lessons/04-servers/13-first-endpoint/index.mdx');
});
