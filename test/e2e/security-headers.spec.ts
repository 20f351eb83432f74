/**
 * The server's security headers in Chromium: every kind of page works under its
 * Content-Security-Policy with no violation (inline scripts, Monaco and its workers, the
 * exercise runner's worker, lab runs, search, the embed), and only the frame view may
 * be framed by another site.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Response } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { runChecks } from './page-helpers.ts';

declare global {
  interface Window { cspViolations: string[] }
}

test.beforeEach(async ({ page }) => {
  // Recorded from the first script on, in the page and in any same-origin frame.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}:${event.lineNumber}`);
    });
  });
});

/** Opens `path` and checks the headers of the page itself. */
async function open(page: Page, path: string, frameable = false): Promise<Response> {
  const response = (await page.goto(path))!;
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBeTruthy();
  const policy = headers['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'self'/);
  if (frameable) {
    expect(policy).not.toMatch(/frame-ancestors 'none'/);
    expect(headers['x-frame-options']).toBeUndefined();
  } else {
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(headers['x-frame-options']).toBe('DENY');
  }
  return response;
}

async function noViolations(page: Page) {
  for (const frame of page.frames()) {
    expect(await frame.evaluate(() => window.cspViolations ?? []), frame.url()).toEqual([]);
  }
}

test('home', async ({ page }) => {
  await open(page, '/');
  await expect(page.locator('main')).toBeVisible();
  await noViolations(page);
});

test('a lesson: Monaco with its TypeScript worker, then a run in the exercise worker', async ({ page }) => {
  await open(page, '/lessons/masking/');
  const exercise = page.getByTestId('exercise');
  await exercise.scrollIntoViewIfNeeded();
  await expect(page.locator('astro-island[component-url*="Exercise"]')).not.toHaveAttribute('ssr', /.*/);
  const monaco = page.getByTestId('monaco-host').locator('.monaco-editor');
  await expect(monaco).toBeVisible({ timeout: 15_000 });
  // The TypeScript worker answers: a type error is underlined.
  await monaco.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\nexport const notANumber: number = "text";\n');
  await expect(monaco.locator('.squiggly-error')).not.toHaveCount(0, { timeout: 20_000 });
  await runChecks(exercise, 'fail');
  await expect(exercise.locator('.check').first()).toBeVisible();
  await noViolations(page);
});

test('the lab with a run', async ({ page }) => {
  await open(page, '/lab/');
  const lab = page.locator('[data-lab-run]').first();
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await lab.getByRole('button', { name: 'Run again' }).click();
  await expect(lab.getByRole('status')).toContainText('rows over', { timeout: 15_000 });
  await noViolations(page);
});

test('the handshake lab', async ({ page }) => {
  await open(page, '/handshake/');
  await expect(page.locator('astro-island[component-url*="HandshakeLab"]')).not.toHaveAttribute('ssr', /.*/);
  const lab = page.locator('[data-handshake-lab]');
  await lab.getByRole('button', { name: 'Version 8', exact: true }).click();
  await expect(lab.getByLabel('The server’s answer')).toHaveValue(/^HTTP\/1\.1 426/);
  await noViolations(page);
});

test('the frame builder', async ({ page }) => {
  await open(page, '/frame-builder/');
  await expect(page.locator('astro-island[component-url*="FrameBuilder"]')).not.toHaveAttribute('ssr', /.*/);
  await page.getByRole('button', { name: 'bit 0, FIN' }).click();
  await expect(page.getByLabel(/The frame's bytes/)).toHaveValue(/^01 85/);
  await noViolations(page);
});

test('the embed guide, with its live element and its iframe', async ({ page }) => {
  await open(page, '/embed/');
  await expect(page.locator('ws-frame[data-example="element"] .hex')).toHaveText('81 85 37 fa 21 3d 7f 9f 4d 51 58');
  await expect(page.frameLocator('iframe[data-example="iframe"]').locator('ws-frame .hex')).toHaveText('8a 00');
  await noViolations(page);
});

test('the frame view', async ({ page }) => {
  await open(page, '/embed/frame/?hex=810548656c6c6f&direction=server', true);
  await expect(page.locator('ws-frame .hex')).toHaveText('81 05 48 65 6c 6c 6f');
  await noViolations(page);
});

test('search with a query', async ({ page }) => {
  await open(page, '/search/?q=close+codes');
  await expect(page.locator('.pagefind-ui__result-link').first()).toBeVisible({ timeout: 15_000 });
  await noViolations(page);
});

test('another site may frame the frame view, and no other page', async ({ page, baseURL, problems }) => {
  // Chromium reports the refused frame on the console: that refusal is the point of this test.
  problems.allow(/^Framing '.*' violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
  // A docs page on another origin (another port: a real server, as Chromium refuses local frames in a page it did not load from the network).
  const docs = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>docs</title>
    <iframe id="frame" src="${baseURL}/embed/frame/?hex=8a00&direction=server"></iframe>
    <iframe id="lesson" src="${baseURL}/lessons/masking/"></iframe>`));
  await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
  try {
    // The docs page's load event waits for both frames, shown or refused.
    await page.goto(`http://127.0.0.1:${(docs.address() as AddressInfo).port}/`, { waitUntil: 'load' });
    await expect(page.frameLocator('#frame').locator('ws-frame .hex')).toHaveText('8a 00');
    await expect(page.frameLocator('#lesson').locator('main')).toHaveCount(0);
  } finally {
    docs.close();
  }
});
