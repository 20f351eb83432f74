/**
 * `npm start` itself, as a process manager or a terminal runs it: a signal sent to npm
 * reaches the server, which closes its WebSockets with 1001 and frees the port.
 */
import { describe, expect, inject, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { WebSocket } from 'ws';
import { removeFolder, temporaryFolder } from '../../fixtures/temporary-folder.ts';
import { startChild } from '../../interop/processes.ts';
import { HANDSHAKE, head, raw, rawClient, within } from './helpers.ts';

/** Resolves true once nothing listens on `port` any more. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(false); });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe.concurrent('npm start', () => {
  it('passes SIGTERM to the server: open WebSockets get close 1001, npm exits 0 and the port is freed', async () => {
    const site = temporaryFolder('wslab-start-');
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title>');
    // detached: npm leads its own process group, so the cleanup below can reach whatever it started.
    const npm = spawn('npm', ['start'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DIST_DIR: site },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    npm.stdout.on('data', (chunk) => { output += chunk; });
    npm.stderr.on('data', (chunk) => { output += chunk; });
    const exited = once(npm, 'exit');
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = /running at (http:\S+)/.exec(output);
          if (match) { clearInterval(timer); resolve(match[1]); }
          if (npm.exitCode !== null) { clearInterval(timer); reject(new Error(`npm start exited early:\n${output}`)); }
        }, 20);
      });
      const port = Number(new URL(url).port);
      const ws = new WebSocket(`${url.replace('http', 'ws')}ws/echo`);
      ws.on('error', () => {});
      await once(ws, 'open');
      const closed = once(ws, 'close');
      // The signal goes to npm only, as `kill <pid of npm>` or a process manager sends it.
      npm.kill('SIGTERM');
      const [code] = await within(closed, 20_000, 'close from the server');
      expect(code).toBe(1001);
      const [exitCode, signal] = await within(exited, 20_000, 'exit of npm');
      expect({ exitCode, signal }).toEqual({ exitCode: 0, signal: null });
      expect(await refused(port)).toBe(true);
    } finally {
      try { process.kill(-npm.pid!, 'SIGKILL'); } catch { /* already gone */ }
      removeFolder(site);
    }
  }, 60_000);
});

/** Starts the server `npm start` runs (bundled for the tests: test/fixtures/bundles.ts) with `env` on a fresh site; resolves with its URL once it listens, and `stop`, which stops it and removes the site. */
async function startMain(env: Record<string, string>) {
  const site = temporaryFolder('wslab-start-');
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title>');
  const child = startChild(process.execPath, [inject('bundles').server], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DIST_DIR: site, ...env },
  });
  const stop = async () => {
    await child.stop();
    removeFolder(site);
  };
  const [, url] = await child.waitFor(/running at (http:\S+)/, 30_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, port: Number(new URL(url).port), stop };
}

describe.concurrent('the environment npm start reads', () => {
  it('ALLOWED_HOSTS, MAX_CONNECTIONS_PER_IP and PING_INTERVAL_MS reach the server', async () => {
    const { port, stop } = await startMain({ ALLOWED_HOSTS: 'lab.example', MAX_CONNECTIONS_PER_IP: '1', PING_INTERVAL_MS: '100' });
    try {
      expect(await raw(port, head(['GET / HTTP/1.1', 'Host: lab.example', 'Connection: close']))).toMatch(/^HTTP\/1\.1 200 /);
      expect(await raw(port, head(['GET / HTTP/1.1', 'Host: other.example', 'Connection: close']))).toMatch(/^HTTP\/1\.1 421 /);
      const silent = await rawClient(port);
      expect(await raw(port, head(HANDSHAKE))).toMatch(/^HTTP\/1\.1 429 /);
      await within(silent.closed, 10_000, 'cut-off of a silent client');
    } finally {
      await stop();
    }
  }, 60_000);

  it('refuses an ALLOWED_ORIGINS entry that is not an origin, naming it', async () => {
    const child = spawn(process.execPath, [inject('bundles').server], {
      env: { ...process.env, PORT: '0', ALLOWED_ORIGINS: 'https://docs.example, docs.example' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    try {
      const [code] = await within(once(child, 'exit'), 20_000, 'exit');
      expect(code).toBe(1);
      expect(output).toContain('ALLOWED_ORIGINS: "docs.example" is not an origin');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
