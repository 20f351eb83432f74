/** Lesson 3 (Handshake failures) in the browser: the handshake lab starts broken, and the quiz. */
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
