/** The embeddable frame: the custom element on a plain page with no framework, the iframe route, the Embed page. */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expect, test } from './fixtures.ts';

const dist = process.env.DIST_DIR ?? 'dist';

test('the scripts stay within 35 KB gzipped', () => {
  for (const name of ['ws-frame.js', 'ws-frame.mjs']) {
    const size = gzipSync(readFileSync(`${dist}/embed/${name}`)).length;
    test.info().annotations.push({ type: 'size', description: `embed/${name}: ${(size / 1024).toFixed(1)} KB gzipped` });
    expect(size).toBeLessThanOrEqual(35 * 1024);
  }
});

test('<ws-frame> works in a plain HTML page, reacts to attributes, and edits', async ({ page, baseURL }) => {
  await page.route('**/plain-fixture.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>plain</title><link rel="icon" href="data:,"></head><body>
        <ws-frame id="a" hex="81 85 37 fa 21 3d 7f 9f 4d 51 58"></ws-frame>
        <ws-frame id="b" hex="81 05 48 65 6c 6c 6f" direction="client" editable theme="dark"></ws-frame>
        <script src="/embed/ws-frame.js"></script></body></html>`,
    }),
  );
  await page.goto(`${baseURL}/plain-fixture.html`);
  const a = page.locator('#a');
  await expect(a.locator('.hex')).toHaveText('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  await expect(a.locator('.ok')).toHaveText('A valid frame from a client.');
  await expect(a.locator('dl')).toContainText('Opcode: 1 — text frame');
  // A client frame without a mask is flagged.
  await expect(page.locator('#b p.bad')).toContainText('close 1002');
  // Attributes are live.
  await a.evaluate((el) => el.setAttribute('direction', 'server'));
  await expect(a.locator('p.bad')).toContainText('masked');
  // Editing: a bad value is explained and changes nothing; a good one fires frame-change.
  const input = page.locator('#b input');
  await input.fill('81 zz');
  await input.press('Enter');
  await expect(page.locator('#b [role="status"]')).toContainText('not hex');
  const changed = page.evaluate(() => new Promise<string>((resolve) => document.querySelector('#b')!.addEventListener('frame-change', (e) => resolve((e as CustomEvent).detail.hex))));
  await page.locator('#b input').fill('0x8a 0x00');
  await page.locator('#b input').press('Enter');
  expect(await changed).toBe('8a 00');
  await expect(page.locator('#b dl')).toContainText('pong');
});

test('the iframe route shows the frame from its query', async ({ page }) => {
  await page.goto('/embed/frame/?hex=880203e8&direction=server&theme=dark');
  await expect(page.locator('ws-frame .hex')).toHaveText('88 02 03 e8');
  await expect(page.locator('ws-frame dl')).toContainText('close code 1000');
  await expect(page.locator('ws-frame')).toHaveAttribute('theme', 'dark');
  await page.goto('/embed/frame/?hex=88');
  await expect(page.locator('ws-frame .bad')).toContainText('cannot be shown');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the iframe view has no serious accessibility problems (${theme})`, async ({ page }) => {
    await page.goto(`/embed/frame/?hex=880203e8&direction=server&theme=${theme}&editable`);
    await expect(page.locator('ws-frame .hex')).toHaveText('88 02 03 e8');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('the Embed page shows live examples of both', async ({ page }) => {
  await page.goto('/embed/');
  await expect(page.locator('ws-frame[data-example="element"] .hex')).toHaveText('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  await expect(page.locator('ws-frame[data-example="editable"] input')).toHaveValue('88 02 03 e8');
  await expect(page.frameLocator('iframe[data-example="iframe"]').locator('ws-frame .hex')).toHaveText('8a 00');
});
