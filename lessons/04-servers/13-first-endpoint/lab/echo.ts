/**
 * The echo endpoint the lessons use (the same handler `npm start` serves at /ws/echo),
 * and a page that sends text, bytes and JSON and then closes.
 */
import { LabServer, echoHandler, defineScenario } from '#authoring';

export default defineScenario({
  title: 'Echo: text, bytes and JSON',
  description: 'The page sends a text message, three bytes and a JSON object to /ws/echo, waits for each echo, then closes with 1000.',
  faults: { latency: 5 },
  // So each fault fires in a run this short: no quiet lasts longer than the 5 ms latency, 178
  // bytes reach the page, and the echo's first letter is byte 131.
  faultDefaults: { idleTimeout: 4, drop: { direction: 'server→client', bytes: 150 }, flip: { direction: 'server→client', offset: 131, bit: 0 }, restart: { at: 20, downMs: 1000 } },
  server: () => new LabServer().websocket('/ws/echo', echoHandler),
  client: ({ WebSocket, log }) => {
    const socket = new WebSocket('ws://lab.local/ws/echo');
    socket.binaryType = 'arraybuffer';
    const outgoing: (string | Uint8Array)[] = ['hello', new Uint8Array([1, 2, 3]), JSON.stringify({ type: 'greeting', text: 'hi' })];
    let received = 0;
    socket.onopen = () => socket.send(outgoing[0]);
    socket.onmessage = (event) => {
      received += 1;
      if (event.data instanceof ArrayBuffer) log(`got ${event.data.byteLength} bytes back`);
      if (received < outgoing.length) socket.send(outgoing[received]);
      else socket.close(1000, 'done');
    };
  },
});
