/** Lesson 2 (The opening handshake) in the browser: the stepper walks from the RFC key to its accept value, and the quiz. */
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

test('lesson 2: the stepper walks from the RFC key to its accept value, and a changed key changes every step', async ({ page }) => {
  await page.goto('/lessons/opening-handshake/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The opening handshake');
  const lab = page.locator('[data-handshake-lab]');
  await lab.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="HandshakeLab"]')).not.toHaveAttribute('ssr', /.*/);
  const steps = lab.locator('.step');
  await expect(steps).toHaveCount(1);
  for (let i = 0; i < 3; i++) await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(steps.nth(3)).toContainText('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  const request = lab.getByLabel('The page’s request');
  await request.fill((await request.inputValue()).replace('dGhlIHNhbXBsZSBub25jZQ==', 'AQIDBAUGBwgJCgsMDQ4PEA=='));
  await expect(steps.nth(3)).not.toContainText('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  await expect(lab.getByTestId('accept-check')).toContainText('matches');
  await expect(page.locator('#exercise')).toBeVisible();
});

test('lesson 2: the quiz', async ({ page }) => {
  await page.goto('/lessons/opening-handshake/');
  await passQuiz(page, 'lessons/01-foundations/02-opening-handshake/index.mdx');
});
