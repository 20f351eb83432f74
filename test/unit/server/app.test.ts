/** The lab's HTTP server over real sockets: which requests are handshakes, hosts, origins, per-client limits, idle connections. */
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDSHAKE, fixtureSite, head, raw, start } from './helpers.ts';

let root = '';
beforeAll(() => { root = fixtureSite(); });

describe('only Upgrade: websocket is a WebSocket handshake', () => {
  const H2C = ['Host: 127.0.0.1', 'Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA'];

  it('serves a page asked for with Upgrade: h2c (curl --http2) as plain HTTP/1.1', async () => {
    const { port } = await start({ root });
    const answer = await raw(port, head(['GET / HTTP/1.1', ...H2C]));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain('the home page');
  });

  it('answers HEAD with Upgrade: h2c with the headers only', async () => {
    const { port } = await start({ root });
    const answer = await raw(port, head(['HEAD / HTTP/1.1', ...H2C]));
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).not.toContain('the home page');
  });

  it('explains a WebSocket endpoint asked for with Upgrade: h2c instead of switching protocols', async () => {
    const { port } = await start({ root });
    const answer = await raw(port, head(['GET /ws/echo HTTP/1.1', ...H2C]));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/Upgrade/);
  });

  it('still completes a WebSocket handshake whose Upgrade lists websocket', async () => {
    const { port } = await start({ root });
    expect(await raw(port, head(HANDSHAKE), 500)).toMatch(/^HTTP\/1\.1 101 /);
  });
});
