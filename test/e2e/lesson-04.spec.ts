/**
 * Lesson 4 in the browser: the page shows its frames in the frame builder, a header bit
 * clicked changes the bytes (and a field changed changes the bits), the rule-breaking
 * frames the lesson asks for are flagged, and the quiz answered right is passed.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { putInOrder } from './quiz-answers.ts';

const PATH = '/lessons/frame-anatomy/';

/** The nth frame builder on the page, scrolled into view and hydrated. */
async function builder(page: Page, nth: number): Promise<Locator> {
  const island = page.locator('astro-island[component-url*="FrameBuilder"]').nth(nth);
  await island.evaluate((el) => (el.firstElementChild ?? el).scrollIntoView({ block: 'center' }));
  await expect(island).not.toHaveAttribute('ssr', /.*/);
  return island.getByTestId('frame-builder');
}

const raw = (b: Locator) => b.getByLabel(/The frame's bytes/);
const bit = (b: Locator, offset: number, field: string) => b.getByRole('button', { name: `bit ${offset}, ${field}`, exact: true });

test.beforeEach(async ({ page }) => {
  await page.goto(PATH);
});

test('renders the lesson with its frames in the builder', async ({ page }) => {
  await expect(page.getByRole('heading', { level: 1, name: 'Frame anatomy' })).toBeVisible();
  await expect(page.locator('astro-island[component-url*="FrameBuilder"]')).toHaveCount(4);
  const hello = await builder(page, 0);
  await expect(raw(hello)).toHaveValue('81 05 48 65 6c 6c 6f');
  await expect(hello.locator('[data-field="opcode"]')).toContainText('text frame');
  await expect(hello.locator('[data-field="payloadLength"]')).toContainText('5 bytes');
  await expect(hello.getByTestId('frame-verdict')).toContainText('A valid frame from a server');
  const masked = await builder(page, 1);
  await expect(raw(masked)).toHaveValue('82 85 a1 b2 c3 d4 a0 b0 c0 d0 a4');
  await expect(masked.locator('[data-field="maskingKey"]')).toContainText('a1 b2 c3 d4');
  await expect(masked.getByTestId('frame-verdict')).toContainText('A valid frame from a client');
});

test('clicking header bits changes the hex, and changing a field changes the bits', async ({ page }) => {
  const hello = await builder(page, 0);
  // RSV1 (bit 1) on: 0x81 → 0xc1, and a receiver without an extension must refuse it.
  await bit(hello, 1, 'RSV1').click();
  await expect(raw(hello)).toHaveValue('c1 05 48 65 6c 6c 6f');
  await expect(bit(hello, 1, 'RSV1')).toHaveAttribute('aria-pressed', 'true');
  await expect(hello.getByTestId('frame-verdict').locator('[data-error="RESERVED_BITS_SET"]')).toContainText('1002');
  await bit(hello, 1, 'RSV1').click();
  await expect(raw(hello)).toHaveValue('81 05 48 65 6c 6c 6f');
  await expect(hello.getByTestId('frame-verdict')).toContainText('A valid frame from a server');

  // The other way: choosing opcode 0x2 sets bit 6 and clears bit 7.
  await hello.getByRole('combobox').selectOption({ label: '0x2 binary' });
  await expect(raw(hello)).toHaveValue(/^82 05 /);
  await expect(hello.getByRole('button', { name: /^bit 6, / })).toHaveAttribute('aria-pressed', 'true');
  await expect(hello.getByRole('button', { name: /^bit 7, / })).toHaveAttribute('aria-pressed', 'false');

  // MASK (bit 8) on a server frame: a key appears and the frame is flagged.
  await bit(hello, 8, 'MASK').click();
  await expect(raw(hello)).toHaveValue(/^82 85 /);
  await expect(hello.locator('[data-field="maskingKey"]')).toBeVisible();
  await expect(hello.getByTestId('frame-verdict').locator('[data-error]')).toContainText(['1002']);

  // The builders are independent: the second one has not changed.
  await expect(raw(await builder(page, 1))).toHaveValue('82 85 a1 b2 c3 d4 a0 b0 c0 d0 a4');
});

test('the rule-breaking frames the lesson suggests are flagged', async ({ page }) => {
  const close = await builder(page, 2);
  await expect(raw(close)).toHaveValue('88 02 03 e8');
  await expect(close.getByLabel('Close code')).toHaveValue('1000');

  await bit(close, 1, 'RSV1').click();
  await expect(raw(close)).toHaveValue('c8 02 03 e8');
  await expect(close.locator('[data-error="RESERVED_BITS_SET"]')).toBeVisible();
  await bit(close, 1, 'RSV1').click();

  await bit(close, 0, 'FIN').click();
  await expect(raw(close)).toHaveValue('08 02 03 e8');
  await expect(close.locator('[data-error="CONTROL_FRAME_FRAGMENTED"]')).toBeVisible();
  await bit(close, 0, 'FIN').click();

  await close.getByRole('combobox').selectOption({ label: '0xB reserved (control 0xB)' });
  await expect(raw(close)).toHaveValue(/^8b 02/);
  await expect(close.locator('[data-error="RESERVED_OPCODE"]')).toBeVisible();
  await close.getByRole('combobox').selectOption({ label: '0x8 close' });
  await expect(close.getByTestId('frame-verdict')).toContainText('A valid frame from a server');

  // A server must not mask: bit 8 adds a key, and the frame is refused.
  await bit(close, 8, 'MASK').click();
  await expect(raw(close)).toHaveValue(/^88 82 /);
  await expect(close.locator('[data-error="MASKED_SERVER_FRAME"]')).toBeVisible();
});

test('one more byte makes the 125-byte Ping too long for a control frame', async ({ page }) => {
  const ping = await builder(page, 3);
  await expect(raw(ping)).toHaveValue(`89 7d${' 61'.repeat(125)}`);
  await expect(ping.getByTestId('frame-verdict')).toContainText('A valid frame from a server');
  // The payload is shown as text; typing one more "a" at its end makes 126 bytes.
  const payload = ping.getByRole('textbox', { name: /^Payload/ });
  await expect(payload).toHaveValue('a'.repeat(125));
  await payload.press('End');
  await payload.pressSequentially('a');
  await expect(raw(ping)).toHaveValue(`89 7e 00 7e${' 61'.repeat(126)}`);
  await expect(ping.locator('[data-field="extendedPayloadLength"]')).toContainText('126 bytes');
  await expect(ping.locator('[data-error="CONTROL_FRAME_TOO_LONG"]')).toContainText('125');
});

/** Puts an order question right with the Move up buttons. */
test('the quiz answered correctly is passed', async ({ page }) => {
  const quiz = page.locator('[data-quiz]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Quiz"]')).not.toHaveAttribute('ssr', /.*/);
  const question = (id: string) => page.locator(`[data-question="${id}"]`);
  const check = (id: string) => question(id).getByRole('button', { name: 'Check' }).click();

  const bits = question('reserved-bits');
  for (const offset of [1, 2, 3]) await bits.getByRole('button', { name: new RegExp(`^bit ${offset}, `) }).click();
  await check('reserved-bits');
  await expect(bits).toHaveAttribute('data-status', 'correct');

  await question('first-byte-8a').getByLabel('A Pong, whole (FIN set)').check();
  await check('first-byte-8a');

  for (const opcode of ['0x8', '0x9', '0xB']) await question('control-opcodes').getByLabel(opcode, { exact: true }).check();
  await check('control-opcodes');

  await question('empty-pong').getByRole('textbox').fill('8A 00');
  await check('empty-pong');

  await putInOrder(question('wire-order'), [
    'FIN, RSV1–3 and the opcode',
    'MASK and the 7-bit payload length, here 126',
    'The 16-bit extended payload length, 300',
    'The 4-byte masking key',
    'The 300 bytes of masked payload',
  ]);
  await check('wire-order');

  await question('rsv1-no-extension').getByLabel(/Fail the connection, closing with 1002/).check();
  await check('rsv1-no-extension');

  for (const id of ['first-byte-8a', 'control-opcodes', 'empty-pong', 'wire-order', 'rsv1-no-extension']) {
    await expect(question(id)).toHaveAttribute('data-status', 'correct');
  }
  await expect(page.getByTestId('quiz-summary')).toContainText('All 6 correct — quiz passed');
});

test('a wrong quiz answer is explained, not passed', async ({ page }) => {
  const q = page.locator('[data-question="control-opcodes"]');
  await q.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Quiz"]')).not.toHaveAttribute('ssr', /.*/);
  await q.getByLabel('0x0', { exact: true }).check();
  await q.getByRole('button', { name: 'Check' }).click();
  await expect(q).toHaveAttribute('data-status', 'wrong');
  // The option chosen says why it is wrong; the others wait until the answer is asked for.
  await expect(q.locator('.option__explain')).toHaveCount(1);
  await expect(q).toContainText('Continuation, 0000');
  await expect(page.getByTestId('quiz-summary')).not.toContainText('quiz passed');
});
