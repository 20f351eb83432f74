// Finds the Chromium that the browser tests drive, installing Debian's package when allowed.
// CHROMIUM_PATH overrides the path on machines where Chromium lives elsewhere.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const DEFAULT_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser path from CHROMIUM_PATH, or the first Chromium found in the usual places. */
export function findChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) return existsSync(override) ? override : null;
  return DEFAULT_PATHS.find((path) => existsSync(path)) ?? null;
}

function hasApt() {
  return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns a usable Chromium path. When none is found and we run as root with apt-get,
 * installs Debian's `chromium`; otherwise exits with one line saying what to install.
 */
export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but no browser is there.`);
    process.exit(1);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasApt()) {
    console.log('Chromium not found: installing Debian\'s chromium package for the browser tests…');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error('Chromium is needed for the browser tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.');
  process.exit(1);
}
