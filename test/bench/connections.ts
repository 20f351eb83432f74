/**
 * Idle connections: how much one process of the real server (server/main.ts, what
 * `npm start` runs) spends on each open WebSocket that sends nothing. The server runs in
 * a child process; this process opens the connections with the `ws` package as client,
 * reads the child's resident memory and open file descriptors from /proc, and asks it for
 * its heap (report-memory.ts). Linux only. `npm run bench -- connections`.
 *
 * The server refuses a client's 51st connection (MAX_CONNECTIONS_PER_IP, default 50) and
 * any past 1,000 in all (MAX_CONNECTIONS): every connection here comes from 127.0.0.1, so
 * both are raised for the measurement. Counts: BENCH_CONNECTIONS (default 1000,5000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineSection, type BenchRow } from './harness.ts';
import { removeFolder, temporaryFolder } from '../fixtures/temporary-folder.ts';

const ws = createRequire(import.meta.url)('ws') as typeof import('ws');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNTS = (process.env.BENCH_CONNECTIONS ?? '1000,5000').split(',').map(Number).filter((n) => n > 0);
const BATCH = 100;

interface Sample { rss: number; heap: number; external: number; fds: number }

/** Starts server/main.ts on a free port with a stub site, and resolves with its ws:// base once it listens. */
function startServer(most: number): Promise<{ child: ChildProcess; base: string }> {
  const site = temporaryFolder('wslab-bench-site-');
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>bench</title>');
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', join(root, 'test/bench/report-memory.ts'), join(root, 'server/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DIST_DIR: site, MAX_CONNECTIONS: String(most + 10), MAX_CONNECTIONS_PER_IP: String(most + 10) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.once('exit', () => removeFolder(site));
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (http:\/\/[^\s]+)/.exec(text);
      if (match) {
        child.stdout!.off('data', onData);
        resolve({ child, base: match[1].replace(/^http/, 'ws') });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The server exited with ${code} before listening:\n${text}`)));
  });
}

/** The child's memory (after garbage collection) and open descriptors. */
function sample(child: ChildProcess): Promise<Sample> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /memory (\{.*\})/.exec(text);
      if (!match) return;
      child.stdout!.off('data', onData);
      const usage = JSON.parse(match[1]) as NodeJS.MemoryUsage;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
      resolve({ rss, heap: usage.heapUsed, external: usage.external + usage.arrayBuffers, fds: readdirSync(`/proc/${child.pid}/fd`).length });
    };
    child.stdout!.on('data', onData);
    child.kill('SIGUSR2');
  });
}

/** Opens `count` connections to /ws/echo, BATCH at a time. */
async function open(base: string, count: number, into: import('ws').WebSocket[]): Promise<void> {
  for (let done = 0; done < count; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - done) }, () => new ws.WebSocket(`${base}ws/echo`));
    await Promise.all(batch.map((socket) => new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    })));
    into.push(...batch);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const KiB = 1024;
const MiB = 1024 * KiB;

defineSection({
  name: 'Idle connections: server/main.ts in its own process holding N idle WebSocket connections (per connection)',
  columns: [],
  async run(): Promise<BenchRow[]> {
    const most = Math.max(...COUNTS);
    const { child, base } = await startServer(most);
    const sockets: import('ws').WebSocket[] = [];
    const rows: BenchRow[] = [];
    try {
      // One connection first, so code loaded on the first upgrade is not charged to the many.
      await open(base, 1, sockets);
      await sleep(500);
      const before = await sample(child);
      console.log(`\nServer pid ${child.pid}, 1 connection open: RSS ${(before.rss / MiB).toFixed(1)} MiB, heap ${(before.heap / MiB).toFixed(1)} MiB, ${before.fds} fds`);
      for (const count of [...COUNTS].sort((a, b) => a - b)) {
        await open(base, count + 1 - sockets.length, sockets);
        await sleep(1000);
        const now = await sample(child);
        const extra = sockets.length - 1;
        console.log(`${sockets.length} connections open: RSS ${(now.rss / MiB).toFixed(1)} MiB, heap ${(now.heap / MiB).toFixed(1)} MiB, external+arrayBuffers ${(now.external / MiB).toFixed(1)} MiB, ${now.fds} fds (+${now.fds - before.fds})`);
        const per = (a: number, b: number) => (a - b) / extra / KiB;
        rows.push(
          { name: `RSS per connection, ${count} open`, lib: { value: per(now.rss, before.rss), unit: 'KiB' }, others: {} },
          { name: `JS heap per connection, ${count} open`, lib: { value: per(now.heap, before.heap), unit: 'KiB' }, others: {} },
          { name: `External + buffers per connection, ${count} open`, lib: { value: per(now.external, before.external), unit: 'KiB' }, others: {} },
          { name: `File descriptors per connection, ${count} open`, lib: { value: (now.fds - before.fds) / extra, unit: 'fds' }, others: {} },
        );
      }
    } finally {
      for (const socket of sockets) socket.terminate();
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    return rows;
  },
});
