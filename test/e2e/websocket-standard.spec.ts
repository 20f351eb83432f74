/**
 * The lab's WebSocket against a real browser's: the same script runs in Chromium against
 * the real server (`npm start` serves the lesson endpoints) and in Node with LabWebSocket
 * against the same LabServer on the in-memory network. Both must see the same events.
 */
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { createLabRun } from '../../lib/lab/index.ts';
import { expect, test } from './fixtures.ts';

/** One socket's life: events in order, with protocol, code and wasClean. */
type Script = (WebSocketClass: typeof WebSocket, url: string, protocols: string[], act: string) => Promise<string[]>;

/**
 * Runs in the page (serialized by Playwright) and in Node: must use nothing from outside.
 * `act` says what to do once open: 'close' closes with "1000" (a string: [Clamp] makes it
 * 1000), 'send-null' sends null and closes after the echo.
 */
const session: Script = (WebSocketClass, url, protocols, act) =>
  new Promise((resolve) => {
    const seen: string[] = [];
    const ws = new WebSocketClass(url, protocols);
    ws.onopen = () => {
      seen.push(`open protocol="${ws.protocol}"`);
      if (act === 'send-null') (ws.send as (data: unknown) => void)(null);
      else ws.close('1000' as unknown as number);
    };
    ws.onmessage = (event) => {
      seen.push(`message ${JSON.stringify(event.data)}`);
      ws.close(1000);
    };
    ws.onerror = () => seen.push('error');
    ws.onclose = (event) => {
      seen.push(`close ${event.code} wasClean=${event.wasClean}`);
      resolve(seen);
    };
  });

const CASES: { name: string; path: string; protocols: string[]; act: string; expected: string[] }[] = [
  {
    name: 'subprotocols offered, none chosen: the connection fails',
    path: '/ws/echo',
    protocols: ['chat.v1', 'json'],
    act: 'close',
    expected: ['error', 'close 1006 wasClean=false'],
  },
  {
    name: 'no subprotocol offered: it opens with protocol ""',
    path: '/ws/echo',
    protocols: [],
    act: 'close',
    expected: ['open protocol=""', 'close 1000 wasClean=true'],
  },
  {
    name: 'send(null) sends the text "null"',
    path: '/ws/echo',
    protocols: [],
    act: 'send-null',
    expected: ['open protocol=""', 'message "null"', 'close 1000 wasClean=true'],
  },
  {
    name: 'an unknown path is refused',
    path: '/ws/nowhere',
    protocols: [],
    act: 'close',
    expected: ['error', 'close 1006 wasClean=false'],
  },
];

for (const { name, path, protocols, act, expected } of CASES) {
  test(`Chromium and the lab agree: ${name}`, async ({ page, baseURL, problems }) => {
    // Chromium logs why it failed a handshake; that line is expected here.
    problems.allow(/WebSocket connection to '.*' failed/);
    await page.goto('/');
    // In the page, a relative URL resolves against the page, as in the lab it resolves against the lab's origin.
    const browser = (await page.evaluate(`(${session.toString()})(WebSocket, ${JSON.stringify(path)}, ${JSON.stringify(protocols)}, ${JSON.stringify(act)})`)) as string[];
    const lab = createLabRun({ server: createLessonServer(), clock: 'real', seed: 7 });
    const inLab = await session(lab.WebSocket as unknown as typeof WebSocket, path, protocols, act);
    expect(browser).toEqual(expected);
    expect(inLab).toEqual(browser);
    expect(baseURL).toBeTruthy();
  });
}
