// Brotli and gzip copies of the built site's text assets (name.ext.br, name.ext.gz) beside
// each original, made once at build time so the server never compresses per request.
// `node scripts/precompress.mjs [dir]` runs it alone on a built site.
import { readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Extensions worth compressing. Images, woff2 and Pagefind's index files are compressed already. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.xml', '.wasm', '.map', '.ttf', '.otf', '.ico', '.webmanifest']);

/** Below this, a compressed copy saves less than its response headers cost. */
const MIN_BYTES = 256;

/**
 * Brotli's best quality costs minutes on the multi-megabyte editor workers; above this
 * size quality 9 is used, about 10% larger and ten times faster.
 */
const BEST_QUALITY_UP_TO = 1024 * 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Writes `path` + `suffix` when `compressed` is smaller than the original; otherwise removes a stale copy. */
async function keepIfSmaller(path, suffix, compressed, size) {
  if (compressed.length < size) {
    await writeFile(path + suffix, compressed);
    return compressed.length;
  }
  await unlink(path + suffix).catch(() => {});
  return size;
}

async function compressOne(path) {
  const data = await readFile(path);
  const quality = data.length <= BEST_QUALITY_UP_TO ? constants.BROTLI_MAX_QUALITY : 9;
  const [br, gz] = await Promise.all([
    brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    gzipped(data, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  return {
    size: data.length,
    br: await keepIfSmaller(path, '.br', br, data.length),
    gz: await keepIfSmaller(path, '.gz', gz, data.length),
  };
}

/** Precompresses every compressible file under `dir`; returns the totals in bytes. */
export async function precompress(dir) {
  const queue = [];
  for await (const path of files(dir)) {
    if (COMPRESSIBLE.has(extname(path).toLowerCase())) queue.push(path);
  }
  const totals = { files: 0, size: 0, br: 0, gz: 0 };
  const worker = async () => {
    for (let path = queue.shift(); path; path = queue.shift()) {
      if ((await stat(path)).size < MIN_BYTES) {
        // Copies from an earlier build into the same folder would outlive a file now too small.
        await Promise.all(['.br', '.gz'].map((suffix) => unlink(path + suffix).catch(() => {})));
        continue;
      }
      const result = await compressOne(path);
      totals.files += 1;
      totals.size += result.size;
      totals.br += result.br;
      totals.gz += result.gz;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return totals;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? process.env.DIST_DIR ?? 'dist');
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const totals = await precompress(dir);
  console.log(`Precompressed ${totals.files} files: ${mb(totals.size)} → ${mb(totals.br)} brotli, ${mb(totals.gz)} gzip`);
}
