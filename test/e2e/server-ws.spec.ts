/** Chromium's own WebSocket against the real server (`npm start` serves the pages and /ws/*). */
import { test, expect } from './fixtures.ts';

test('Chromium connects to /ws/echo, exchanges text and binary, and closes cleanly', async ({ page, baseURL }) => {
  await page.goto('/');
  const result = await page.evaluate(async (base) => {
    const url = new URL('/ws/echo', base!).href.replace(/^http/, 'ws');
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const received: Array<string | number[]> = [];
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error('error event'));
    });
    ws.send('hello from Chromium');
    ws.send(new Uint8Array([0, 1, 254, 255]));
    await new Promise<void>((resolve) => {
      ws.onmessage = (event) => {
        received.push(typeof event.data === 'string' ? event.data : [...new Uint8Array(event.data as ArrayBuffer)]);
        if (received.length === 2) resolve();
      };
    });
    const close = await new Promise<{ code: number; wasClean: boolean; reason: string }>((resolve) => {
      ws.onclose = (event) => resolve({ code: event.code, wasClean: event.wasClean, reason: event.reason });
      ws.close(1000, 'bye');
    });
    return { received, close };
  }, baseURL);
  expect(result.received).toEqual(['hello from Chromium', [0, 1, 254, 255]]);
  expect(result.close).toEqual({ code: 1000, wasClean: true, reason: '' });
});

test('Chromium reports a refused handshake as error then close 1006', async ({ page, baseURL, problems }) => {
  // Chromium logs the refused handshake itself; that line is the point of this test.
  problems.allow(/WebSocket connection to '.*\/ws\/nowhere' failed: .*404/);
  await page.goto('/');
  const events = await page.evaluate(async (base) => {
    const seen: string[] = [];
    const ws = new WebSocket(new URL('/ws/nowhere', base!).href.replace(/^http/, 'ws'));
    await new Promise<void>((resolve) => {
      ws.onerror = () => seen.push('error');
      ws.onclose = (event) => { seen.push(`close ${event.code}`); resolve(); };
    });
    return seen;
  }, baseURL);
  expect(events).toEqual(['error', 'close 1006']);
});
