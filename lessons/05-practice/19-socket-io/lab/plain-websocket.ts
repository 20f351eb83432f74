/**
 * A plain WebSocket client (the browser's API, no Socket.IO library) against the same
 * Socket.IO server. It must find the server's path, it gets the Engine.IO open packet and,
 * later, a ping it does not understand; it never answers `3`, so the server closes it at the
 * ping timeout.
 */
import { defineScenario } from '#authoring';
import { socketIoServer } from '../lab-kit/socket-io-server.ts';

export default defineScenario({
  title: 'A plain WebSocket client meets a Socket.IO server',
  description:
    'new WebSocket(…) with no Socket.IO library. The bare URL is refused, the Engine.IO URL opens, the open packet and the CONNECT answer arrive as text it must parse itself, and the server’s ping (pingInterval 10 s here) goes unanswered: 5 s later the server closes the connection.',
  faultDefaults: { idleTimeout: 5000, drop: { direction: 'server→client', bytes: 60 }, flip: { direction: 'server→client', offset: 8, bit: 1 }, restart: { at: 3000, downMs: 1000 } },
  limitMs: 60_000,
  server: (context) =>
    socketIoServer(context, {
      pingInterval: 10_000,
      pingTimeout: 5_000,
      namespaces: { '/': (socket) => socket.on('chat', (args) => context.log(`chat ${JSON.stringify(args)}`)) },
    }),
  client: async ({ WebSocket, log, sleep }) => {
    const attempt = (url: string) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => {
          log(`open: ${url}`);
          // What a plain client is tempted to send: its own JSON. Engine.IO would close at once (parse error),
          // so this client only reads, as a page that waits for updates does.
        };
        ws.onmessage = (event) => {
          const text = String(event.data);
          log(`got “${text}”: ${text.startsWith('0{') ? 'the Engine.IO open packet, not a message of ours' : text === '2' ? 'an Engine.IO ping inside a text frame; a plain client does not know to answer “3”' : 'a Socket.IO packet'}`);
          if (text.startsWith('0{')) {
            // This page knows just enough to join the default namespace, and no more.
            ws.send('40');
          }
        };
        ws.onclose = (event) => {
          log(`close ${event.code} for ${url}`);
          resolve();
        };
      });
    await attempt('ws://lab/chat');
    await attempt('ws://lab/socket.io/');
    await sleep(100);
    await attempt('ws://lab/socket.io/?EIO=4&transport=websocket');
  },
});
