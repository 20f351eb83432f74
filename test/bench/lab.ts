/**
 * Lab rows: echo round trips through LabServer + LabWebSocket over the in-memory pipe
 * (one process, no sockets), and the real server's /ws/echo over loopback beside a ws
 * echo server, each in a process of its own as servers run, driven by the same ws client.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { createLabRun } from '../../lib/lab/index.ts';
import { defineSection, median, perSecond, RUNS, type BenchRow } from './harness.ts';

// Loaded with require: ws-modules.ts reloads ws's CommonJS files, which an ESM import of ws would trip over.
const ws = createRequire(import.meta.url)('ws') as typeof import('ws');

const KiB = 1024;
const SIZES = [
  { name: '32 B', size: 32, messages: 4000 },
  { name: '64 KiB', size: 64 * KiB, messages: 1000 },
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

/** An echo server in a child process (echo-server.ts), its URL, and its CPU time on request. */
async function echoServer(kind: 'lab' | 'ws') {
  const child = fork(fileURLToPath(new URL('./echo-server.ts', import.meta.url)), [kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = async <T>(): Promise<T> => (await once(child, 'message'))[0] as T;
  const { url } = await next<{ url: string }>();
  return {
    url,
    /** Runs `work` and returns the microseconds of CPU the server used meanwhile. */
    async cpuDuring(work: () => Promise<void>): Promise<number> {
      child.send('mark');
      await next();
      await work();
      child.send('cpu');
      return (await next<{ cpu: number }>()).cpu;
    },
    stop: () => { child.disconnect(); },
  };
}

defineSection({
  name: 'Real server: /ws/echo over loopback, each server in a process of its own, a ws client sending',
  columns: ['ws-server'],
  async run(): Promise<BenchRow[]> {
    const lab = await echoServer('lab');
    const theirs = await echoServer('ws');
    const rows: BenchRow[] = [];
    try {
      // Longer runs than the lab rows': over loopback a run of 4,000 small messages lasts about 40 ms, too short to time on a shared machine.
      for (const { name, size, messages } of SIZES.map((row) => ({ ...row, messages: row.messages * (row.size < KiB ? 5 : 2) }))) {
        const payload = Buffer.from(binaryOf(size));
        // Runs alternate between the servers (which goes first alternating too), so a burst of load on this shared machine lands on one pair, not on one side.
        const measured = { lab: { rates: [] as number[], cpu: [] as number[] }, ws: { rates: [] as number[], cpu: [] as number[] } };
        const time = async (server: typeof lab, into: { rates: number[]; cpu: number[] }) => {
          let elapsed = 0;
          const cpu = await server.cpuDuring(async () => {
            const start = performance.now();
            await wsClientEcho(server.url, payload, messages);
            elapsed = performance.now() - start;
          });
          into.rates.push(messages / (elapsed / 1000));
          into.cpu.push(messages / (cpu / 1e6));
        };
        await wsClientEcho(lab.url, payload, messages);
        await wsClientEcho(theirs.url, payload, messages);
        for (let i = 0; i < RUNS; i++) {
          if (i % 2 === 0) { await time(lab, measured.lab); await time(theirs, measured.ws); }
          else { await time(theirs, measured.ws); await time(lab, measured.lab); }
        }
        const paired = (ours: number[], theirs: number[]) => median(ours.map((value, i) => value / theirs[i]));
        rows.push({
          name: `${name} echo`,
          lib: perSecond(median(measured.lab.rates), 'msg'),
          others: { 'ws-server': perSecond(median(measured.ws.rates), 'msg') },
          pairedRatios: { 'ws-server': paired(measured.lab.rates, measured.ws.rates) },
          target: { against: 'ws-server', ratio: 1 },
        });
        rows.push({
          name: `${name} echo, per second of server CPU`,
          lib: { value: median(measured.lab.cpu), unit: 'msg/CPU-s' },
          others: { 'ws-server': { value: median(measured.ws.cpu), unit: 'msg/CPU-s' } },
          pairedRatios: { 'ws-server': paired(measured.lab.cpu, measured.ws.cpu) },
        });
      }
    } finally {
      lab.stop();
      theirs.stop();
    }
    return rows;
  },
});
