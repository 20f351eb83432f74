import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { allPages } from './site-pages.ts';

test.use({ viewport: { width: 360, height: 740 } });

for (const path of allPages()) {
  test(`${path} has no horizontal scroll at 360 px`, async ({ page, problems }) => {
    if (path === '/404.html') problems.allow(/404/);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth, 'the page is wider than the screen').toBeLessThanOrEqual(clientWidth);
    // Wide content (code) scrolls inside its own box instead.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .filter((el) => !el.closest('pre, .code-tabs__list, table, .sr-only, .figure__body'))
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
    );
    expect(overflowing).toEqual([]);
  });
}

test('a long code line scrolls inside its block at 360 px', async ({ page }) => {
  await page.goto('/lessons/closing/');
  const pre = page.locator('.code-tabs__panel[data-active] pre').first();
  const { scrollWidth, clientWidth } = await pre.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await expect(pre).toHaveAttribute('tabindex', '0');
});

for (const path of allPages()) {
  test(`axe finds no serious or critical problems on ${path} at 360 px`, async ({ page, problems }) => {
    if (path === '/404.html') problems.allow(/404/);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
