/** Serves the built site from a folder: content types, index.html for folders, the 404 page, no escaping the folder. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

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
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
  '.map': 'application/json; charset=utf-8',
};

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

/** Answers a GET or HEAD for a file under `root`. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  if (!file) {
    const notFound = await siteFile(realBase, join(base, '404.html'));
    res.writeHead(404, { 'Content-Type': TYPES['.html'] });
    if (req.method === 'HEAD' || !notFound) res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
    else createReadStream(notFound).pipe(res);
    return;
  }
  const info = await stat(file);
  res.writeHead(200, {
    'Content-Type': contentType(file),
    'Content-Length': info.size,
    'Cache-Control': file.includes(`${sep}_astro${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}
