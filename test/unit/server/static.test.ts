/** The built site over real sockets: paths, redirects, symlinks, compression, caching. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureSite, head, raw, start } from './helpers.ts';

let root = '';
beforeAll(() => { root = fixtureSite(); });

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
    outside = mkdtempSync(join(tmpdir(), 'wslab-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'the secret');
    mkdirSync(join(outside, 'page'));
    writeFileSync(join(outside, 'page', 'index.html'), 'the outside page');
    symlinkSync('/etc', join(site, 'etcdir'));
    symlinkSync(outside, join(site, 'outdir'));
    symlinkSync(join(outside, 'secret.txt'), join(site, 'secret.txt'));
    symlinkSync(join(outside, 'page'), join(site, 'page'));
    // A link that stays inside the site is fine.
    symlinkSync(join(site, 'lessons', 'x'), join(site, 'alias'));
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
    const linkedRoot = join(mkdtempSync(join(tmpdir(), 'wslab-link-')), 'site');
    symlinkSync(site, linkedRoot);
    const { port: other } = await start({ root: linkedRoot });
    expect((await get(other, '/lessons/x/')).status).toBe(200);
    expect((await get(other, '/etcdir/passwd')).status).toBe(404);
  });
});
