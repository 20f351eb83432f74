import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll, expectNothingOverflows } from './page-helpers.ts';
import { allPages } from './site-pages.ts';

test.use({ viewport: { width: 360, height: 740 } });

for (const path of allPages()) {
  test(`${path} has no horizontal scroll at 360 px`, async ({ page, problems }) => {
    if (path === '/404.html') problems.allow(/404/);
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expectNoHorizontalScroll(page);
    // Wide content (code) scrolls inside its own box instead.
    await expectNothingOverflows(page);
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

/** Whether an element's content is wider or taller than its box (so part of it is hidden or must be scrolled to). */
const overflows = (el: Element) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;

test('the close-codes reference shows each code as a card at 360 px, its meaning whole', async ({ page }) => {
  await page.goto('/reference/close-codes/');
  for (const name of ['close-code-ranges', 'close-codes']) {
    const table = page.locator(`table[data-table="${name}"]`);
    expect(await table.locator('xpath=..').evaluate(overflows), name).toBe(false);
  }
  const meaning = page.locator('tr[data-code="1011"] td[data-label="Meaning"]');
  await meaning.scrollIntoViewIfNeeded();
  await expect(meaning).toBeInViewport({ ratio: 1 });
});

test('a lab run’s connection summary shows its last line at 360 px', async ({ page }) => {
  await page.goto('/lab/');
  const lab = page.locator('[data-lab-run="02-frames/07-fragmentation/lab/ping-between-fragments"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  const summary = lab.getByRole('group', { name: 'Connections, as the page saw them' });
  await expect(summary).toContainText('close 1000, clean');
  expect(await summary.evaluate(overflows)).toBe(false);
});

test('lesson 1’s calculator shows its whole table, caption and last column, at 360 px', async ({ page }) => {
  await page.goto('/lessons/why-websocket/');
  const island = page.locator('astro-island[component-url*="TransportCalculator"]');
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView());
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  const box = page.getByRole('region', { name: 'Per hour, in detail' });
  expect(await box.evaluate(overflows)).toBe(false);
  // With the table scrolled into view, its last column is whole on screen: nothing cut at the right.
  const last = box.locator('tr[data-transport="websocket"] td').last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport({ ratio: 1 });
});

test('the handshake lab’s text boxes wrap their lines at 360 px', async ({ page }) => {
  await page.goto('/handshake/');
  await expect(page.locator('astro-island[component-url*="HandshakeLab"]')).not.toHaveAttribute('ssr', /.*/);
  for (const name of ['The page’s request', 'The server’s answer']) {
    const box = page.getByLabel(name);
    expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth), name).toBe(true);
  }
});

test('the embedding guide’s attribute table keeps each name whole and is styled as a table at 1280 px', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/embed/');
  const table = page.getByRole('table', { name: 'Attributes' });
  for (const code of await table.locator('tbody td:first-child code').all()) {
    expect(await code.evaluate((el) => el.getClientRects().length), await code.textContent() ?? '').toBe(1);
  }
  expect(await table.locator('caption').evaluate((el) => getComputedStyle(el).textAlign)).toBe('left');
  expect(await table.locator('thead th').first().evaluate((el) => getComputedStyle(el).color)).not.toBe(
    await table.locator('tbody td').first().evaluate((el) => getComputedStyle(el).color),
  );
});
