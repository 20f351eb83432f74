/**
 * One Socket.IO session, byte by byte: the real socket.io-client against the lab's Socket.IO
 * server, over WebSocket from the start. Connect, join a room with an acknowledgement, get
 * the room's broadcast, emit a chat message with an acknowledgement, send a binary
 * attachment, then wait for the server's Engine.IO ping, which the client answers with a
 * pong, and leave.
 */
import { defineScenario } from '#authoring';
import { connectSocketIo } from '../lab-kit/socket-io-client.ts';
import { socketIoServer } from '../lab-kit/socket-io-server.ts';

export default defineScenario({
  title: 'A Socket.IO session',
  description:
    'The real socket.io-client (4.x) talks to a Socket.IO server over the lab’s WebSocket: the Engine.IO open packet, CONNECT, a room joined with an acknowledgement, a broadcast, an event with an acknowledgement, a binary attachment, and the server’s ping 25 s in.',
  faultDefaults: { idleTimeout: 20_000, drop: { direction: 'server→client', bytes: 150 }, flip: { direction: 'server→client', offset: 8, bit: 1 }, restart: { at: 10_000, downMs: 1000 } },
  server: (context) =>
    socketIoServer(context, {
      namespaces: {
        '/': (socket, io) => {
          let sent = 0;
          socket.on('join', ([room], ack) => {
            socket.join(String(room));
            ack?.({ room, members: 1 });
            io.to(String(room)).emit('chat', { from: 'server', text: `${socket.id.slice(0, 4)}… joined ${String(room)}` });
          });
          socket.on('chat', ([message], ack) => {
            sent++;
            socket.to('general').emit('chat', message);
            ack?.({ ok: true, n: sent });
          });
          socket.on('upload', ([meta, bytes], ack) => {
            const size = bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes) ? bytes.byteLength : -1;
            context.log(`upload ${JSON.stringify(meta)}: ${size} bytes arrived as a binary attachment`);
            ack?.({ stored: size });
          });
          socket.onDisconnect((reason) => context.log(`socket ${socket.id} left: ${reason}`));
        },
      },
    }),
  client: async (context) => {
    const { log, sleep } = context;
    const socket = connectSocketIo(context);
    socket.on('chat', (message: { from: string; text: string }) => log(`chat event: ${JSON.stringify(message)}`));
    socket.on('disconnect', (reason) => log(`disconnect: ${reason}`));
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', (error) => {
        log(`connect_error: ${error.message}`);
        resolve(false);
      });
    });
    if (!connected) return;
    log(`connected: socket.id ${socket.id}`);
    const joined: unknown = await socket.emitWithAck('join', 'general');
    log(`join acknowledged with ${JSON.stringify(joined)}`);
    const delivered: unknown = await socket.emitWithAck('chat', { text: 'hello, room' });
    log(`chat acknowledged with ${JSON.stringify(delivered)}`);
    const stored: unknown = await socket.emitWithAck('upload', { name: 'pixel.bin' }, new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    log(`upload acknowledged with ${JSON.stringify(stored)}`);
    await sleep(30_000); // the server pings at 25 s; engine.io-client answers on its own
    socket.disconnect();
    log('left with socket.disconnect()');
  },
});
