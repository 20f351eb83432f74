/** The handshake lab on /handshake/: each way to break it, hand edits, and the accept stepper. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

async function open(page: Page) {
  await page.goto('/handshake/');
  await expect(page.locator('astro-island[component-url*="HandshakeLab"]')).not.toHaveAttribute('ssr', /.*/);
  return page.locator('[data-handshake-lab]');
}

const CASES: { preset: string; status: string; open: boolean; more?: string }[] = [
  { preset: 'A good handshake', status: 'HTTP/1.1 101 Switching Protocols', open: true, more: 'socket.protocol is "chat.v1"' },
  { preset: 'No Upgrade header', status: 'HTTP/1.1 400 Bad Request', open: false },
  { preset: 'Connection: keep-alive', status: 'HTTP/1.1 400 Bad Request', open: false },
  { preset: 'Version 8', status: 'HTTP/1.1 426 Upgrade Required', open: false },
  { preset: 'A 10-byte key', status: 'HTTP/1.1 400 Bad Request', open: false },
  { preset: 'POST instead of GET', status: 'HTTP/1.1 405 Method Not Allowed', open: false },
  { preset: 'A foreign Origin', status: 'HTTP/1.1 403 Forbidden', open: false },
  { preset: 'An unknown path', status: 'HTTP/1.1 404 Not Found', open: false },
  { preset: 'An unsupported subprotocol', status: 'HTTP/1.1 101 Switching Protocols', open: false, more: 'The client offered "mqtt" and the server chose none (WHATWG WebSockets, “establish a WebSocket connection”)' },
  { preset: 'A wrong Accept', status: 'HTTP/1.1 101 Switching Protocols', open: false, more: 'Sec-WebSocket-Accept is "ICX+Yqv66kxgM0FcWaLWlFLwTAI=" but the key calls for "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="' },
];

test('each broken handshake gets the right status, and the script sees only error then close 1006', async ({ page }) => {
  const lab = await open(page);
  const response = lab.getByLabel('The server’s answer');
  const verdict = lab.getByTestId('verdict');
  for (const { preset, status, open, more } of CASES) {
    await lab.getByRole('button', { name: preset, exact: true }).click();
    await expect(response, preset).toHaveValue(new RegExp(`^${status.replace(/\./g, '\\.')}`));
    if (open) await expect(verdict, preset).toContainText('open');
    else await expect(verdict, preset).toContainText('error → close (code 1006, wasClean false, reason "")');
    if (more) await expect(verdict, preset).toContainText(more);
  }
  // A header is named once, not as a label before a sentence that names it again.
  await lab.getByRole('button', { name: 'A foreign Origin', exact: true }).click();
  await expect(lab.getByTestId('refusal')).toContainText('Refused with 403: Origin https://evil.example is not allowed to connect');
  await expect(lab.getByTestId('refusal')).not.toContainText('Origin: Origin');
  await lab.getByRole('button', { name: 'A wrong Accept', exact: true }).click();
  await expect(verdict).toContainText('the script is not told): Sec-WebSocket-Accept is "');
  await expect(verdict).not.toContainText('Sec-WebSocket-Accept: Sec-WebSocket-Accept');
  await lab.getByRole('button', { name: 'Version 8', exact: true }).click();
  await expect(response).toHaveValue(/Sec-WebSocket-Version: 13/);
  await expect(lab.getByTestId('refusal')).toContainText('Refused with 426: Sec-WebSocket-Version: Version 8 is not supported');
});

test('a hand-edited request is sent as typed; an edited answer is kept until the learner takes the server’s', async ({ page }) => {
  const lab = await open(page);
  const request = lab.getByLabel('The page’s request');
  const response = lab.getByLabel('The server’s answer');
  await request.fill((await request.inputValue()).replace('Host: lab.example\n', ''));
  await expect(response).toHaveValue(/^HTTP\/1\.1 400 Bad Request/);
  await expect(lab.getByTestId('refusal')).toContainText('Host');
  await expect(lab.getByText('Your own request.')).toBeVisible();

  await lab.getByRole('button', { name: 'A good handshake', exact: true }).click();
  await expect(response).toHaveValue(/^HTTP\/1\.1 101/);
  await response.fill((await response.inputValue()).replace(/Sec-WebSocket-Accept: .*/, 'Sec-WebSocket-Accept: x3JJHMbDL1EzLkh9GBhXDw=='));
  await expect(lab.getByTestId('verdict')).toContainText('close (code 1006');
  await expect(lab.getByTestId('accept-check')).toContainText('x3JJHMbDL1EzLkh9GBhXDw==');
  await lab.getByRole('button', { name: 'Use the server’s answer' }).click();
  await expect(lab.getByTestId('verdict')).toContainText('open');
});

test('the stepper walks from the key to Sec-WebSocket-Accept', async ({ page }) => {
  const lab = await open(page);
  await lab.getByRole('button', { name: 'From the start' }).click();
  const steps = lab.locator('.step');
  await expect(steps).toHaveCount(1);
  await expect(steps.first()).toContainText('dGhlIHNhbXBsZSBub25jZQ==');
  await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(steps.nth(1)).toContainText('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
  await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(steps.nth(2)).toContainText('b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea');
  await lab.getByRole('button', { name: 'Next step' }).click();
  await expect(steps.nth(3)).toContainText('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  await expect(lab.getByRole('button', { name: 'Next step' })).toBeDisabled();
  await expect(lab.getByTestId('accept-check')).toContainText('matches');
});
