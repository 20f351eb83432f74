import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Clicks the page's rel=next or rel=prev link and waits until the page it names has loaded. */
async function follow(page: Page, rel: 'next' | 'prev'): Promise<string> {
  const link = page.locator(`a[rel="${rel}"]`);
  const target = new URL((await link.getAttribute('href'))!, page.url()).pathname;
  await Promise.all([page.waitForURL((url) => url.pathname === target), link.click()]);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return target;
}

test('next and previous walk the whole course in course-map order', async ({ page }) => {
  // A guard, not a measure: two page loads per lesson.
  test.setTimeout(180_000);
  await page.goto('/lessons/');
  const order = await page.locator('.course-map a.lesson-card__title').evaluateAll((links) =>
    links.map((a) => (a as HTMLAnchorElement).getAttribute('href')),
  );
  expect(order.length).toBeGreaterThan(0);

  await page.goto(order[0]!);
  await expect(page.getByRole('link', { name: /Previous/ })).toHaveCount(0);
  const forward: string[] = [new URL(page.url()).pathname];
  while (await page.locator('a[rel="next"]').count()) {
    forward.push(await follow(page, 'next'));
  }
  expect(forward).toEqual(order);
  await expect(page.getByRole('link', { name: /Back to all lessons/ })).toBeVisible();

  const backward: string[] = [new URL(page.url()).pathname];
  while (await page.locator('a[rel="prev"]').count()) {
    backward.push(await follow(page, 'prev'));
  }
  expect(backward).toEqual([...order].reverse());
});

test('a lesson page shows its title, objectives, minutes and table of contents', async ({ page }) => {
  await page.goto('/lessons/closing/');
  await expect(page.getByRole('heading', { level: 1, name: 'Closing' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'By the end of this lesson you can' })).toBeVisible();
  await expect(page.getByText(/About \d+ minutes/)).toBeVisible();
  const toc = page.locator('.toc--sidebar');
  await expect(toc.getByRole('link', { name: 'Close codes' })).toHaveAttribute('href', '#close-codes');
  await expect(toc.getByRole('link', { name: 'Check your understanding' })).toHaveAttribute('href', '#quiz');
});

test('a deep link lands on its heading, below the sticky header', async ({ page }) => {
  await page.goto('/lessons/closing/#close-codes');
  const heading = page.getByRole('heading', { level: 2, name: 'Close codes' });
  await expect(heading).toBeInViewport();
  const headerBottom = await page.locator('.site-header').evaluate((el) => el.getBoundingClientRect().bottom);
  const top = await heading.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(headerBottom);
});

test('every h2 and h3 has a "#" link to itself, shown on hover and on focus', async ({ page }) => {
  await page.goto('/lessons/closing/');
  const wrapper = page.locator('.prose .heading-wrapper', { has: page.getByRole('heading', { name: 'Close codes' }) });
  const anchor = wrapper.getByRole('link', { name: 'Link to section: Close codes' });
  await expect(anchor).toHaveAttribute('href', '#close-codes');
  await expect(anchor).toHaveCSS('opacity', '0');
  await wrapper.hover();
  await expect(anchor).toHaveCSS('opacity', '1');
  await page.mouse.move(0, 0);
  await anchor.focus();
  await expect(anchor).toHaveCSS('opacity', '1');
  await anchor.click();
  await expect(page).toHaveURL(/#close-codes$/);
  const ids = await page.locator('.prose :is(h2, h3)').evaluateAll((hs) => hs.map((h) => h.id));
  expect(ids.every(Boolean)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
});
