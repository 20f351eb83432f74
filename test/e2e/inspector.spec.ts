/**
 * The inspector on runs with several clients, nodes and a broker (lesson 18) and with an
 * application protocol (lesson 15): client and broker lanes, search with its count and
 * empty state, the broker's faults in the run form, a JSON-RPC response's link to its
 * request, and the whole at 360 px in light and dark. Screenshots go to the output folder.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectNoHorizontalScroll } from './page-helpers.ts';

const SCALING = '/lessons/scaling-out/';
const BROKER = '04-servers/18-scaling-out/lab/two-nodes-broker';
const SUBPROTOCOLS = '/lessons/subprotocols/';
const RPC = '04-servers/15-subprotocols/lab/rpc-session';

/** Scrolls to a lab run and waits for its first run to finish. */
async function ranLab(page: Page, scenario: string): Promise<Locator> {
  const lab = page.locator(`[data-lab-run="${scenario}"]`);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 20_000 });
  return lab;
}

const options = (lab: Locator) => lab.getByRole('listbox').getByRole('option');
const lanes = (lab: Locator) => lab.getByRole('group', { name: 'Whose rows' });
const matches = (lab: Locator) => lab.locator('.matches');
/** "12 of 340 rows" → [12, 340]. */
async function counted(lab: Locator): Promise<[number, number]> {
  const text = (await matches(lab).textContent()) ?? '';
  const found = /([\d,]+) of ([\d,]+) rows/.exec(text);
  expect(found, `“${text}” is not a count of rows`).not.toBeNull();
  return [Number(found![1].replace(/,/g, '')), Number(found![2].replace(/,/g, ''))];
}

test('a run with two clients on two nodes: each client has its lane and colour, the broker its own, and a search narrows both', async ({ page }) => {
  await page.goto(SCALING);
  const lab = await ranLab(page, BROKER);

  // Each connection names its client (in its colour) and its node.
  await expect(lab.locator('.connection').filter({ hasText: 'alice on node a' })).toHaveCount(1);
  await expect(lab.locator('.connection').filter({ hasText: 'bob on node b' })).toHaveCount(1);
  const alice = await lab.locator('.connection .who').filter({ hasText: 'alice' }).evaluate((el) => getComputedStyle(el).color);
  const bob = await lab.locator('.connection .who').filter({ hasText: 'bob' }).evaluate((el) => getComputedStyle(el).color);
  expect(alice).not.toBe(bob);

  await expect(lanes(lab).getByRole('button')).toHaveText([/^\s*All [\d,]+$/, /^\s*alice [\d,]+$/, /^\s*bob [\d,]+$/, /^\s*Broker [\d,]+$/]);
  await expect(matches(lab)).toHaveText(/^[\d,]+ rows$/);

  // One client: every row is bob's, and says so.
  await lanes(lab).getByRole('button', { name: /^bob/ }).click();
  await expect(lanes(lab).getByRole('button', { name: /^bob/ })).toHaveAttribute('aria-pressed', 'true');
  const [bobRows, total] = await counted(lab);
  expect(bobRows).toBeGreaterThan(0);
  expect(bobRows).toBeLessThan(total);
  for (const text of await options(lab).locator('.cell--who').allTextContents()) expect(text).toMatch(/^bob/);

  // The broker's lane: publish, delivery, and the drops while node b is cut off.
  await lanes(lab).getByRole('button', { name: /^Broker/ }).click();
  const [brokerRows] = await counted(lab);
  expect(brokerRows).toBeGreaterThan(0);
  for (const text of await options(lab).locator('.cell--who').allTextContents()) expect(text).toMatch(/^broker · [ab]$/);
  await expect(options(lab).filter({ hasText: 'cut off' }).first()).toBeVisible();

  // A search within the broker's lane, by keyboard: Enter goes to the list, on the first match.
  const search = lab.getByRole('searchbox', { name: 'Search rows' });
  await search.fill('cut off');
  const [found] = await counted(lab);
  expect(found).toBeGreaterThan(0);
  expect(found).toBeLessThan(brokerRows);
  for (const text of await options(lab).allTextContents()) expect(text.toLowerCase()).toContain('cut off');
  await search.press('Enter');
  await expect(lab.getByRole('listbox')).toBeFocused();
  await expect(lab.getByRole('listbox').locator('[aria-selected="true"]')).toContainText('cut off');

  // Nothing matches: the list says why.
  await search.fill('no such words anywhere');
  await expect(matches(lab)).toHaveText(`0 of ${total.toLocaleString('en')} rows`);
  await expect(lab.locator('.empty')).toHaveText('No rows of this kind match “no such words anywhere” and are the broker’s.');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await lanes(lab).getByRole('button', { name: /^All/ }).click();
  await expect(matches(lab)).toHaveText(`${total.toLocaleString('en')} rows`);
});

test('the broker’s faults are in the run form, checked, and change the run', async ({ page }) => {
  await page.goto(SCALING);
  const lab = await ranLab(page, BROKER);
  await lab.getByText('Faults, seed').click();
  const brokerFaults = lab.getByRole('group', { name: 'Faults at the broker' });
  await expect(brokerFaults.getByLabel('Node cut off')).toBeChecked();
  await expect(brokerFaults.getByRole('combobox')).toHaveValue('b');

  await brokerFaults.getByLabel('Broker down').check();
  await brokerFaults.getByLabel('down at ms').fill('soon');
  await brokerFaults.getByLabel('rejoins after ms').fill('0');
  await lab.getByRole('button', { name: 'Run again' }).click();
  const alert = lab.getByRole('alert');
  await expect(alert).toContainText('Broker down at must be a whole number from 0 to 600,000; “soon” is not.');
  await expect(alert).toContainText('Cut off for must be a whole number from 1 to 600,000; “0” is not.');
  await expect(brokerFaults.getByLabel('down at ms')).toHaveAttribute('aria-invalid', 'true');

  await brokerFaults.getByLabel('down at ms').fill('200');
  await brokerFaults.getByLabel('back after ms').fill('500');
  await brokerFaults.getByLabel('Node cut off').uncheck();
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(alert).toHaveCount(0);
  await expect(lab.getByRole('status')).toContainText('broker down at 200 ms for 500 ms', { timeout: 20_000 });
  await expect(lab.getByRole('status')).not.toContainText('cut off');
});

test('a JSON-RPC response shows its decoded value and leads to its request', async ({ page }) => {
  await page.goto(SUBPROTOCOLS);
  const lab = await ranLab(page, RPC);
  // One client, no broker: no lanes to choose.
  await expect(lanes(lab)).toHaveCount(0);

  const request = options(lab).filter({ hasText: 'JSON-RPC request #1 sum' });
  await expect(request).toHaveCount(1);
  await lab.getByRole('searchbox', { name: 'Search rows' }).fill('response #1');
  await expect(options(lab)).toHaveCount(1);
  await expect(matches(lab)).toHaveText(/^1 of [\d,]+ rows$/);
  await options(lab).first().click();
  const detail = lab.locator('.detail');
  await expect(detail).toContainText('JSON-RPC response #1 → 7');
  await expect(detail.locator('pre')).toContainText('"result": 7');

  await detail.getByRole('button', { name: 'Go to the request (JSON-RPC request #1 sum)' }).click();
  // The search that hid the request is lifted, and the request is chosen and in view.
  await expect(lab.getByRole('searchbox', { name: 'Search rows' })).toHaveValue('');
  await expect(lab.getByRole('listbox').locator('[aria-selected="true"]')).toContainText('JSON-RPC request #1 sum');
  await expect(lab.getByRole('listbox').locator('[aria-selected="true"]')).toBeInViewport();
  await expect(detail.locator('pre')).toContainText('"method": "sum"');
  await expect(detail.getByRole('button', { name: /^Go to the answer \(JSON-RPC response #1/ })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const width of [1280, 360]) {
    test(`both labs fit ${width} px in ${scheme} mode`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const [path, scenario, name] of [[SCALING, BROKER, 'broker'], [SUBPROTOCOLS, RPC, 'rpc']] as const) {
        await page.goto(path);
        const lab = await ranLab(page, scenario);
        if (scenario === BROKER) await lanes(lab).getByRole('button', { name: /^alice/ }).click();
        else await options(lab).filter({ hasText: 'JSON-RPC response #1' }).click();
        await expectNoHorizontalScroll(page, `${path} is wider than the screen`);
        await lab.screenshot({ path: testInfo.outputPath(`${name}-${width}-${scheme}.png`) });
      }
    });
  }
}
