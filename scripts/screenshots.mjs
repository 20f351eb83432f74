// Screenshots of the home page and a lesson, light and dark, wide and narrow, for
// reviewing the design and for the README. Needs the built site served, e.g.
// `npx astro preview --port 4329`; set BASE_URL to use another address.
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:4329';
const out = process.env.OUT_DIR ?? 'test-results/screenshots';
const pages = [
  ['home', '/'],
  ['lesson', process.env.LESSON ?? '/lessons/closing/'],
];
const widths = [1280, 360];
const themes = ['light', 'dark'];

mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const theme of themes) {
  for (const width of widths) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: theme, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      await page.goto(base + path, { waitUntil: 'networkidle' });
      const file = `${out}/${name}-${theme}-${width}.png`;
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      console.log(file);
    }
    await context.close();
  }
}
if (process.env.README === '1') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(base + '/', { waitUntil: 'networkidle' });
  await page.screenshot({ path: 'docs/screenshot.png' });
  console.log('docs/screenshot.png');
  await context.close();
}
await browser.close();
