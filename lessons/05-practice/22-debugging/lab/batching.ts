/**
 * Frame overhead: the server produces a price tick (6 bytes, "101.25") every 10 ms, 200 in
 * all, and sends them either one message per tick or batched: every `windowMs` it sends
 * the ticks gathered since in one JSON array. Every frame carries its own header (2 bytes
 * from a server for a payload under 126 bytes, 4 up to 65,535), so tiny messages spend a
 * large share of the wire on headers; a batch costs up to `windowMs` of delay.
 */
import { LabServer, defineScenario } from '#authoring';

export default defineScenario({
  title: 'Many tiny messages, or a few batched ones',
  description: 'The server has a 6-byte price tick every 10 ms, 200 in all. With a window of 0 each tick is its own message; with a window of 500 ms the server sends the ticks of each half second together, 4 messages of 50. Compare frames and bytes in the inspector.',
  params: {
    ticks: { label: 'Ticks (one every 10 ms)', default: 200, min: 1, max: 1000 },
    windowMs: { label: 'Batch window (ms, 0 = no batching)', default: 0, min: 0, max: 2000 },
  },
  // Ticks come every 10 ms: an idle proxy of 5 ms cuts between two.
  faultDefaults: { idleTimeout: 5 },
  server: ({ params, sleep, log }) =>
    new LabServer().websocket('/ws/positions', async (ws) => {
      await ws.accept();
      let pending: string[] = [];
      let messages = 0;
      let produced = false;
      const flush = async () => {
        if (pending.length === 0 || ws.state !== 'open') return;
        const batch = pending;
        pending = [];
        messages += 1;
        await ws.sendText(params.windowMs === 0 ? batch[0] : `[${batch.join(',')}]`);
      };
      if (params.windowMs > 0) {
        void (async () => {
          while (!produced || pending.length > 0) {
            await sleep(params.windowMs);
            await flush();
          }
        })();
      }
      await sleep(5);
      for (let i = 1; i <= params.ticks; i++) {
        if (ws.state !== 'open') return;
        pending.push((100 + (i % 40) / 4).toFixed(2));
        if (params.windowMs === 0) await flush();
        if (i < params.ticks) await sleep(10);
      }
      produced = true;
      while (pending.length > 0 && ws.state === 'open') await sleep(10);
      log(`sent ${params.ticks} ticks in ${messages} messages`);
      await ws.close(1000);
    }),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/positions');
    let ticks = 0;
    socket.onmessage = (event) => {
      const data = JSON.parse(String(event.data)) as number | number[];
      ticks += Array.isArray(data) ? data.length : 1;
    };
    socket.onclose = () => log(`received ${ticks} ticks`);
  },
});
