// `npm test`: type checks, unit and interop tests, the site build, then the browser tests.
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './chromium.mjs';
import { ensureRedisServer } from './redis.mjs';

const steps = [
  ['Type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['Astro check', 'npx', ['astro', 'check', '--minimumSeverity', 'warning']],
  ['Unit, content and interop tests', 'npx', ['vitest', 'run']],
  ['Site build', 'npm', ['run', 'build']],
  ['Browser tests', 'npx', ['playwright', 'test']],
];

const chromium = ensureChromium();
process.env.CHROMIUM_PATH = chromium;
// The interop tests start their own redis-server.
try {
  process.env.REDIS_SERVER_PATH = ensureRedisServer();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const started = Date.now();
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const stepStart = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - stepStart) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds}s (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${name} passed in ${seconds}s`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
