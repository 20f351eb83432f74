/**
 * A server that pushes numbered updates as fast as it can, unasked, and a page that
 * counts them and closes. Set the count to 100,000 to see a long run.
 */
import { LabServer, defineScenario } from '#authoring';

export default defineScenario({
  title: 'A server that pushes updates',
  description: 'Once connected, the server sends numbered updates without being asked, with a ping every 1,000 messages; the page counts them and closes after the last.',
  // Everything here happens at 0 ms of lab time: the restart comes at once, while the updates flow.
  // (No gap ever opens, so the idle proxy cannot cut; the run says so.)
  faultDefaults: { restart: { at: 0, downMs: 1000 } },
  params: {
    count: { label: 'Updates to send', default: 200, min: 1, max: 100_000 },
  },
  server: ({ params }) =>
    new LabServer().websocket('/ws/updates', async (ws) => {
      await ws.accept();
      for (let i = 1; i <= params.count; i++) {
        await ws.sendText(`update ${i} of ${params.count}`);
        if (i % 1000 === 0) await ws.ping();
      }
      for await (const message of ws) void message;
    }),
  client: ({ WebSocket, log, params }) => {
    const socket = new WebSocket('ws://lab.local/ws/updates');
    let count = 0;
    socket.onmessage = () => {
      count += 1;
      if (count === params.count) {
        log(`all ${count} updates arrived`);
        socket.close(1000, 'got them all');
      }
    };
  },
});
