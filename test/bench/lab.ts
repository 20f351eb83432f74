/**
 * Lab rows: echo round trips through LabServer + LabWebSocket over the in-memory pipe
 * (one process, no sockets), and the real server's /ws/echo over loopback beside a ws
 * echo server, both driven by the same ws client.
 */
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { RawData } from 'ws';
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { createLabRun } from '../../lib/lab/index.ts';
import { createLabHttpServer } from '../../server/app.ts';
import { defineSection, median, perSecond, RUNS, type BenchRow } from './harness.ts';

// Loaded with require: ws-modules.ts reloads ws's CommonJS files, which an ESM import of ws would trip over.
const ws = createRequire(import.meta.url)('ws') as typeof import('ws');

const KiB = 1024;
const SIZES = [
  { name: '32 B', size: 32, messages: 4000 },
  { name: '64 KiB', size: 64 * KiB, messages: 400 },
];

function binaryOf(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 13 + 5) & 0xff);
}

/** Times `work` (which handles `count` messages) RUNS times after a warm-up; the median rate. */
async function messagesPerSecond(work: () => Promise<void>, count: number): Promise<number> {
  await work();
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await work();
    rates.push(count / ((performance.now() - start) / 1000));
  }
  return median(rates);
}

/** One lab run: connect to /ws/echo, send `count` messages, wait for every echo, close. */
async function labEcho(payload: Uint8Array, count: number, clock: 'virtual' | 'real'): Promise<void> {
  const run = createLabRun({ server: createLessonServer(), seed: 7, clock });
  const ws = new run.WebSocket('ws://lab/ws/echo');
  ws.binaryType = 'arraybuffer';
  let received = 0;
  const done = new Promise<void>((resolve, reject) => {
    ws.onmessage = () => {
      if (++received === count) resolve();
    };
    ws.onclose = (event) => reject(new Error(`closed early: ${event.code}`));
  });
  ws.onopen = () => {
    for (let i = 0; i < count; i++) ws.send(payload);
  };
  if (run.virtual) {
    await run.virtual.run();
  }
  await done;
  ws.onclose = null;
  ws.close(1000);
  if (run.virtual) await run.virtual.run();
}

/** Sends `count` messages over `url` with a ws client and waits for every echo. */
async function wsClientEcho(url: string, payload: Buffer, count: number): Promise<void> {
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
}

defineSection({
  name: 'Lab network: echo round trips through LabServer + LabWebSocket in one process (messages/s)',
  columns: ['real-clock'],
  async run(): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const { name, size, messages } of SIZES) {
      const payload = binaryOf(size);
      const virtual = await messagesPerSecond(() => labEcho(payload, messages, 'virtual'), messages);
      const real = await messagesPerSecond(() => labEcho(payload, messages, 'real'), messages);
      rows.push({
        name: `${name} echo, virtual clock`,
        lib: perSecond(virtual, 'msg'),
        others: { 'real-clock': perSecond(real, 'msg') },
      });
    }
    return rows;
  },
});

defineSection({
  name: 'Real server: /ws/echo over loopback, a ws client sending (messages/s)',
  columns: ['ws-server'],
  async run(): Promise<BenchRow[]> {
    const root = mkdtempSync(join(tmpdir(), 'wslab-bench-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>bench</title>');
    const lab = createLabHttpServer({ root, maxMessageSize: 1024 * 1024 });
    const labUrl = (await lab.listen(0, '127.0.0.1')).replace('http', 'ws') + 'ws/echo';
    const wss = new ws.WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await once(wss, 'listening');
    wss.on('connection', (socket) => {
      socket.on('message', (data: RawData, isBinary) => socket.send(data, { binary: isBinary }));
    });
    const address = wss.address();
    const wsUrl = `ws://127.0.0.1:${(address as import('node:net').AddressInfo).port}/`;
    const rows: BenchRow[] = [];
    try {
      for (const { name, size, messages } of SIZES) {
        const payload = Buffer.from(binaryOf(size));
        const ours = await messagesPerSecond(() => wsClientEcho(labUrl, payload, messages), messages);
        const theirs = await messagesPerSecond(() => wsClientEcho(wsUrl, payload, messages), messages);
        rows.push({
          name: `${name} echo`,
          lib: perSecond(ours, 'msg'),
          others: { 'ws-server': perSecond(theirs, 'msg') },
          target: { against: 'ws-server', ratio: 1 },
        });
      }
    } finally {
      await lab.shutdown(500);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
    return rows;
  },
});
