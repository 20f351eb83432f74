/** The frame builder: bits, fields and hex stay in step both ways; invalid input is explained. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

const raw = (page: import('@playwright/test').Page) => page.getByLabel(/The frame's bytes/);

test.beforeEach(async ({ page }) => {
  await page.goto('/frame-builder/');
  await expect(page.locator('astro-island[component-url*="FrameBuilder"]')).not.toHaveAttribute('ssr', /.*/);
});

test('clicking bits changes the hex and the fields', async ({ page }) => {
  await expect(raw(page)).toHaveValue('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  await page.getByRole('button', { name: 'bit 0, FIN' }).click();
  await expect(raw(page)).toHaveValue('01 85 37 fa 21 3d 7f 9f 4d 51 58');
  await expect(page.getByRole('button', { name: 'bit 0, FIN' })).toHaveAttribute('aria-pressed', 'false');
  // Opcode 0x1 → 0x9: a ping with FIN clear is a fragmented control frame.
  await page.getByRole('button', { name: 'bit 4, Opcode' }).click();
  await expect(raw(page)).toHaveValue(/^09 85/);
  await expect(page.getByTestId('frame-verdict').locator('[data-error="CONTROL_FRAME_FRAGMENTED"]')).toContainText('§5.5');
  // Clearing MASK from a client frame: unmasked payload, flagged.
  await page.getByRole('button', { name: 'bit 8, MASK' }).click();
  await expect(raw(page)).toHaveValue('09 05 48 65 6c 6c 6f');
  await expect(page.getByTestId('frame-verdict').locator('[data-error="UNMASKED_CLIENT_FRAME"]')).toBeVisible();
  // The URL keeps the frame.
  await expect(page).toHaveURL(/#frame=090548656c6c6f&from=client$/);
});

test('typing hex fills the fields; the extended length appears past 125 bytes', async ({ page }) => {
  await raw(page).fill('82 03 01 02 03');
  await expect(page.locator('[data-field="opcode"]')).toContainText('2');
  await expect(page.locator('[data-field="payloadLength"]')).toContainText('3 bytes');
  await expect(page.getByTestId('frame-verdict')).toContainText('A receiver fails the connection'); // a client frame must be masked
  await page.getByRole('radio', { name: 'Server → client' }).check();
  await expect(page.getByTestId('frame-verdict')).toContainText('A valid frame from a server');
  await page.getByRole('button', { name: 'Hex', exact: true }).click();
  await page.getByRole('textbox', { name: /^Payload/ }).fill('00 '.repeat(126));
  await expect(page.locator('[data-field="extendedPayloadLength"]')).toContainText('126 bytes');
  await expect(raw(page)).toHaveValue(/^82 7e 00 7e 00/);
  await page.getByRole('textbox', { name: /^Payload/ }).fill('00 01');
  await expect(page.locator('[data-field="extendedPayloadLength"]')).toHaveCount(0);
  await expect(raw(page)).toHaveValue('82 02 00 01');
});

test('a payload that is not text is read as hex even when Text was chosen', async ({ page }) => {
  // A server Ping with two bytes that are not UTF-8: the box shows hex, so what is typed is hex.
  await raw(page).fill('89 02 ff fe');
  await page.getByRole('radio', { name: 'Server → client' }).check();
  await expect(page.getByRole('button', { name: 'Hex', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('textbox', { name: /^Payload/ }).fill('01 02 03');
  await expect(raw(page)).toHaveValue('89 03 01 02 03');
});

test('invalid hex shows an inline message and keeps the last good frame', async ({ page }) => {
  await raw(page).fill('81 85 zz');
  await expect(page.locator('.raw .error')).toContainText('“zz” is not hex');
  await expect(page.getByRole('button', { name: 'bit 0, FIN' })).toHaveAttribute('aria-pressed', 'true');
  await raw(page).fill('81 05 48');
  await expect(page.locator('.raw .error')).toContainText('4 more bytes are needed');
  await raw(page).fill('81 05 48 65 6c 6c 6f');
  await expect(page.locator('.raw .error')).toHaveText('');
  await expect(page.locator('[data-field="payload"]')).toContainText('5 bytes');
});

test('while the pasted bytes are not a frame, the fields and verdict say they are the last good frame\'s', async ({ page }) => {
  await expect(page.getByTestId('frame-verdict')).toHaveText('A valid frame from a client.');
  await raw(page).fill('81 05 48');
  await expect(page.locator('.raw .error')).toContainText('4 more bytes are needed');
  await expect(page.getByTestId('stale-note')).toContainText('the last good frame (11 bytes)');
  await expect(page.getByTestId('frame-verdict')).toHaveText('The last good frame was valid from a client.');
  // The box's label no longer counts bytes that are not there.
  await expect(page.getByRole('textbox', { name: "The frame's bytes, hex (not a whole frame yet)" })).toHaveValue('81 05 48');
  await raw(page).fill('81 05 48 65 6c 6c 6f');
  await expect(page.getByTestId('stale-note')).toHaveCount(0);
  await expect(raw(page)).toHaveAccessibleName("The frame's bytes (7), hex");
  await expect(page.getByTestId('frame-verdict')).toContainText('A receiver fails the connection on this frame'); // unmasked, from a client
});

test('masking is shown byte by byte, and a link restores the frame', async ({ page }) => {
  const table = page.locator('.masking tbody tr');
  await expect(table).toHaveCount(5);
  await expect(table.first()).toContainText('48');
  await expect(table.first()).toContainText('37');
  await expect(table.first()).toContainText('7f');
  await page.goto('/frame-builder/#frame=880203e8&from=server');
  await expect(raw(page)).toHaveValue('88 02 03 e8');
  await expect(page.getByLabel('Close code')).toHaveValue('1000');
  await page.goto('/frame-builder/#frame=88&from=server');
  await expect(page.getByRole('alert')).toContainText('cannot be shown');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious accessibility problems (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.reload();
    const results = await new AxeBuilder({ page }).include('[data-testid="frame-builder"]').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
