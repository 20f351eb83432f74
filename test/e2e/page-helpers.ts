/** What several lesson specs share: waiting for an island, accessibility scans, page width. */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/** Scrolls an island into view (they hydrate when visible) and waits until it has hydrated. */
export async function hydrated(page: Page, component: string): Promise<Locator> {
  const island = page.locator(`astro-island[component-url*="${component}"]`);
  // An island is display: contents, so scroll its first element into view.
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView({ block: 'center' }));
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  return island;
}

/** No WCAG 2 A or AA violation of any impact inside `selector`. */
export async function expectWcagClean(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** No serious or critical axe finding (WCAG 2.1 AA and best practice) inside `selector`. */
export async function expectNoSeriousFindings(page: Page, selector: string) {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}
