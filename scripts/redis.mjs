// Finds the redis-server that the Redis interop tests start, installing Debian's package when allowed.
// REDIS_SERVER_PATH overrides the path on machines where redis-server lives elsewhere.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const DEFAULT_PATHS = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/opt/homebrew/bin/redis-server'];

/** What to do when no redis-server is found, in one sentence. */
export const REDIS_SERVER_HELP =
  'redis-server is needed for the Redis tests: install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_SERVER_PATH to a redis-server binary.';

/**
 * The redis-server path from REDIS_SERVER_PATH, or the first found in the usual places or on PATH.
 * @returns {string | null}
 */
export function findRedisServer() {
  const override = process.env.REDIS_SERVER_PATH;
  if (override) return existsSync(override) ? override : null;
  const found = DEFAULT_PATHS.find((path) => existsSync(path));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const onPath = which.status === 0 ? which.stdout.trim() : '';
  return onPath || null;
}

function hasApt() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns a usable redis-server path. When none is found and we run as root with apt-get,
 * installs Debian's `redis-server` (each test starts its own server on a free port,
 * whatever the package's service does); otherwise throws an Error saying what to install.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {string}
 */
export function ensureRedisServer(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const found = findRedisServer();
  if (found) return found;
  if (process.env.REDIS_SERVER_PATH) {
    throw new Error(`REDIS_SERVER_PATH is set to ${process.env.REDIS_SERVER_PATH}, but no redis-server is there.`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasApt()) {
    log('redis-server not found: installing Debian\'s redis-server package for the Redis tests…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // stdout stays off the test runner's report; failures still show on stderr.
    const stdio = ['ignore', 'ignore', 'inherit'];
    execFileSync('apt-get', ['update'], { stdio, env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { stdio, env });
    const installed = findRedisServer();
    if (installed) return installed;
  }
  throw new Error(REDIS_SERVER_HELP);
}
