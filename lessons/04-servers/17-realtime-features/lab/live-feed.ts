/**
 * One handler that sends and receives at once: a clock feed pushed every second by a loop of
 * its own, while the receive loop takes the page's "pause" and "resume". When the page
 * closes, the finally block stops the feed — or, with the mistake switched on, does not, and
 * the loop goes on sending to a closed connection.
 */
import { LabServer, WebSocketDisconnect, defineScenario } from '#authoring';

export default defineScenario({
  title: 'A live feed beside the receive loop',
  description:
    'The page opens the clock feed; the server sends a tick every second from a loop of its own while its receive loop handles “pause” (at 2.5 s) and “resume” (at 4.5 s). The page closes at 6.5 s. Set “Stop the feed in finally” to 0 to see the mistake.',
  params: {
    stopFeed: { label: 'Stop the feed in finally (1 = yes, 0 = the mistake)', default: 1, min: 0, max: 1 },
  },
  faults: { latency: 20 },
  limitMs: 12_000,
  server: ({ log, sleep, params }) =>
    new LabServer().websocket('/ws/feed', async (ws) => {
      await ws.accept();
      let running = true; // the feed's stop switch
      let paused = false;
      const feed = (async () => {
        let n = 0;
        while (running) {
          await sleep(1000);
          if (!running) break;
          if (paused) continue;
          n++;
          try {
            await ws.sendJson({ type: 'tick', n });
          } catch (error) {
            if (!(error instanceof WebSocketDisconnect)) throw error;
            log(`tick ${n} not sent: the connection is closed, and the feed loop is still running`);
          }
        }
        log('feed stopped');
      })();
      try {
        for await (const message of ws) {
          if (message === 'pause' || message === 'resume') {
            paused = message === 'pause';
            log(`receive loop: ${message}`);
          }
        }
      } finally {
        log(`connection closed (${ws.closeInfo?.code ?? 1006})`);
        if (params.stopFeed) {
          running = false; // FastAPI: task.cancel(); here the loop sees the switch on its next turn
          await feed;
        }
      }
    }),
  client: async ({ WebSocket, sleep }) => {
    const ws = new WebSocket('ws://lab.local/ws/feed');
    await sleep(2500);
    ws.send('pause');
    await sleep(2000);
    ws.send('resume');
    await sleep(2000);
    ws.close(1000, 'leaving the page');
  },
});
