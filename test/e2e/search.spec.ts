import { expect, test } from './fixtures.ts';

test('search finds a lesson from the search page', async ({ page }) => {
  await page.goto('/search/');
  // The search UI draws its own input once its script has loaded; wait for that one, not the header's box.
  const input = page.getByRole('main').locator('.pagefind-ui__search-input');
  await expect(input).toBeVisible();
  await input.fill('close codes');
  const result = page.locator('.pagefind-ui__result-link').first();
  await expect(result).toBeVisible();
  await expect(page.locator('.pagefind-ui__result-link', { hasText: 'Closing' }).first()).toHaveAttribute('href', /\/lessons\/closing\//);
});

test('the header search box opens the search page with the results', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await page.getByRole('search').getByRole('searchbox', { name: 'Search the lab' }).fill('long polling');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=long\+polling/);
  await expect(page.locator('.pagefind-ui__result-link', { hasText: 'Why WebSocket' }).first()).toBeVisible();
});

test('search covers the reference pages, the glossary and the tools, not only lessons', async ({ page }) => {
  await page.goto('/search/?q=1006');
  const closeCodes = page.locator('.pagefind-ui__result-link[href^="/reference/close-codes/"]');
  await expect(closeCodes.first()).toBeVisible();
  const input = page.getByRole('main').locator('.pagefind-ui__search-input');
  await input.fill('frame builder');
  await expect(page.locator('.pagefind-ui__result-link[href^="/frame-builder/"]').first()).toBeVisible();
  await input.fill('glossary');
  await expect(page.locator('.pagefind-ui__result-link[href^="/glossary/"]').first()).toBeVisible();
});
