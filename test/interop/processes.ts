/**
 * Child processes for interop tests — a throwaway redis-server, `npm start` — each stopped
 * at the end whatever happens: by the test's own cleanup, and, should the test runner
 * exit first, by a last kill on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { ensureRedisServer } from '../../scripts/redis.mjs';
import { temporaryFolder, removeFolder } from '../fixtures/temporary-folder.ts';

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A child process with what it printed. */
export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves once `pattern` appears in the output (stdout and stderr); rejects if the process exits first or `ms` pass. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  /** SIGTERM, then SIGKILL if it has not exited within `ms`; resolves when it has exited. */
  stop(ms?: number): Promise<void>;
}

/** Starts a process and keeps it on the list of those killed on exit. */
export function startChild(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  child.stdout!.on('data', (chunk) => { output += chunk; });
  child.stderr!.on('data', (chunk) => { output += chunk; });
  child.on('error', (error) => { output += `\n${String(error)}`; });
  return {
    process: child,
    output: () => output,
    waitFor(pattern, ms) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`Waited ${ms} ms for ${pattern} from ${command}; it printed:\n${output}`)), ms);
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match);
        };
        const onExit = () => finish(new Error(`${command} exited before printing ${pattern}; it printed:\n${output}`));
        function finish(error?: Error, match?: RegExpExecArray) {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.stderr!.off('data', check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(match!);
        }
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(ms = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A port nobody listened on a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of the test's own. */
export interface RedisServer extends Child {
  port: number;
  url: string;
}

let binary: string | undefined;

/**
 * The redis-server binary, installed with apt-get when missing and allowed (see
 * scripts/redis.mjs); otherwise this throws, saying what to install.
 */
export function redisServerBinary(): string {
  binary ??= ensureRedisServer({ log: (line) => console.log(line) });
  return binary;
}

/**
 * Starts redis-server on a free port (or `port`), in memory only (`--save ''
 * --appendonly no`), listening on 127.0.0.1 alone; resolves once it accepts connections.
 */
export async function startRedis(port?: number): Promise<RedisServer> {
  const command = redisServerBinary();
  for (let attempt = 1; ; attempt++) {
    const chosen = port ?? await freePort();
    const dir = temporaryFolder('wslab-redis-');
    const started = startChild(command, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'notice'], { cwd: dir });
    // Its folder goes with it.
    const child: Child = { ...started, stop: (ms) => started.stop(ms).finally(() => removeFolder(dir)) };
    try {
      await child.waitFor(/Ready to accept connections/, 20_000);
      return { ...child, port: chosen, url: `redis://127.0.0.1:${chosen}` };
    } catch (error) {
      await child.stop();
      // Another process may have taken the free port in between: try another one.
      if (port !== undefined || attempt >= 3 || !/Address already in use/.test(child.output())) throw error;
    }
  }
}
