import { expect, test } from './fixtures.ts';

test('a code block shows its file name, highlights lines and copies its code', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/lessons/closing/');
  const block = page.locator('[data-code-block]', { has: page.locator('.code-block__title', { hasText: 'server.ts' }) });
  await expect(block.locator('.code-block__title')).toHaveText('server.ts');
  await expect(block.locator('.line.highlighted')).toHaveCount(2);
  await expect(block.locator('.line.highlighted').first()).toContainText("await ws.close(1000, 'bye')");
  const copy = block.getByRole('button', { name: /^Copy/ });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  await expect(page.locator('#announcer')).toHaveText('Code copied to the clipboard');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith("app.websocket('/ws/chat', async (ws) => {\n  await ws.accept();")).toBe(true);
  expect(copied.trimEnd().endsWith('});')).toBe(true);
});

test('code tabs follow the ARIA tabs pattern and keep one language across groups', async ({ page }) => {
  await page.goto('/lessons/closing/');
  const tablist = page.getByRole('tablist', { name: /four frameworks/ });
  const tabs = tablist.getByRole('tab');
  await expect(tabs).toHaveText(['TypeScript (lab)', 'FastAPI', 'Flask-SocketIO', 'Django Channels']);
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'TypeScript (lab)' })).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'FastAPI' })).toBeHidden();

  // Keyboard: Tab into the list lands on the selected tab; arrows move and select; End and Home jump.
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tabpanel', { name: 'FastAPI' })).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'TypeScript (lab)' })).toBeHidden();
  await page.keyboard.press('End');
  await expect(tabs.nth(3)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(3)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(3)).toHaveAttribute('tabindex', '0');
  await expect(tabs.nth(0)).toHaveAttribute('tabindex', '-1');
});

test('without JavaScript every tab panel is shown, each under its label', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/lessons/closing/');
  await expect(page.getByRole('tablist')).toBeHidden();
  for (const label of ['TypeScript (lab)', 'FastAPI', 'Flask-SocketIO', 'Django Channels']) {
    await expect(page.locator('.code-tabs__label', { hasText: label })).toBeVisible();
  }
  await expect(page.locator('.code-tabs__panel pre')).toHaveCount(4);
  for (const pre of await page.locator('.code-tabs__panel pre').all()) await expect(pre).toBeVisible();
  // Copying needs a script, so the button is not offered.
  await expect(page.getByRole('button', { name: /^Copy/ }).first()).toBeHidden();
  await context.close();
});
