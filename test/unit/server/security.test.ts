/** Security headers on every response, and each page's policy with its own inline scripts by hash. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineScriptHashes } from '../../../server/security.ts';
import { removeFolder } from '../../fixtures/temporary-folder.ts';
import { HANDSHAKE, fixtureSite, head, raw, start } from './helpers.ts';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const THEME = '(function () { document.documentElement.dataset.js = ""; })();';
const MODULE = 'const o = "wslab:theme"; console.log(o);';

let root = '';
beforeAll(() => {
  root = fixtureSite();
  writeFileSync(join(root, 'page.html'), `<!doctype html><title>p</title><script>${THEME}</script>
    <script type="module" src="/_astro/app.js"></script><script type="module">${MODULE}</script>`);
  mkdirSync(join(root, 'embed', 'frame'), { recursive: true });
  writeFileSync(join(root, 'embed', 'frame', 'index.html'), '<!doctype html><title>frame</title>');
  return () => removeFolder(root);
});

/** The status and headers (lowercased names) of the raw answer to a request made of `lines` (closed after it unless it names its Connection). */
async function headersOf(port: number, lines: string[]): Promise<Record<string, string>> {
  const answer = await raw(port, head(lines.some((line) => line.startsWith('Connection:')) ? lines : [...lines, 'Connection: close']), 1000);
  const headers: Record<string, string> = {};
  for (const line of answer.split('\r\n\r\n')[0].split('\r\n').slice(1)) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: answer.slice(9, 12), ...headers };
}

describe('every response carries the security headers', () => {
  it.each([
    ['a page', ['GET / HTTP/1.1', 'Host: 127.0.0.1'], '200'],
    ['a script', ['GET /app.js HTTP/1.1', 'Host: 127.0.0.1'], '200'],
    ['the 404 page', ['GET /missing HTTP/1.1', 'Host: 127.0.0.1'], '404'],
    ['a folder redirect', ['GET /lessons/x HTTP/1.1', 'Host: 127.0.0.1'], '301'],
    ['a method not allowed', ['POST / HTTP/1.1', 'Host: 127.0.0.1', 'Content-Length: 0'], '405'],
    ['a bad path', ['GET /%zz HTTP/1.1', 'Host: 127.0.0.1'], '400'],
    ['a plain GET of a WebSocket endpoint', ['GET /ws/echo HTTP/1.1', 'Host: 127.0.0.1'], '400'],
    ['a page asked for with Upgrade: h2c', ['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Connection: Upgrade', 'Upgrade: h2c'], '200'],
  ])('%s', async (_name, request, status) => {
    const { port } = await start({ root });
    const headers = await headersOf(port, request);
    expect(headers.status).toBe(status);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).toMatch(/object-src 'none'/);
  });

  it('a WebSocket handshake is still answered with 101', async () => {
    const { port } = await start({ root });
    expect((await headersOf(port, HANDSHAKE)).status).toBe('101');
  });
});

describe('a page’s Content-Security-Policy', () => {
  it('allows exactly its own inline scripts, by hash, and no inline event handlers or eval', async () => {
    const { port } = await start({ root });
    const policy = (await headersOf(port, ['GET /page.html HTTP/1.1', 'Host: 127.0.0.1']))['content-security-policy'];
    const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
    expect(scriptSrc.split(' ').sort()).toEqual(['script-src', "'self'", sha256(THEME), sha256(MODULE)].sort());
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
  });

  it('lets any site frame the frame view, and only it', async () => {
    const { port } = await start({ root });
    const headers = await headersOf(port, ['GET /embed/frame/?hex=8a00 HTTP/1.1', 'Host: 127.0.0.1']);
    expect(headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(headers['x-frame-options']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('follows a page that changes', async () => {
    const { port } = await start({ root });
    const before = (await headersOf(port, ['GET /lessons/x/ HTTP/1.1', 'Host: 127.0.0.1']))['content-security-policy'];
    writeFileSync(join(root, 'lessons', 'x', 'index.html'), `<!doctype html><title>x</title><script>${THEME}</script>`);
    const after = (await headersOf(port, ['GET /lessons/x/ HTTP/1.1', 'Host: 127.0.0.1']))['content-security-policy'];
    expect(before).not.toContain(sha256(THEME));
    expect(after).toContain(sha256(THEME));
  });
});

describe('inlineScriptHashes', () => {
  it('hashes the text of each inline script as written, skips scripts with src, and lists each once', () => {
    const html = `<script>a()</script><SCRIPT type="module">b()</SCRIPT ><script src="/x.js"></script><script defer src=/y.js></script><script>a()</script><script>\n  c()\n</script>`;
    expect(inlineScriptHashes(html)).toEqual([sha256('a()'), sha256('b()'), sha256('\n  c()\n')]);
  });
});
