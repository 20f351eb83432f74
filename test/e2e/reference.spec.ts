/** The reference pages in the browser: each lists every entry of lib's tables. */
import { CLOSE_CODES, OPCODE_NAMES, PROTOCOL_ERRORS } from '../../lib/index.ts';
import { expect, test } from './fixtures.ts';
import { expectWcagClean } from './page-helpers.ts';

test.describe('reference pages', () => {
  test('the index links to every reference page', async ({ page }) => {
    await page.goto('/reference/');
    for (const href of ['/reference/close-codes/', '/reference/opcodes/', '/reference/protocol-errors/']) {
      await expect(page.locator(`main a[href="${href}"]`)).toHaveCount(1);
    }
  });

  test('close codes: every entry of CLOSE_CODES', async ({ page }) => {
    await page.goto('/reference/close-codes/');
    const rows = page.locator('table[data-table="close-codes"] tbody tr');
    await expect(rows).toHaveCount(CLOSE_CODES.length);
    for (const entry of CLOSE_CODES) {
      const row = page.locator(`tr[data-code="${entry.code}"]`);
      await expect(row).toContainText(entry.name);
      await expect(row).toContainText(entry.sendable ? 'may be sent' : 'never');
    }
    await expect(page.locator('table[data-table="close-code-ranges"] tbody tr')).toHaveCount(5);
    await expectWcagClean(page, 'main');
  });

  test('opcodes: all sixteen values of OPCODE_NAMES', async ({ page }) => {
    await page.goto('/reference/opcodes/');
    await expect(page.locator('table[data-table="opcodes"] tbody tr')).toHaveCount(OPCODE_NAMES.length);
    for (const [value, name] of OPCODE_NAMES.entries()) {
      const row = page.locator(`tr[data-opcode="${value}"]`);
      await expect(row).toContainText(name);
      await expect(row).toContainText(value >= 8 ? 'control' : 'data');
    }
    await expectWcagClean(page, 'main');
  });

  test('protocol errors: every entry of PROTOCOL_ERRORS', async ({ page }) => {
    await page.goto('/reference/protocol-errors/');
    const codes = Object.keys(PROTOCOL_ERRORS) as (keyof typeof PROTOCOL_ERRORS)[];
    await expect(page.locator('table[data-table="protocol-errors"] tbody tr')).toHaveCount(codes.length);
    for (const code of codes) {
      const row = page.locator(`tr[data-error="${code}"]`);
      await expect(row).toContainText(code);
      await expect(row).toContainText(String(PROTOCOL_ERRORS[code].closeCode));
      await expect(row).toContainText(`§${PROTOCOL_ERRORS[code].section}`);
    }
    await expectWcagClean(page, 'main');
  });
});
