/** The lab's HTTP server over real sockets: which requests are handshakes, hosts, origins, per-client limits, idle connections. */
import { beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { Opcode, createFrame, encodeFrame } from '../../../lib/index.ts';
import type { ServerWebSocket } from '../../../lib/lab/index.ts';
import { removeFolder } from '../../fixtures/temporary-folder.ts';
import { HANDSHAKE, clientFrame, fixtureSite, head, raw, rawClient, serverFrames, start, waitFor, within, type RawClient } from './helpers.ts';

let root = '';
beforeAll(() => {
  root = fixtureSite();
  return () => removeFolder(root);
});

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

/** A handshake for /ws/echo naming `host` and, if given, `origin`. */
const handshakeFor = (host: string, origin?: string) => head([HANDSHAKE[0], `Host: ${host}`, ...HANDSHAKE.slice(2), ...(origin ? [`Origin: ${origin}`] : [])]);

describe('allowed origins add to the site’s own', () => {
  it('by default, lets the site’s own pages and clients without Origin connect, and refuses other sites saying how to allow them', async () => {
    const { port } = await start({ root });
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`), 500)).toMatch(/^HTTP\/1\.1 101 /);
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`), 500)).toMatch(/^HTTP\/1\.1 101 /);
    const refused = await raw(port, handshakeFor(`127.0.0.1:${port}`, 'https://evil.example'));
    expect(refused).toMatch(/^HTTP\/1\.1 403 /);
    expect(refused).toContain('https://evil.example');
    expect(refused).toContain('ALLOWED_ORIGINS');
  });

  it('with ALLOWED_ORIGINS set, the listed origins connect and so do the site’s own pages', async () => {
    const { port } = await start({ root, allowedOrigins: ['https://docs.example'] });
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, 'https://docs.example'), 500)).toMatch(/^HTTP\/1\.1 101 /);
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, `http://127.0.0.1:${port}`), 500)).toMatch(/^HTTP\/1\.1 101 /);
    expect(await raw(port, handshakeFor(`localhost:${port}`, `http://localhost:${port}`), 500)).toMatch(/^HTTP\/1\.1 101 /);
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, 'https://evil.example'))).toMatch(/^HTTP\/1\.1 403 /);
    // Same host, another port: another site.
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`))).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('* lets any origin connect', async () => {
    const { port } = await start({ root, allowedOrigins: ['*'] });
    expect(await raw(port, handshakeFor(`127.0.0.1:${port}`, 'https://anyone.example'), 500)).toMatch(/^HTTP\/1\.1 101 /);
  });
});

describe('allowed hosts (DNS rebinding)', () => {
  it('refuses a page asked for under another host name with 421, saying which host and how to allow it', async () => {
    const { port } = await start({ root });
    const answer = await raw(port, head(['GET / HTTP/1.1', `Host: rebound.evil.example:${port}`, 'Connection: close']));
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(answer).toContain('"rebound.evil.example"');
    expect(answer).toContain('ALLOWED_HOSTS=rebound.evil.example');
    expect(answer).not.toContain('the home page');
  });

  it('refuses a WebSocket handshake under another host name with 421, even from a page of that same host', async () => {
    const { port } = await start({ root });
    // What a page at http://rebound.evil.example:port/ sends once its name points at this machine.
    const answer = await raw(port, handshakeFor(`rebound.evil.example:${port}`, `http://rebound.evil.example:${port}`));
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect(answer).toContain('ALLOWED_HOSTS');
  });

  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST:1', 'localhost.:9'])('answers Host: %s (any port)', async (name) => {
    const { port } = await start({ root });
    const host = /:\d+$/.test(name) ? name : `${name}:${port}`;
    expect(await raw(port, head(['GET / HTTP/1.1', `Host: ${host}`, 'Connection: close']))).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses a request with a Host that is not a host name', async () => {
    const { port } = await start({ root });
    expect(await raw(port, head(['GET / HTTP/1.1', 'Host: a b', 'Connection: close']))).toMatch(/^HTTP\/1\.1 (400|421) /);
    expect(await raw(port, head(['GET / HTTP/1.1', 'Host: user@127.0.0.1', 'Connection: close']))).toMatch(/^HTTP\/1\.1 421 /);
  });

  it('answers the hosts allowed by option, and their subdomains when written with a leading dot', async () => {
    const { port } = await start({ root, allowedHosts: ['lab.example', '.school.example'] });
    for (const host of ['lab.example', 'lab.example:8080', 'school.example', 'room1.school.example']) {
      expect(await raw(port, head(['GET / HTTP/1.1', `Host: ${host}`, 'Connection: close'])), host).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect(await raw(port, handshakeFor('room1.school.example', 'https://room1.school.example'), 500)).toMatch(/^HTTP\/1\.1 101 /);
    for (const host of ['evil.example', 'lab.example.evil.example', 'xschool.example']) {
      expect(await raw(port, head(['GET / HTTP/1.1', `Host: ${host}`, 'Connection: close'])), host).toMatch(/^HTTP\/1\.1 421 /);
    }
  });

  it('* answers any host', async () => {
    const { port } = await start({ root, allowedHosts: ['*'] });
    expect(await raw(port, head(['GET / HTTP/1.1', 'Host: anything.example', 'Connection: close']))).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('one client cannot take every connection', () => {
  it('with the defaults, a client holding 50 idle WebSockets gets 429 with Retry-After for the next, while another client still connects', async () => {
    const { port } = await start({ root });
    const idle: RawClient[] = [];
    try {
      for (let i = 0; i < 50; i += 1) idle.push(await rawClient(port));
      const refused = await raw(port, head(HANDSHAKE));
      expect(refused).toMatch(/^HTTP\/1\.1 429 /);
      expect(refused).toMatch(/\r\nRetry-After: \d+\r\n/);
      expect(refused).toContain('MAX_CONNECTIONS_PER_IP');
      // Another address (Linux answers on all of 127.0.0.0/8) is another client.
      const other = await rawClient(port, { localAddress: '127.0.0.2' });
      other.socket.destroy();
      // Pages are not WebSockets: they are still served to the busy client.
      expect(await raw(port, head(['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close']))).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      for (const client of idle) client.socket.destroy();
    }
  }, 30_000);

  it('counts a connection until it closes, so a client under its limit again connects again', async () => {
    const { port } = await start({ root, maxConnectionsPerIp: 2 });
    const first = await rawClient(port);
    const second = await rawClient(port);
    expect(await raw(port, head(HANDSHAKE))).toMatch(/^HTTP\/1\.1 429 /);
    first.socket.destroy();
    await first.closed;
    // The server learns of the close on its own schedule: retry until it has (the deadline is a guard, not a timing check).
    const deadline = Date.now() + 10_000;
    let third: RawClient | undefined;
    while (!third && Date.now() < deadline) {
      third = await rawClient(port).catch(() => undefined);
      if (!third) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(third, 'a connection accepted after one closed').toBeDefined();
    second.socket.destroy();
    third?.socket.destroy();
  }, 30_000);
});

// Each test waits on the server's ping timers, so the three wait at once.
describe.concurrent('idle connections: the server pings, and a client that misses two pongs is cut off', () => {
  const PING = 0x9;
  const TEXT = 0x1;
  const options = { pingInterval: 100, maxMissedPongs: 2 };

  it('pings a silent client, twice, then terminates it; the lab sees it gone', async ({ expect, onTestFinished }) => {
    const { port, server } = await start({ root, ...options }, onTestFinished);
    const client = await rawClient(port);
    await waitFor(() => server.lab.connections.size === 1, 10_000, 'the connection in the lab');
    await within(client.closed, 10_000, 'cut-off of a client that never answers');
    const frames = serverFrames(client.received());
    expect(frames.filter(([opcode]) => opcode === PING)).toHaveLength(2);
    // Cut off, not closed politely: a dead peer cannot take part in a closing handshake.
    expect(frames.filter(([opcode]) => opcode === 0x8)).toHaveLength(0);
    await waitFor(() => server.lab.connections.size === 0, 10_000, 'the lab to drop the connection');
  });

  it('keeps a client that answers every ping (ws answers them by itself)', async ({ expect, onTestFinished }) => {
    const { ws: base, server } = await start({ root, ...options }, onTestFinished);
    const ws = new WebSocket(`${base}ws/echo`);
    ws.on('error', () => {});
    let pings = 0;
    ws.on('ping', () => { pings += 1; });
    await once(ws, 'open');
    await waitFor(() => pings >= 5, 20_000, 'five pings');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    expect(server.lab.connections.size).toBe(1);
    ws.send('still here');
    const [echo] = await within(once(ws, 'message'), 10_000, 'echo');
    expect(String(echo)).toBe('still here');
    ws.close(1000);
    await once(ws, 'close');
  }, 30_000);

  it('cuts off a client that sends and never reads, though the server has stopped reading it too: neither side can hear the other', async ({ expect, onTestFinished }) => {
    const { port, server } = await start({ root, ...options }, onTestFinished);
    const connections: ServerWebSocket[] = [];
    server.lab.on('connection', (ws) => connections.push(ws));
    const client = await rawClient(port);
    client.socket.pause();
    // 8 MiB of 64 KiB messages: their echoes fill the kernel's buffers, the handler waits
    // on its sends, the messages waiting for it pass the mark, and the server stops reading.
    const message = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(64 * 1024).fill(7), { maskingKey: new Uint8Array([1, 2, 3, 4]) }));
    for (let i = 0; i < 128; i += 1) client.socket.write(message);
    await waitFor(() => connections.length === 1 && connections[0].state === 'closed', 10_000, 'the server to cut the client off');
    const [ws] = connections;
    // Cut off (1006, no Close frame), not closed as too slow (1008), with messages left unread behind the pause.
    expect(ws.closeInfo?.code).toBe(1006);
    expect(ws.waitingMessages).toBeGreaterThan(1);
    client.socket.resume();
    await within(client.closed, 10_000, 'the client to see the connection gone');
  });

  it('counts any bytes from the client as a sign of life, not only pongs', async ({ expect, onTestFinished }) => {
    const { port } = await start({ root, ...options }, onTestFinished);
    const client = await rawClient(port);
    // Answer each ping with a message instead of a pong.
    let answered = 0;
    client.socket.on('data', () => {
      const pings = serverFrames(client.received()).filter(([opcode]) => opcode === PING).length;
      for (; answered < pings; answered += 1) client.socket.write(clientFrame(TEXT, Buffer.from(`alive ${answered}`)));
    });
    await waitFor(() => answered >= 5, 20_000, 'five pings answered with messages');
    expect(client.socket.destroyed).toBe(false);
    client.socket.write(clientFrame(0x8, Buffer.from([0x03, 0xe8])));
    await within(client.closed, 10_000, 'close');
  }, 30_000);
});
