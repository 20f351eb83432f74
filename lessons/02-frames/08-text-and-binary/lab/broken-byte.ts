/**
 * A server sends one text message in fragments of a few bytes, so some characters are split
 * between two frames, and can replace one byte of it with FF, a byte that never appears in
 * UTF-8. With no byte broken, the page gets the whole text in one message event. With one
 * broken, the page's WebSocket fails the connection as soon as the fragment carrying that
 * byte arrives (Close 1007), and the fragments after it are never sent.
 */
import { LabServer, WebSocketDisconnect, defineScenario } from '#authoring';

/** 1-, 2-, 3- and 4-byte characters: 23 bytes of UTF-8. */
export const TEXT = 'Zürich → 東京 🚄';
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export default defineScenario({
  title: 'A character split across frames, and one broken byte',
  description: `The server sends “${TEXT}” (23 bytes of UTF-8) in fragments, 100 ms apart, with payload byte 14 replaced by FF. Set the byte to 23, past the end, to send the text intact; change the fragment size to split it elsewhere.`,
  params: {
    breakAt: { label: 'Payload byte to replace with FF (23: none)', default: 14, min: 0, max: 23 },
    size: { label: 'Bytes per fragment', default: 4, min: 1, max: 23 },
    gap: { label: 'Milliseconds between fragments', default: 100, min: 0, max: 5000 },
  },
  faults: { latency: 10 },
  // Numbers at which each fault fires here: the longest quiet is 90 ms, 157 bytes reach the page.
  faultDefaults: { idleTimeout: 50, drop: { direction: 'server→client', bytes: 100 } },
  server: ({ sleep, log, params }) =>
    new LabServer().websocket('/ws/text', async (ws) => {
      await ws.accept();
      const payload = new TextEncoder().encode(TEXT);
      if (params.breakAt < payload.length) payload[params.breakAt] = 0xff;
      const count = Math.ceil(payload.length / params.size);
      for (let part = 0; part < count; part++) {
        const bytes = payload.subarray(part * params.size, (part + 1) * params.size);
        const fin = part === count - 1;
        try {
          await ws.sendFragment(bytes, fin, 'text');
        } catch (error) {
          if (!(error instanceof WebSocketDisconnect)) throw error;
          log(`fragments ${part + 1}–${count} are never sent: the page has failed the connection`);
          break;
        }
        log(`sent fragment ${part + 1} of ${count}: ${hex(bytes)}${fin ? ' (FIN)' : ''}`);
        if (!fin) await sleep(params.gap);
      }
      const { code } = await ws.closed;
      log(`the connection closed with ${code}`);
    }),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/text');
    socket.onmessage = (event) => {
      log(`one message event: “${String(event.data)}”, ${String(event.data).length} UTF-16 units`);
      socket.close(1000);
    };
  },
});
