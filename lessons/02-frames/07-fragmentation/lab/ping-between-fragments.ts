/**
 * A server sends one text message in three fragments and pings the page between the
 * first two. The page's WebSocket answers the ping at once, long before the message is
 * whole; the message event fires once, after the last fragment.
 */
import { LabServer, defineScenario } from '#authoring';

export default defineScenario({
  title: 'A ping between fragments',
  description: 'The server sends “Hello, fragmented world!” in three frames, 50 ms apart, and pings between the first and the second. Watch when the pong leaves and when the message event fires.',
  params: {
    gap: { label: 'Milliseconds between fragments', default: 50, min: 0, max: 5000 },
  },
  faults: { latency: 10 },
  // Numbers each fault starts from here, so it fires: the gap between fragments is 50 ms, the
  // server's first frame begins at byte 129 (its "H" at 131), 177 bytes reach the page; with
  // 10 ms latency the longest quiet is 40 ms.
  faultDefaults: { idleTimeout: 30, drop: { direction: 'server→client', bytes: 150 }, flip: { direction: 'server→client', offset: 131, bit: 0 } },
  server: ({ sleep, log, params }) =>
    new LabServer().websocket('/ws/story', async (ws) => {
      await ws.accept();
      await ws.sendFragment('Hello, ', false);
      log('sent part 1 (text, FIN 0)');
      await ws.ping(new TextEncoder().encode('still there?'));
      log('sent a ping in the middle of the message');
      await sleep(params.gap);
      await ws.sendFragment('fragmented ', false);
      log('sent part 2 (continuation, FIN 0)');
      await sleep(params.gap);
      await ws.sendFragment('world!', true);
      log('sent part 3 (continuation, FIN 1): the message is complete');
      for await (const message of ws) log(`received “${String(message)}”`);
    }),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/story');
    socket.onmessage = (event) => {
      log(`one message event for the whole message: ${String(event.data).length} characters`);
      socket.close(1000, 'thanks');
    };
  },
});
