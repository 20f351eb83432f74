/**
 * One game update sent three ways: JSON in a text frame, MessagePack and a hand-packed
 * layout in binary frames. The page reads each with the default binaryType ('blob') first,
 * then switches to 'arraybuffer' and asks for the hand-packed one again.
 */
import { encode } from '@msgpack/msgpack';
import { LabServer, defineScenario } from '#authoring';

/** The update every format carries. */
export const UPDATE = { type: 'move', player: 42, x: 310.5, y: -12.25, seq: 1087 };
const MOVE = 1;

/**
 * The hand-packed layout, 17 bytes, big-endian: type (u8, 1 = move), player (u32),
 * x and y (float32), seq (u32). Both ends must know it; nothing in the bytes names a field.
 */
export function pack(update: typeof UPDATE): Uint8Array {
  const bytes = new Uint8Array(17);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, MOVE);
  view.setUint32(1, update.player);
  view.setFloat32(5, update.x);
  view.setFloat32(9, update.y);
  view.setUint32(13, update.seq);
  return bytes;
}

const sizeOf = (data: unknown) => (typeof data === 'string' ? `${new TextEncoder().encode(data).length} bytes of UTF-8` : `${(data as Blob).size ?? (data as ArrayBuffer).byteLength} bytes`);

export default defineScenario({
  title: 'JSON, MessagePack and a hand-packed layout',
  description: 'The server sends one game update as JSON (text), as MessagePack (binary) and as 17 hand-packed bytes (binary). The page reads them with binaryType “blob”, the default, then with “arraybuffer”.',
  faults: { latency: 10 },
  // The run is never quiet for long (10 ms at most), so the idle proxy starts at 5 ms.
  faultDefaults: { idleTimeout: 5 },
  server: ({ log }) =>
    new LabServer().websocket('/ws/game', async (ws) => {
      await ws.accept();
      const json = JSON.stringify(UPDATE);
      await ws.sendText(json);
      log(`JSON: ${json.length} bytes in a text frame`);
      const msgpack = encode(UPDATE);
      await ws.sendBytes(msgpack);
      log(`MessagePack: ${msgpack.length} bytes in a binary frame`);
      await ws.sendBytes(pack(UPDATE));
      log('hand-packed: 17 bytes in a binary frame');
      for await (const message of ws) {
        if (message === 'again') await ws.sendBytes(pack(UPDATE));
      }
    }),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/game');
    log(`binaryType starts as “${socket.binaryType}”`);
    let count = 0;
    socket.onmessage = (event) => {
      count++;
      const data: unknown = event.data;
      const kind = typeof data === 'string' ? 'a string' : data instanceof ArrayBuffer ? 'an ArrayBuffer' : 'a Blob';
      log(`message ${count}: event.data is ${kind}, ${sizeOf(data)}`);
      if (typeof data === 'string') {
        log(`JSON.parse gives player ${JSON.parse(data).player}`);
      } else if (data instanceof ArrayBuffer) {
        const view = new DataView(data);
        log(`read at once with a DataView: player ${view.getUint32(1)}, x ${view.getFloat32(5)}, y ${view.getFloat32(9)}, seq ${view.getUint32(13)}`);
        socket.close(1000);
      } else if (count === 3) {
        // A Blob's bytes are one more await away (blob.arrayBuffer()); set binaryType instead.
        log('a Blob needs await blob.arrayBuffer() before its bytes can be read: switching binaryType to “arraybuffer” and asking again');
        socket.binaryType = 'arraybuffer';
        socket.send('again');
      }
    };
  },
});
