/**
 * Two real socket.io-client pages in one room, and namespaces: alice and bob join the room
 * "general"; alice's chat message reaches bob as a broadcast (the room itself never appears
 * on the wire); bob also opens the /admin namespace over the same WebSocket, and alice asks
 * for a namespace the server does not have.
 */
import { defineScenario, type ClientContext } from '#authoring';
import { connectSocketIo } from '../lab-kit/socket-io-client.ts';
import { socketIoServer } from '../lab-kit/socket-io-server.ts';

async function connected(socket: ReturnType<typeof connectSocketIo>, log: ClientContext['log'], nsp = '/'): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', (error) => {
      log(`connect_error on ${nsp}: ${error.message}`);
      resolve(false);
    });
  });
}

export default defineScenario({
  title: 'Two clients, a room and namespaces',
  description:
    'alice and bob, each with the real socket.io-client, join the room “general”. bob opens /admin over the same WebSocket (40/admin,); alice asks for /nope and gets 44. alice’s message reaches bob as a plain 42 event: which room it went to is known only to the server.',
  faultDefaults: { latency: 40, idleTimeout: 200, drop: { direction: 'server→client', bytes: 150 }, flip: { direction: 'server→client', offset: 8, bit: 1 }, restart: { at: 300, downMs: 1000 } },
  limitMs: 60_000,
  server: (context) =>
    socketIoServer(context, {
      namespaces: {
        '/': (socket) => {
          socket.on('join', ([room], ack) => {
            socket.join(String(room));
            ack?.('ok');
          });
          socket.on('chat', ([message], ack) => {
            socket.to('general').emit('chat', message);
            ack?.('sent');
          });
        },
        '/admin': (socket) => {
          socket.emit('stats', { online: 2 });
        },
      },
    }),
  clients: {
    alice: async (context) => {
      const { log, sleep } = context;
      const socket = connectSocketIo(context);
      if (!(await connected(socket, log))) return;
      log(`connected as ${socket.id}`);
      await socket.emitWithAck('join', 'general');
      await sleep(200); // bob joins in the meantime
      log(`chat acknowledged: ${String(await socket.emitWithAck('chat', { from: 'alice', text: 'hi bob' }))}`);
      const nope = socket.io.socket('/nope');
      nope.connect();
      await connected(nope, log, '/nope');
      await sleep(100);
      socket.disconnect();
    },
    bob: async (context) => {
      const { log, sleep } = context;
      await sleep(50);
      const socket = connectSocketIo(context);
      socket.on('chat', (message: unknown) => log(`chat event from the room: ${JSON.stringify(message)}`));
      if (!(await connected(socket, log))) return;
      log(`connected as ${socket.id}`);
      await socket.emitWithAck('join', 'general');
      const admin = socket.io.socket('/admin');
      admin.on('stats', (stats: unknown) => log(`/admin stats: ${JSON.stringify(stats)}`));
      admin.connect();
      if (await connected(admin, log, '/admin')) log(`/admin connected as ${admin.id}, same WebSocket`);
      await sleep(400);
      socket.disconnect();
      admin.disconnect();
    },
  },
});
