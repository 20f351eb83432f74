import { expect, test } from './fixtures.ts';

test('the home page says what the lab is and shows the course', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('WebSocket Lab');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('WebSocket');
  await expect(page.getByText('every message is real bytes')).toBeVisible();
  // The course map: five parts, every lesson linked, none still coming.
  const course = page.locator('#course');
  await expect(course.getByRole('heading', { level: 3 })).toHaveCount(5);
  await expect(course.getByRole('link', { name: /Lesson 1: Why WebSocket/ })).toHaveAttribute('href', '/lessons/why-websocket/');
  await expect(course.getByRole('link', { name: /Lesson 22: / })).toHaveAttribute('href', '/lessons/debugging/');
  await expect(course.getByText('Coming', { exact: true })).toHaveCount(0);
  // The way in.
  await expect(page.locator('[data-continue]')).toHaveAttribute('href', '/lessons/why-websocket/');
});

test('the header navigation reaches every section', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Lessons' }).click();
  await expect(page).toHaveURL(/\/lessons\/$/);
  await expect(nav.getByRole('link', { name: 'Lessons' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Glossary' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Glossary' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Reference' })).toHaveAttribute('href', '/reference/');
});

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await expect(page.locator('main')).toBeFocused();
});
