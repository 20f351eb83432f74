/**
 * Lessons 2, 3, 7 and 13 in the browser: each page's interactive piece shows what its prose
 * says it shows, and each quiz accepts the answers its author marked right.
 */
import { expect, test } from './fixtures.ts';
import { passQuiz } from './quiz-answers.ts';

test('lesson 3: the handshake lab starts broken with a 426, and the script sees only error then close 1006', async ({ page }) => {
  await page.goto('/lessons/handshake-failures/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('When the handshake fails');
  const lab = page.locator('[data-handshake-lab]');
  await lab.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="HandshakeLab"]')).not.toHaveAttribute('ssr', /.*/);
  await expect(lab.getByLabel('The server’s answer')).toHaveValue(/^HTTP\/1\.1 426 Upgrade Required[\s\S]*Sec-WebSocket-Version: 13/);
  await expect(lab.getByTestId('verdict')).toContainText('error → close (code 1006, wasClean false, reason "")');
  // "Delete the Origin line. The server accepts."
  const request = lab.getByLabel('The page’s request');
  await lab.getByRole('button', { name: 'A good handshake', exact: true }).click();
  await request.fill((await request.inputValue()).replace(/^Origin: .*\n/m, ''));
  await expect(lab.getByLabel('The server’s answer')).toHaveValue(/^HTTP\/1\.1 101/);
});

test('lesson 3: the quiz', async ({ page }) => {
  await page.goto('/lessons/handshake-failures/');
  await passQuiz(page, 'lessons/01-foundations/03-handshake-failures/index.mdx');
});

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
