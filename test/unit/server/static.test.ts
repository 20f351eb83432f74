/** The built site over real sockets: paths, redirects, symlinks, compression, caching. */
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { precompress } from '../../../scripts/precompress.mjs';
import { removeFolder, temporaryFolder } from '../../fixtures/temporary-folder.ts';
import { fixtureSite, head, raw, start } from './helpers.ts';

let root = '';
beforeAll(() => {
  root = fixtureSite();
  return () => removeFolder(root);
});

/** The status line and headers of a raw GET for `target` (sent exactly as written). */
async function get(port: number, target: string, extra: string[] = []): Promise<{ status: number; headers: Record<string, string>; text: string }> {
  const answer = await raw(port, head([`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...extra]));
  const [top, ...rest] = answer.split('\r\n\r\n');
  const [statusLine, ...lines] = top.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text: rest.join('\r\n\r\n') };
}

describe('redirects stay on this site', () => {
  it.each([
    ['/.//evil.example/..%2flessons/x', '/lessons/x/'],
    ['//evil.example/..%2flessons/x', '/lessons/x/'],
    ['/%2fevil.example/..%2flessons/x', '/lessons/x/'],
    ['/.//evil.example/..%2f..%2flessons/x?a=1', '/lessons/x/?a=1'],
    ['/\\evil.example/..%2flessons/x', '/lessons/x/'],
    ['/lessons/x', '/lessons/x/'],
  ])('%s → 301 %s', async (target, location) => {
    const { port } = await start({ root });
    const answer = await get(port, target);
    expect(answer.status).toBe(301);
    expect(answer.headers.location).toBe(location);
  });

  it('never answers with a Location that leaves the site', async () => {
    const { port } = await start({ root });
    for (const target of ['/.//evil.example/..%2flessons/x', '//evil.example/x/..%2f..%2flessons/x', '/\\\\evil.example/%2e%2e/lessons/x', '/.%2f%2fevil.example%2f..%2flessons/x', '///evil.example/..%2flessons/x']) {
      const { headers } = await get(port, target);
      expect(headers.location, target).toMatch(/^\/(?![/\\])/);
    }
  });
});

describe('symlinks do not lead out of the site', () => {
  let site = '';
  let outside = '';
  beforeAll(() => {
    site = fixtureSite();
    outside = temporaryFolder('wslab-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'the secret');
    mkdirSync(join(outside, 'page'));
    writeFileSync(join(outside, 'page', 'index.html'), 'the outside page');
    symlinkSync('/etc', join(site, 'etcdir'));
    symlinkSync(outside, join(site, 'outdir'));
    symlinkSync(join(outside, 'secret.txt'), join(site, 'secret.txt'));
    symlinkSync(join(outside, 'page'), join(site, 'page'));
    // A link that stays inside the site is fine.
    symlinkSync(join(site, 'lessons', 'x'), join(site, 'alias'));
    return () => { removeFolder(site); removeFolder(outside); };
  });

  it.each(['/etcdir/passwd', '/etcdir/hostname', '/outdir/secret.txt', '/secret.txt', '/page/', '/page', '/outdir/page/'])('%s → 404', async (target) => {
    const { port } = await start({ root: site });
    const answer = await get(port, target);
    expect(answer.status).toBe(404);
    expect(answer.text).not.toMatch(/root:|secret|outside/);
  });

  it('follows a link that stays inside the site, and serves a site folder reached through a link', async () => {
    const { port } = await start({ root: site });
    expect((await get(port, '/alias/')).status).toBe(200);
    const links = temporaryFolder('wslab-link-');
    onTestFinished(() => removeFolder(links));
    const linkedRoot = join(links, 'site');
    symlinkSync(site, linkedRoot);
    const { port: other } = await start({ root: linkedRoot });
    expect((await get(other, '/lessons/x/')).status).toBe(200);
    expect((await get(other, '/etcdir/passwd')).status).toBe(404);
  });
});

/** A GET (or HEAD) with `headers`, its body as raw bytes, never decoded. */
function request(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { Connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('precompressed copies, chosen by Accept-Encoding', () => {
  let site = '';
  const script = `export const words = ${JSON.stringify(Array.from({ length: 4000 }, (_, i) => `word ${i}`))};\n`;
  beforeAll(async () => {
    site = fixtureSite();
    mkdirSync(join(site, '_astro'));
    writeFileSync(join(site, '_astro', 'worker.Ab12Cd34.js'), script);
    writeFileSync(join(site, 'lessons', 'x', 'index.html'), `<!doctype html><title>x</title>${'<p>a lesson paragraph</p>'.repeat(500)}`);
    writeFileSync(join(site, 'photo.png'), Buffer.alloc(4096, 1));
    await precompress(site);
    return () => removeFolder(site);
  });

  it('the build writes a brotli and a gzip copy of text assets, not of images or tiny files', () => {
    expect(existsSync(join(site, '_astro', 'worker.Ab12Cd34.js.br'))).toBe(true);
    expect(existsSync(join(site, '_astro', 'worker.Ab12Cd34.js.gz'))).toBe(true);
    expect(existsSync(join(site, 'lessons', 'x', 'index.html.br'))).toBe(true);
    expect(existsSync(join(site, 'photo.png.gz'))).toBe(false);
    expect(existsSync(join(site, 'app.js.gz'))).toBe(false);
  });

  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', undefined],
    [undefined, undefined],
  ])('Accept-Encoding %j → Content-Encoding %s, with the original type, the sent length and Vary', async (accept, coding) => {
    const { port } = await start({ root: site });
    const answer = await request(port, '/_astro/worker.Ab12Cd34.js', accept === undefined ? {} : { 'Accept-Encoding': accept });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe(coding);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['content-length']).toBe(String(answer.body.length));
    expect(answer.headers.vary).toBe('Accept-Encoding');
    const decoded = coding === 'br' ? brotliDecompressSync(answer.body) : coding === 'gzip' ? gunzipSync(answer.body) : answer.body;
    expect(decoded.toString()).toBe(script);
    if (coding) expect(answer.body.length).toBeLessThan(script.length / 3);
  });

  it('answers HEAD with the compressed length and no body', async () => {
    const { port } = await start({ root: site });
    const answer = await request(port, '/lessons/x/', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(answer.headers['content-encoding']).toBe('br');
    expect(Number(answer.headers['content-length'])).toBe(statSync(join(site, 'lessons', 'x', 'index.html.br')).size);
    expect(answer.body.length).toBe(0);
  });

  it('sends the file as it is when there is no copy', async () => {
    const { port } = await start({ root: site });
    const answer = await request(port, '/photo.png', { 'Accept-Encoding': 'gzip, br' });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.length).toBe(4096);
  });
});

describe('validators and cache lifetimes', () => {
  let site = '';
  beforeAll(async () => {
    site = fixtureSite();
    mkdirSync(join(site, '_astro'));
    writeFileSync(join(site, '_astro', 'page.Ab12Cd34.css'), `body { color: red; }\n${'.x { margin: 0 }\n'.repeat(100)}`);
    mkdirSync(join(site, 'pagefind', 'fragment'), { recursive: true });
    writeFileSync(join(site, 'pagefind', 'fragment', 'en_1a2b3c4.pf_fragment'), 'fragment');
    writeFileSync(join(site, 'pagefind', 'pagefind.js'), 'export {};');
    await precompress(site);
    return () => removeFolder(site);
  });

  it('answers If-None-Match with the current ETag by 304 and no body, for each coding', async () => {
    const { port } = await start({ root: site });
    for (const accept of ['br', 'gzip', 'identity']) {
      const first = await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': accept });
      expect(first.headers.etag).toMatch(/^"[^"]+"$/);
      const again = await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': accept, 'If-None-Match': first.headers.etag! });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
      expect((await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': accept, 'If-None-Match': `W/${first.headers.etag}` })).status).toBe(304);
    }
    const br = await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': 'br' });
    const gzip = await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': 'gzip' });
    expect(br.headers.etag).not.toBe(gzip.headers.etag);
    // A copy cached in one coding is no validator for another.
    expect((await request(port, '/_astro/page.Ab12Cd34.css', { 'Accept-Encoding': 'gzip', 'If-None-Match': br.headers.etag! })).status).toBe(200);
  });

  it('sends a changed file in full', async () => {
    const { port } = await start({ root: site });
    const first = await request(port, '/index.html');
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>home</title><p>a new home page, longer');
    const again = await request(port, '/index.html', { 'If-None-Match': first.headers.etag! });
    expect(again.status).toBe(200);
    expect(again.body.toString()).toContain('a new home page');
  });

  it.each([
    ['/_astro/page.Ab12Cd34.css', 'public, max-age=31536000, immutable'],
    ['/pagefind/fragment/en_1a2b3c4.pf_fragment', 'public, max-age=31536000, immutable'],
    ['/pagefind/pagefind.js', 'no-cache'],
    ['/', 'no-cache'],
    ['/lessons/x/', 'no-cache'],
    ['/app.js', 'no-cache'],
  ])('%s → Cache-Control: %s', async (path, expected) => {
    const { port } = await start({ root: site });
    expect((await request(port, path)).headers['cache-control']).toBe(expected);
  });
});
