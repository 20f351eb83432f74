/**
 * The clients of the real-server rows of `npm run bench`, in a process of their own as
 * the servers are: what the bench process has loaded and allocated for its other rows does
 * not slow them. For each request from the parent ({ client, url, size, count }) one of them
 * connects, echoes `count` binary messages of `size` bytes and closes, then answers with
 * the milliseconds that took and the microseconds of CPU this process used:
 * - `ws`: the ws package's client, sending all `count` messages at once;
 * - `frames`: frames-client.ts, which costs less per echo than either server.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { framesEcho } from './frames-client.ts';
import { binaryOf } from './harness.ts';

const ws = createRequire(import.meta.url)('ws') as typeof import('ws');

interface EchoRequest { client: 'ws' | 'frames'; url: string; size: number; count: number }

const payloads = new Map<number, Buffer>();

/** The same bytes for every run of a size, made once. */
function payloadOf(size: number): Buffer {
  let payload = payloads.get(size);
  if (!payload) {
    payload = Buffer.from(binaryOf(size));
    payloads.set(size, payload);
  }
  return payload;
}

async function echo({ url, size, count }: EchoRequest): Promise<{ ms: number; cpu: number }> {
  const payload = payloadOf(size);
  const start = performance.now();
  const cpuAtStart = process.cpuUsage();
  const client = new ws.WebSocket(url, { perMessageDeflate: false });
  await once(client, 'open');
  let received = 0;
  const done = new Promise<void>((resolve) => {
    client.on('message', () => {
      if (++received === count) resolve();
    });
  });
  for (let i = 0; i < count; i++) client.send(payload);
  await done;
  client.close(1000);
  await once(client, 'close');
  const cpu = process.cpuUsage(cpuAtStart);
  return { ms: performance.now() - start, cpu: cpu.user + cpu.system };
}

process.on('message', (request: EchoRequest) => {
  (request.client === 'frames' ? framesEcho(request.url, payloadOf(request.size), request.count) : echo(request)).then((answer) => process.send!(answer), (error: Error) => process.send!({ error: error.message }));
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
