/**
 * The ws client of the real-server rows of `npm run bench`, in a process of its own as
 * the servers are: what the bench process has loaded and allocated for its other rows does
 * not slow it. For each request from the parent ({ url, size, count }) it connects, sends
 * `count` binary messages of `size` bytes at once, waits for every echo and closes, then
 * answers with the milliseconds that took and the microseconds of CPU this process used.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { binaryOf } from './harness.ts';

const ws = createRequire(import.meta.url)('ws') as typeof import('ws');

interface EchoRequest { url: string; size: number; count: number }

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
  echo(request).then((answer) => process.send!(answer), (error: Error) => process.send!({ error: error.message }));
});
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
