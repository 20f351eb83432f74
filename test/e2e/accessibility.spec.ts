import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { allPages } from './site-pages.ts';

const SERIOUS = new Set(['serious', 'critical']);

for (const theme of ['light', 'dark'] as const) {
  for (const path of allPages()) {
    test(`axe finds no serious or critical problems on ${path} (${theme})`, async ({ page, problems }) => {
      if (path === '/404.html') problems.allow(/404/);
      await page.emulateMedia({ colorScheme: theme });
      // The search page is checked with results on show.
      await page.goto(path === '/search/' ? '/search/?q=close' : path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      // Let islands hydrate and transitions settle before measuring contrast.
      await page.waitForLoadState('networkidle');
      if (path === '/search/') await expect(page.locator('.pagefind-ui__result').first()).toBeVisible();
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const report = results.violations.map(
        (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`,
      );
      const minor = results.violations.filter((v) => !SERIOUS.has(v.impact ?? ''));
      if (minor.length) console.log(`${path} (${theme}) minor:\n${report.join('\n')}`);
      expect(results.violations.filter((v) => SERIOUS.has(v.impact ?? '')), report.join('\n')).toEqual([]);
    });
  }
}
