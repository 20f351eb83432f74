// `npm run build`: the Astro site, the embeddable <ws-frame> script, then the Pagefind search index. DIST_DIR builds elsewhere.
import { spawnSync } from 'node:child_process';

const dist = process.env.DIST_DIR ?? 'dist';
const steps = [
  ['npx', ['astro', 'build']],
  ['node', ['scripts/build-embed.mjs']],
  ['npx', ['pagefind', '--site', dist]],
];
for (const [command, args] of steps) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
