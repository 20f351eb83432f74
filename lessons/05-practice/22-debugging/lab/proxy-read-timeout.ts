/**
 * A quiet connection through a reverse proxy with a read timeout (nginx's
 * proxy_read_timeout, 60 s by default): the proxy cuts a connection that carries nothing
 * for that long. The page subscribes to alerts; the first comes after 90 s. Both the
 * proxy's timeout and the server's ping interval are params: a timeout longer than the
 * quiet, or pings more often than the timeout, let the alert through.
 */
import { LabServer, defineScenario } from '#authoring';

export default defineScenario({
  title: 'A quiet connection and the proxy’s read timeout',
  description: 'The page subscribes to alerts through a proxy with proxy_read_timeout 60 s; the first alert comes after 90 s, and the server sends no pings. Raise the timeout, or set a ping interval shorter than it, and run again.',
  params: {
    readTimeout: { label: 'proxy_read_timeout (s)', default: 60, min: 5, max: 3600 },
    pingEvery: { label: 'Server pings every (s, 0 = never)', default: 0, min: 0, max: 120 },
  },
  proxy: (params) => ({ httpVersion: '1.1', forwardUpgrade: true, backend: 'app', host: '$host', readTimeout: params.readTimeout * 1000 }),
  // The server restarts at 30 s, before the proxy’s timeout; 149 bytes reach the page before the cut, so a drop after 100 fires.
  faultDefaults: { restart: { at: 30_000, downMs: 2000 }, drop: { direction: 'server→client', bytes: 100 } },
  limitMs: 120_000,
  server: ({ sleep, log, params }) =>
    new LabServer().websocket('/ws/alerts', async (ws) => {
      await ws.accept();
      const every = params.pingEvery * 1000;
      if (every > 0) {
        void (async () => {
          for (let beat = 1; ; beat++) {
            await sleep(every);
            if (ws.state !== 'open') return;
            await ws.ping(new TextEncoder().encode(`beat ${beat}`));
          }
        })();
      }
      void (async () => {
        await sleep(90_000);
        if (ws.state !== 'open') return log('90 s: an alert is ready, but the connection is gone');
        await ws.sendText('alert: disk 91% full');
        log('90 s: sent the alert');
      })();
      for await (const message of ws) await ws.sendText(`subscribed to ${String(message)}`);
    }),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/alerts');
    socket.onopen = () => socket.send('disk');
    socket.onmessage = (event) => {
      if (String(event.data).startsWith('alert')) socket.close(1000, 'got the alert');
    };
    socket.onclose = (event) => {
      if (event.code === 1006) log('close 1006 with no Close frame: something between the ends cut the connection');
    };
  },
});
