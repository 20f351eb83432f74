import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures.ts';
import { lessonPages } from './site-pages.ts';

/** Gzipped JavaScript a lesson page may ship at load. */
const BUDGET = 40 * 1024;

for (const path of lessonPages()) {
  test(`${path} ships at most 40 KB of gzipped JavaScript at load, and does not shift`, async ({ page }) => {
    const scripts = new Map<string, number>();
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      const body = await response.body().catch(() => Buffer.alloc(0));
      // Measured as gzip of the body: the preview server may not compress.
      scripts.set(response.url(), gzipSync(body).length);
    });
    await page.addInitScript(() => {
      (window as unknown as { cls: number }).cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) (window as unknown as { cls: number }).cls += entry.value;
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    const inlineBytes = inline.reduce((sum, text) => sum + gzipSync(text).length, 0);
    const external = [...scripts.values()].reduce((a, b) => a + b, 0);
    const atLoad = external + inlineBytes;

    // Scroll through the page so every client:visible island hydrates.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 60));
      }
    });
    await page.waitForLoadState('networkidle');
    const all = [...scripts.values()].reduce((a, b) => a + b, 0) + inlineBytes;
    const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls);

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `${path}: ${kb(atLoad)} gzipped JS at load (${scripts.size} files + ${inline.length} inline), ${kb(all)} after scrolling through; CLS ${cls.toFixed(3)}`,
    );
    for (const [url, size] of scripts) console.log(`  ${kb(size).padStart(8)}  ${new URL(url).pathname}`);
    expect(atLoad).toBeLessThanOrEqual(BUDGET);
    expect(cls).toBeLessThan(0.05);
  });
}
