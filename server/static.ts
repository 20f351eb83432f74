/**
 * Serves the built site from a folder: content types, index.html for folders, the 404
 * page, no escaping the folder; precompressed copies, ETags and cache lifetimes.
 */
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { matchesEtag, pickCoding, type Coding } from './negotiate.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

/** Where the build writes content-hashed file names: a changed file gets a new URL, so these are cached for a year. */
const HASHED = [/^_astro\//, /^pagefind\/(?:fragment|index|filter)\//, /^pagefind\/pagefind\.[^/]+\.pf_meta$/];

/** Hashed assets never change under their URL; everything else (pages first) is revalidated with its ETag on each use. */
export function cacheControl(sitePath: string): string {
  return HASHED.some((pattern) => pattern.test(sitePath)) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** The precompressed copies scripts/precompress.mjs writes beside a file, best first. */
const COPIES: ReadonlyArray<{ coding: Coding; suffix: string }> = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
];

/** The content type for a file name. */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The real path of a file inside the site, or undefined when there is none: missing, not
 * a file, or reached through a symlink that leads out of the site (`dist/etc -> /etc`).
 * Symlinks that stay inside the site are followed.
 */
async function siteFile(realBase: string, path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    if (!real.startsWith(realBase + sep) || !(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

/**
 * The path of a request target, not yet percent-decoded. The origin form (`/a/b?q`) is
 * read as a path even when it starts with `//`, which a URL parser would take for a host;
 * the absolute form (`http://host/a/b`, RFC 9112 §3.2.2) is accepted too.
 */
function targetUrl(target: string): URL | undefined {
  try {
    return target.startsWith('/') ? new URL(`http://site${target}`) : new URL(target);
  } catch {
    return undefined;
  }
}

/**
 * Where a folder asked for without its trailing slash lives: the folder's own path under
 * the site, built from the resolved file path rather than echoed from the request, so a
 * Location is always a path on this site (`/lessons/`), never `//host/…` or `/\host/…`,
 * which browsers follow to another site.
 */
function folderLocation(base: string, folder: string, search: string): string {
  const segments = relative(base, folder).split(sep).filter(Boolean).map(encodeURIComponent);
  return `/${segments.length ? `${segments.join('/')}/` : ''}${search}`;
}

/** A file about to be sent, for {@link StaticOptions.headers}. */
export interface SiteFile {
  /** Its real path. */
  file: string;
  /** Its path under the site folder, with forward slashes: `lessons/masking/index.html`. */
  sitePath: string;
  stats: Stats;
}

/** Options for {@link serveStatic}. */
export interface StaticOptions {
  /** Extra headers for a file (e.g. a page's Content-Security-Policy); they replace headers already set, and undefined removes one. */
  headers?: (file: SiteFile) => OutgoingHttpHeaders | Promise<OutgoingHttpHeaders>;
}

/** A strong validator from the file's size and change time, distinct for each coding (a different byte sequence). */
function etagOf(stats: Stats, coding: Coding | 'identity'): string {
  const base = `${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}`;
  return `"${coding === 'identity' ? base : `${base}-${coding}`}"`;
}

/**
 * Sends `file` with `status`: the best precompressed copy the client accepts, with its
 * own length and validator, or 304 when the client's copy is current (200 only).
 */
async function sendFile(req: IncomingMessage, res: ServerResponse, realBase: string, file: SiteFile, status: number, options: StaticOptions): Promise<void> {
  const available: Coding[] = [];
  const copies = new Map<Coding, { path: string; size: number }>();
  for (const { coding, suffix } of COPIES) {
    const copy = await siteFile(realBase, file.file + suffix);
    if (copy) {
      available.push(coding);
      copies.set(coding, { path: copy, size: (await stat(copy)).size });
    }
  }
  const accept = req.headers['accept-encoding'];
  const coding = pickCoding(Array.isArray(accept) ? accept.join(',') : accept, available);
  const body = coding === 'identity' ? { path: file.file, size: file.stats.size } : copies.get(coding)!;
  const etag = etagOf(file.stats, coding);
  const headers: OutgoingHttpHeaders = {
    'Cache-Control': status === 200 ? cacheControl(file.sitePath) : 'no-cache',
    ...(status === 200 ? { ETag: etag } : {}),
    // Caches must key on Accept-Encoding whenever there is more than one copy to choose from.
    ...(available.length ? { Vary: 'Accept-Encoding' } : {}),
    ...(await options.headers?.(file)),
  };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) res.removeHeader(name);
    else res.setHeader(name, value);
  }
  if (status === 200 && matchesEtag(req.headers['if-none-match'], etag)) {
    res.writeHead(304).end();
    return;
  }
  res.writeHead(status, {
    'Content-Type': contentType(file.file),
    'Content-Length': body.size,
    ...(coding === 'identity' ? {} : { 'Content-Encoding': coding }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline closes the file when the client goes away mid-transfer, and the response when the file fails.
  pipeline(createReadStream(body.path), res, () => {});
}

/** Answers a GET or HEAD for a file under `root`. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, options: StaticOptions = {}): Promise<void> {
  const base = resolve(root);
  const url = targetUrl(req.url ?? '/');
  let pathname: string;
  try {
    if (!url) throw new URIError('not a request target');
    pathname = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request path\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
    return;
  }
  const target = resolve(base, `.${normalize(`/${pathname}`)}`);
  if (target !== base && !target.startsWith(base + sep)) {
    res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden\n');
    return;
  }
  // The site folder may itself be reached through a symlink; what is served must lie inside its real path.
  const realBase = await realpath(base);
  let file: string | undefined;
  if (pathname.endsWith('/')) file = await siteFile(realBase, join(target, 'index.html'));
  else {
    file = await siteFile(realBase, target);
    if (!file && (await siteFile(realBase, join(target, 'index.html')))) {
      res.writeHead(301, { Location: folderLocation(base, target, url.search) }).end();
      return;
    }
  }
  const found = file ?? (await siteFile(realBase, join(base, '404.html')));
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : 'Not found\n');
    return;
  }
  const siteInfo = { file: found, sitePath: relative(realBase, found).split(sep).join('/'), stats: await stat(found) };
  await sendFile(req, res, realBase, siteInfo, file ? 200 : 404, options);
}
