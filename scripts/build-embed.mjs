// The <ws-frame> element as one self-contained script, ESM and IIFE, into <dist>/embed/.
import { build } from 'vite';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(process.env.DIST_DIR ?? 'dist');
const outDir = resolve(dist, 'embed');
await build({
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    lib: {
      entry: resolve('site/embed/ws-frame.ts'),
      name: 'WsFrame',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'ws-frame.mjs' : 'ws-frame.js'),
    },
  },
});
for (const name of ['ws-frame.js', 'ws-frame.mjs']) {
  const size = gzipSync(readFileSync(resolve(outDir, name))).length;
  console.log(`embed/${name}: ${(size / 1024).toFixed(1)} KB gzipped`);
}
