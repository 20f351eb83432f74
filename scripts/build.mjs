// `npm run build`: the Astro site, the embeddable <ws-frame> script, the Pagefind search index, then brotli and
// gzip copies of every text asset for the server to send as they are. DIST_DIR builds elsewhere.
import { spawnSync } from 'node:child_process';

const dist = process.env.DIST_DIR ?? 'dist';
const steps = [
  ['npx', ['astro', 'build']],
  ['node', ['scripts/build-embed.mjs']],
  ['npx', ['pagefind', '--site', dist]],
  ['node', ['scripts/precompress.mjs', dist]],
];
for (const [command, args] of steps) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
