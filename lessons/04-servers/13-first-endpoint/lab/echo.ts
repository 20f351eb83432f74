/**
 * The echo endpoint the lessons use (the same handler `npm start` serves at /ws/echo),
 * and a page that sends text, bytes and JSON and then closes.
 */
import { LabServer, echoHandler, defineScenario } from '#authoring';

export default defineScenario({
  title: 'Echo: text, bytes and JSON',
  description: 'The page sends a text message, three bytes and a JSON object to /ws/echo, waits for each echo, then closes with 1000.',
  faults: { latency: 5 },
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
