/**
 * `npm start`: builds the site if it is missing, then serves it and the lesson
 * endpoints over real sockets. HOST (default 127.0.0.1) and PORT (default 4321); DIST_DIR
 * serves a site built elsewhere (default dist/); REDIS_URL shares chat rooms with every
 * other process on that Redis. The limits and policies read from the environment
 * (ALLOWED_HOSTS, ALLOWED_ORIGINS, MAX_CONNECTIONS, MAX_CONNECTIONS_PER_IP,
 * PING_INTERVAL_MS, MAX_MISSED_PONGS, HANDSHAKE_TIMEOUT_MS, MAX_MESSAGE_BYTES) are
 * described in the README.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOrigins } from './hosts.ts';
import type { RedisBroker } from './redis-broker.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : join(root, 'dist');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4321);
/** A whole number from the environment; 0 only where it means "off". */
function numberFromEnv(name: string, options: { zeroMeansOff?: boolean } = {}): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !options.zeroMeansOff)) {
    console.error(`${name} must be a ${options.zeroMeansOff ? 'whole number (0 turns it off)' : 'positive whole number'}, not ${JSON.stringify(text)}.`);
    process.exit(1);
  }
  return value;
}

/** A comma-separated list from the environment (empty entries dropped). */
function listFromEnv(name: string): string[] | undefined {
  const text = process.env[name];
  return text ? text.split(',').map((entry) => entry.trim()).filter(Boolean) : undefined;
}

const origins = parseOrigins(listFromEnv('ALLOWED_ORIGINS') ?? []);
if (!origins.ok) {
  console.error(`ALLOWED_ORIGINS: ${origins.problem}.`);
  process.exit(1);
}

// Every setting is read before anything loads, so a wrong one is reported at once.
const settings = {
  handshakeTimeout: numberFromEnv('HANDSHAKE_TIMEOUT_MS'),
  maxMessageSize: numberFromEnv('MAX_MESSAGE_BYTES'),
  maxConnections: numberFromEnv('MAX_CONNECTIONS'),
  maxConnectionsPerIp: numberFromEnv('MAX_CONNECTIONS_PER_IP'),
  pingInterval: numberFromEnv('PING_INTERVAL_MS', { zeroMeansOff: true }),
  maxMissedPongs: numberFromEnv('MAX_MISSED_PONGS'),
  allowedOrigins: origins.origins,
  allowedHosts: listFromEnv('ALLOWED_HOSTS'),
};

if (!existsSync(join(dist, 'index.html'))) {
  console.log('The site is not built yet: building it once (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The site build failed; see the messages above.');
    process.exit(1);
  }
}

let broker: RedisBroker | undefined;
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  // The Redis client is loaded only by a process that uses it.
  const { connectRedisBroker, redactRedisUrl } = await import('./redis-broker.ts');
  const node = `${hostname()}-${process.pid}`;
  broker = await connectRedisBroker({
    url: redisUrl,
    node,
    onStatus: (status, detail) => {
      if (status === 'lost') console.error(`Lost the connection to Redis (${detail}): chat messages to other processes are lost until it is back; reconnecting…`);
      else console.log(`Redis is back: ${detail}.`);
    },
  }).catch((error: Error) => {
    console.error(`${error.message}. Start Redis there, or unset REDIS_URL to run this process on its own.`);
    process.exit(1);
  });
  console.log(`Chat rooms are shared through Redis at ${redactRedisUrl(redisUrl)} (this process is node ${node}).`);
}

const { createLabHttpServer } = await import('./app.ts');
const server = createLabHttpServer({ root: dist, ...settings, broker });

server.lab.on('error', ({ path, error }) => console.error(`Handler error on ${path}:`, error));

const url = await server.listen(port, host).catch((error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one (e.g. PORT=4322 npm start).` : String(error));
  process.exit(1);
});
const wsBase = url.replace(/^http/, 'ws');
console.log(`WebSocket Lab is running at ${url}`);
console.log(`WebSocket endpoints: ${wsBase}ws/echo and ${wsBase}ws/chat/{room}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: closing every connection with 1001 (going away)…`);
    void server.shutdown().then(() => broker?.close()).then(() => process.exit(0));
  });
}
