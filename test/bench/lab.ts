/**
 * Lab rows: echo round trips through LabServer + LabWebSocket over the in-memory pipe
 * (one process, no sockets), and the real server's /ws/echo over loopback beside a ws
 * echo server, each in a process of its own as servers run, driven by the same client in a
 * third process: the ws package's, then at 8 KiB and 64 KiB one that costs less (frames-client.ts).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { createLabRun } from '../../lib/lab/index.ts';
import { binaryOf, defineSection, median, perSecond, RUNS, type BenchRow } from './harness.ts';

const KiB = 1024;
const SIZES = [
  { name: '32 B', size: 32, messages: 4000 },
  { name: '64 KiB', size: 64 * KiB, messages: 1000 },
];
/**
 * The real server's sizes: the two with a target, and between them 8 KiB, where several
 * messages share one read and the answers to a read go out together (no target: a figure
 * to watch).
 */
const SERVER_SIZES = [
  { name: '32 B', size: 32, messages: 4000, target: true },
  { name: '8 KiB', size: 8 * KiB, messages: 2000, target: false },
  { name: '64 KiB', size: 64 * KiB, messages: 1000, target: true },
];

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

/** Which client drives a real-server run (see echo-client.ts). */
type ClientKind = 'ws' | 'frames';

/** The bench's clients in a child process (echo-client.ts): `echo` resolves with the milliseconds a run took. */
async function echoClient() {
  const child = fork(fileURLToPath(new URL('./echo-client.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await once(child, 'message');
  return {
    /**
     * Connects to `url`, sends `count` messages of `size` bytes, waits for every echo and
     * closes: the milliseconds that took and the client's CPU time meanwhile (µs).
     */
    async echo(client: ClientKind, url: string, size: number, count: number): Promise<{ ms: number; cpu: number }> {
      child.send({ client, url, size, count });
      const [answer] = (await once(child, 'message')) as [{ ms?: number; cpu?: number; error?: string }];
      if (answer.error !== undefined) throw new Error(`The bench's ${client} client failed: ${answer.error}`);
      return { ms: answer.ms!, cpu: answer.cpu! };
    },
    stop: () => { child.disconnect(); },
  };
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

/**
 * Each real-server figure comes from this many pairs of server processes, RUNS pairs of runs
 * each (21 pairs in all by default). Over loopback on this shared machine one pair's ratio
 * lands anywhere from about 0.65 to 1.7, and a process keeps its own luck for its whole life
 * (how often glibc trims and regrows the heap around the 64 KiB buffers each read takes:
 * from none to about 2.5 page faults per 64 KiB echo here, for either server): fresh
 * processes average that luck instead of betting every pair on one draw.
 */
const SERVER_PROCESSES = 3;
const SERVER_PAIRS = RUNS * SERVER_PROCESSES;

/** The clients of the real-server rows, how their rows are named, and the message sizes each drives. */
const CLIENTS: Array<{ kind: ClientKind; rows: string; cpu: string; sizes: (size: number) => boolean }> = [
  { kind: 'ws', rows: '', cpu: "the ws client's CPU per echo", sizes: () => true },
  // At 8 KiB and 64 KiB it costs less per echo than the ws client, so it sets the pace less and leaves
  // more of the machine to the server. At 32 B the ws client is already the cheaper one.
  { kind: 'frames', rows: ' (frames client)', cpu: "the frames client's CPU per echo", sizes: (size) => size >= KiB },
];

interface Measured { rates: number[]; cpu: number[]; client: number[] }

defineSection({
  name: `Real server: /ws/echo over loopback, each server and the client sending to it in a process of its own (${SERVER_PAIRS} pairs of runs per figure, over ${SERVER_PROCESSES} pairs of server processes)`,
  columns: ['ws-server'],
  async run(): Promise<BenchRow[]> {
    const client = await echoClient();
    // Longer runs than the lab rows': over loopback a run of 4,000 small messages lasts about 40 ms, too short to time on a shared machine.
    const figures = CLIENTS.flatMap(({ kind, rows: suffix, cpu: cpuRow, sizes }) => SERVER_SIZES.filter((row) => sizes(row.size)).map((row) => ({
      kind, suffix, cpuRow, name: row.name, size: row.size, target: row.target,
      messages: row.messages * (row.size < KiB ? 5 : 2),
      measured: { lab: { rates: [], cpu: [], client: [] } as Measured, ws: { rates: [], cpu: [], client: [] } as Measured },
    })));
    try {
      for (let round = 0; round < SERVER_PROCESSES; round++) {
        const lab = await echoServer('lab');
        const theirs = await echoServer('ws');
        try {
          for (const { kind, size, messages, measured } of figures) {
            const time = async (server: typeof lab, into: Measured) => {
              let answer = { ms: 0, cpu: 0 };
              const cpu = await server.cpuDuring(async () => {
                answer = await client.echo(kind, server.url, size, messages);
              });
              into.rates.push(messages / (answer.ms / 1000));
              into.cpu.push(messages / (cpu / 1e6));
              into.client.push(answer.cpu / messages);
            };
            await client.echo(kind, lab.url, size, messages);
            await client.echo(kind, theirs.url, size, messages);
            // Runs alternate between the servers (which goes first alternating too), so a burst of load on this shared machine lands on one pair, not on one side.
            for (let i = 0; i < RUNS; i++) {
              if ((round * RUNS + i) % 2 === 0) { await time(lab, measured.lab); await time(theirs, measured.ws); }
              else { await time(theirs, measured.ws); await time(lab, measured.lab); }
            }
          }
        } finally {
          lab.stop();
          theirs.stop();
        }
      }
    } finally {
      client.stop();
    }
    // Each pair's ratio, ours / theirs: their median, and the lowest and the highest.
    const paired = (ours: number[], theirs: number[]) => {
      const ratios = ours.map((value, i) => value / theirs[i]);
      return { median: median(ratios), range: [Math.min(...ratios), Math.max(...ratios)] as [number, number] };
    };
    return figures.flatMap(({ name, suffix, cpuRow, target, measured }): BenchRow[] => {
      const rates = paired(measured.lab.rates, measured.ws.rates);
      const cpu = paired(measured.lab.cpu, measured.ws.cpu);
      return [
        {
          name: `${name} echo${suffix}`,
          lib: perSecond(median(measured.lab.rates), 'msg'),
          others: { 'ws-server': perSecond(median(measured.ws.rates), 'msg') },
          pairedRatios: { 'ws-server': rates.median },
          pairedRange: { 'ws-server': rates.range },
          ...(target ? { target: { against: 'ws-server', ratio: 1 } } : {}),
        },
        {
          name: `${name} echo${suffix}, per second of server CPU`,
          lib: { value: median(measured.lab.cpu), unit: 'msg/CPU-s' },
          others: { 'ws-server': { value: median(measured.ws.cpu), unit: 'msg/CPU-s' } },
          pairedRatios: { 'ws-server': cpu.median },
          pairedRange: { 'ws-server': cpu.range },
        },
        // The same client talks to both: when its CPU per echo is the same for both servers and about what one core gives it, the client sets the pace, not the server.
        {
          name: `${name} echo${suffix}, ${cpuRow}`,
          lib: { value: median(measured.lab.client), unit: 'µs' },
          others: { 'ws-server': { value: median(measured.ws.client), unit: 'µs' } },
          pairedRatios: { 'ws-server': paired(measured.lab.client, measured.ws.client).median },
        },
      ];
    });
  },
});
