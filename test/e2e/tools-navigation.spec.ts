/** The tools are found from the header on every page, on a phone too, and from the home page. */
import { expect, test } from './fixtures.ts';

const TOOLS = [
  ['Frame builder', '/frame-builder/'],
  ['Handshake lab', '/handshake/'],
  ['Lab runs', '/lab/'],
] as const;

for (const width of [1280, 360]) {
  test(`the header's Tools menu leads to every tool, and the header fits ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/lessons/closing/');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByText('Tools', { exact: true }).click();
    for (const [label, href] of TOOLS) {
      const link = nav.getByRole('link', { name: label });
      await expect(link).toBeVisible();
      await expect(link).toHaveAttribute('href', href);
    }
    await nav.getByRole('link', { name: 'Lab runs' }).click();
    await expect(page).toHaveURL(/\/lab\/$/);
    // On the new page the menu starts closed; opened, it marks the page it is on.
    await nav.getByText('Tools', { exact: true }).click();
    await expect(nav.getByRole('link', { name: 'Lab runs' })).toHaveAttribute('aria-current', 'page');
    // Nothing in the header runs past the screen's edge.
    const overflow = await page.evaluate(() => {
      const header = document.querySelector('.site-header')!;
      const right = Math.max(...[...header.querySelectorAll('a, summary, input, button')].filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.tools__menu')).map((el) => el.getBoundingClientRect().right));
      return { right, width: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth };
    });
    expect(overflow.right).toBeLessThanOrEqual(overflow.width);
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.width);
  });
}

test('the home page lists the tools', async ({ page }) => {
  await page.goto('/');
  const tools = page.getByRole('region', { name: 'Tools' });
  for (const [label, href] of TOOLS) await expect(tools.getByRole('link', { name: label })).toHaveAttribute('href', href);
});
