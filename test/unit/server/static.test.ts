/** The built site over real sockets: paths, redirects, symlinks, compression, caching. */
import { beforeAll, describe, expect, it } from 'vitest';
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
