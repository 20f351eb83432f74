import { expect, test } from './fixtures.ts';

test('an unknown address gets the 404 page, with ways back', async ({ page, problems }) => {
  // The browser logs the 404 status of the document itself; that is the point here.
  problems.allow(/404/);
  const response = await page.goto('/lessons/no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'This page does not exist' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'All lessons' })).toHaveAttribute('href', '/lessons/');
  await expect(page.getByRole('main').getByRole('link', { name: /Why WebSocket/ })).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
});
