/**
 * The same message in two formats: as JSON in a text frame and as MessagePack in a binary
 * frame, each on a connection whose subprotocol names its format. The inspector shows
 * the bytes of each, and the server says what it decoded.
 */
import { decode, encode } from '@msgpack/msgpack';
import { LabServer, defineScenario } from '#authoring';

/** A vehicle's position, as a tracking page might send it a few times a second. */
export const POSITION = { type: 'position', vehicle: 'bus-42', lat: 52.520008, lng: 13.404954, speed: 31, heading: 270, doorsOpen: false, at: 1767225600000 };

export default defineScenario({
  title: 'One message as JSON and as MessagePack',
  description: 'The page opens two connections to /ws/tracker, one offering tracker.json and one tracker.msgpack, and sends the same position on each: as JSON text and as a MessagePack binary frame.',
  faults: { latency: 5 },
  // So each fault fires in a 25 ms run: the sockets are open from 10 ms, the messages go page →
  // server, and the server's first frame after its 167-byte handshake is a Close (code at 169).
  faultDefaults: {
    idleTimeout: 4,
    drop: { direction: 'client→server', bytes: 300 },
    restart: { at: 12, downMs: 1000 },
    flip: { direction: 'server→client', offset: 169, bit: 0 },
  },
  server: ({ log }) =>
    new LabServer().websocket('/ws/tracker', async (ws) => {
      const protocol = ws.pickProtocol(['tracker.msgpack', 'tracker.json']);
      if (!protocol) return ws.reject(400, { body: 'This endpoint speaks tracker.msgpack or tracker.json.\n' });
      await ws.accept({ protocol });
      for await (const message of ws) {
        // The subprotocol says which frames to expect and how to read them.
        if (protocol === 'tracker.json' && typeof message === 'string') {
          const value = JSON.parse(message) as typeof POSITION;
          log(`tracker.json: ${new TextEncoder().encode(message).length} bytes of text, ${value.vehicle} at ${value.lat}, ${value.lng}`);
        } else if (protocol === 'tracker.msgpack' && typeof message !== 'string') {
          const value = decode(message) as typeof POSITION;
          log(`tracker.msgpack: ${message.length} bytes of binary, ${value.vehicle} at ${value.lat}, ${value.lng}`);
        } else {
          await ws.close(1003, `${protocol} takes ${protocol === 'tracker.json' ? 'text' : 'binary'} frames`);
        }
      }
    }),
  client: ({ WebSocket, log }) => {
    const text = JSON.stringify(POSITION);
    const bytes = encode(POSITION);
    log(`the same position: ${new TextEncoder().encode(text).length} bytes as JSON, ${bytes.length} bytes as MessagePack`);
    for (const [protocol, data] of [['tracker.json', text], ['tracker.msgpack', bytes]] as const) {
      const socket = new WebSocket('ws://lab.local/ws/tracker', [protocol]);
      socket.onopen = () => {
        socket.send(data);
        socket.close(1000, 'sent');
      };
    }
  },
});
