/**
 * A page behind a reverse proxy (nginx's proxy_pass, modelled by lib/lab/proxy.ts) that
 * forwards its opening requests to the backend. Its `location /ws/echo` block was set up
 * for WebSocket long ago; the new `location /ws/live` block was not, and its settings are
 * the run's params. As nginx ships (proxy_http_version 1.0, no proxy_set_header for Upgrade and Connection),
 * the backend gets `GET /ws/live HTTP/1.0` with `Connection: close`, no Upgrade, and its own
 * name as the Host (`proxy_pass http://app`): a plain request it cannot upgrade, answered
 * 400, and the page sees error and close 1006. /ws/echo's block also passes the browser's
 * Host on (`proxy_set_header Host $host`).
 * With HTTP/1.1 and both headers passed on, the handshake completes.
 */
import { LabServer, defineScenario } from '#authoring';

export default defineScenario({
  title: 'A WebSocket behind a misconfigured proxy',
  description: 'The page opens ws://lab.local/ws/echo, then ws://lab.local/ws/live, through a reverse proxy. /ws/echo’s location block is set up for WebSocket; /ws/live’s starts at nginx’s defaults: change its settings in the form (HTTP version 11, pass Upgrade and Connection 1) and run again.',
  params: {
    httpVersion: { label: 'proxy_http_version (10 = 1.0, nginx’s default; 11 = 1.1)', default: 10, min: 10, max: 11 },
    passUpgrade: { label: 'proxy_set_header Upgrade and Connection (0 = not set, 1 = set)', default: 0, min: 0, max: 1 },
  },
  proxy: (params) => ({
    httpVersion: params.httpVersion === 11 ? '1.1' : '1.0',
    forwardUpgrade: params.passUpgrade === 1,
    forwardedFor: '203.0.113.7',
    backend: 'app',
    locations: { '/ws/echo': { httpVersion: '1.1', forwardUpgrade: true, forwardedFor: '203.0.113.7', backend: 'app', host: '$host' } },
  }),
  // The first response is 129 bytes: a drop after 60 cuts it in half.
  faultDefaults: { drop: { direction: 'server→client', bytes: 60 } },
  server: ({ log }) => {
    const app = new LabServer();
    app.websocket('/ws/echo', async (ws) => {
      await ws.accept();
      for await (const message of ws) await ws.sendText(String(message));
    });
    app.websocket('/ws/live', async (ws) => {
      log(`/ws/live: handshake from the proxy; X-Forwarded-For: ${ws.headers['x-forwarded-for'] ?? '(none)'}`);
      await ws.accept();
      for await (const message of ws) await ws.sendText(`live: ${String(message)}`);
    });
    return app;
  },
  client: async ({ WebSocket, log, sleep }) => {
    const echo = new WebSocket('ws://lab.local/ws/echo');
    echo.onopen = () => echo.send('is the proxy up?');
    echo.onmessage = () => echo.close(1000);
    await sleep(500);
    const live = new WebSocket('ws://lab.local/ws/live');
    live.onopen = () => live.send('hello through the proxy');
    live.onmessage = () => live.close(1000);
    live.onerror = () => log('error event on /ws/live: the page is not told why; the status is only in the inspector (or DevTools’ Network tab)');
  },
});
