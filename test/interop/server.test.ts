/**
 * The real server: ws as a client, lib's client over raw TCP one byte at a time,
 * malformed handshakes, limits, static files and lab/real parity (`npm start` itself: test/unit/server/start.test.ts).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { createLabHttpServer, type LabHttpServer } from '../../server/app.ts';
import { Endpoint, realClock, seededRandom } from '../../lib/endpoint/index.ts';
import { socketTransport } from '../../lib/node/socket-transport.ts';
import { createLessonServer } from '../../lib/lab/handlers/index.ts';
import { LabServer, createLabRun, type ServerWebSocket } from '../../lib/lab/index.ts';
import { ITEM_COST } from '../../lib/lab/flow.ts';
import { Opcode, Receiver, createFrame, encodeClosePayload, encodeFrame, findHeaderEnd, type ReceiverEvent } from '../../lib/index.ts';
import { STRICT_CASES } from '../fixtures/autobahn-cases.ts';
import { removeFolder } from '../fixtures/temporary-folder.ts';
import { fixtureSite } from '../unit/server/helpers.ts';

let root = '';
beforeAll(() => {
  root = fixtureSite();
  return () => removeFolder(root);
});

const servers: LabHttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.shutdown(200);
});

async function start(options: Partial<Parameters<typeof createLabHttpServer>[0]> = {}) {
  const server = createLabHttpServer({ root, ...options });
  servers.push(server);
  const url = await server.listen(0, '127.0.0.1');
  return { server, url, port: Number(new URL(url).port), ws: url.replace('http', 'ws') };
}

function wsClient(url: string, options?: ConstructorParameters<typeof WebSocket>[2]) {
  const ws = new WebSocket(url, options);
  const messages: Array<{ data: Buffer; binary: boolean }> = [];
  ws.on('message', (data: Buffer, binary) => messages.push({ data, binary }));
  ws.on('error', () => {});
  return { ws, messages };
}

async function waitFor(predicate: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Sends raw bytes and returns everything the server answers, ending the exchange as a real
 * client does: once an HTTP response is complete it closes the connection (the server
 * would keep it alive for another request); after a 101 it sends a Close frame, and the
 * server answers and closes the connection (RFC 6455 §7.1.1). The 3 s race only guards
 * against a server that never answers.
 */
async function raw(port: number, text: string): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  let answer = Buffer.alloc(0);
  let answered = false;
  socket.on('data', (chunk: Buffer) => {
    answer = Buffer.concat([answer, chunk]);
    if (!answered && responseComplete(answer)) {
      answered = true;
      if (/^HTTP\/1\.1 101 /.test(answer.toString('latin1'))) {
        socket.write(encodeFrame(createFrame(Opcode.Close, encodeClosePayload(1000), { maskingKey: new Uint8Array([1, 2, 3, 4]) })));
      } else {
        socket.end();
      }
    }
  });
  socket.write(text);
  await Promise.race([once(socket, 'close'), new Promise((resolve) => setTimeout(resolve, 3000))]);
  socket.destroy();
  return answer.toString('latin1');
}

/** Whether `bytes` hold a whole HTTP response: a 101's head, or a head and the body it announces. */
function responseComplete(bytes: Buffer): boolean {
  const end = findHeaderEnd(bytes);
  if (end < 0) return false;
  const head = bytes.subarray(0, end).toString('latin1');
  if (/^HTTP\/1\.1 101 /.test(head)) return true;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) return bytes.length - end >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) return bytes.subarray(end).toString('latin1').endsWith('0\r\n\r\n');
  return false; // the server closes the connection to end the body
}

const handshake = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;
const GOOD = ['GET /ws/echo HTTP/1.1', 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13'];

describe('/ws/echo with ws as the client', () => {
  it('echoes text, binary, empty and 16 MiB messages unchanged, answers pings, and echoes the close code', async () => {
    const { ws: base } = await start();
    const { ws, messages } = wsClient(`${base}ws/echo`, { maxPayload: 32 * 1024 * 1024 });
    await once(ws, 'open');
    const big = Buffer.alloc(16 * 1024 * 1024 - 64, 7);
    ws.send('héllo');
    ws.send(Buffer.from([0, 1, 2, 255]));
    ws.send('');
    ws.send(big);
    const pong = once(ws, 'pong');
    ws.ping('are you there');
    expect(String((await pong)[0])).toBe('are you there');
    await waitFor(() => messages.length === 4, 20_000);
    expect(messages[0]).toEqual({ data: Buffer.from('héllo'), binary: false });
    expect(messages[1]).toEqual({ data: Buffer.from([0, 1, 2, 255]), binary: true });
    expect(messages[2].data.length).toBe(0);
    expect(messages[3].data.equals(big)).toBe(true);
    ws.close(4321, 'done');
    const [code] = await once(ws, 'close');
    expect(code).toBe(4321);
  }, 30_000);

  it('echoes a burst of 3,000 binary and text messages of every size from 0 to 20 KiB and some of 60 to 70 KiB byte for byte, in order', async () => {
    // Many messages share each read, so most are copied out of it (under 4 KiB into Node's
    // shared pool), some are views of it, those cut between reads are gathered in the read
    // they start in when it has room, and most answers are written beside their header:
    // every byte is checked.
    const { ws: base } = await start();
    const { ws, messages } = wsClient(`${base}ws/echo`);
    await once(ws, 'open');
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0);
    const sent = Array.from({ length: 3000 }, (_, i) => {
      const size = i % 101 === 0 ? 60 * 1024 + (random() % (10 * 1024)) : i % 7 === 0 ? random() % (20 * 1024) : random() % 200;
      const bytes = Buffer.alloc(size);
      for (let j = 0; j < size; j++) bytes[j] = random() >>> 24;
      return i % 5 === 0 ? { data: Buffer.from(bytes.toString('base64')), binary: false } : { data: bytes, binary: true };
    });
    for (const { data, binary } of sent) ws.send(binary ? data : data.toString(), { binary });
    await waitFor(() => messages.length === sent.length, 20_000);
    messages.forEach((message, i) => {
      expect(message.binary).toBe(sent[i].binary);
      expect(message.data.equals(sent[i].data)).toBe(true);
    });
    ws.close();
  }, 30_000);

  it('closes with 1009 a message over the limit', async () => {
    const { ws: base } = await start({ maxMessageSize: 1000 });
    const { ws } = wsClient(`${base}ws/echo`);
    await once(ws, 'open');
    ws.send(Buffer.alloc(1001));
    const [code] = await once(ws, 'close');
    expect(code).toBe(1009);
  });
});

describe('lib\'s client over raw TCP, one byte per write', () => {
  it('completes the handshake, exchanges messages and closes cleanly', async () => {
    const { port } = await start();
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const transport = socketTransport(socket);
    // Every write goes out as its own TCP segment, one byte at a time.
    const write = transport.write.bind(transport);
    transport.write = (bytes) => { for (const byte of bytes) write(new Uint8Array([byte])); };
    const client = Endpoint.client({ transport, clock: realClock(), random: seededRandom(9), request: { host: `127.0.0.1:${port}`, path: '/ws/echo' } });
    const received: string[] = [];
    client.on('message', (m) => { if (m.type === 'text') received.push(m.data); });
    const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) => client.on('close', resolve));
    await new Promise<void>((resolve) => client.on('open', () => resolve()));
    client.sendText('one byte at a time');
    client.sendText('fragmented too', { fragmentSize: 4 });
    await waitFor(() => received.length === 2);
    expect(received).toEqual(['one byte at a time', 'fragmented too']);
    client.close(1000);
    expect(await closed).toMatchObject({ code: 1000, wasClean: true });
  });
});

describe('malformed handshakes get the right status', () => {
  it.each([
    ['a missing key', handshake(GOOD.filter((l) => !l.startsWith('Sec-WebSocket-Key'))), /^HTTP\/1\.1 400 /],
    ['a key that is not 16 bytes', handshake([...GOOD.slice(0, 4), 'Sec-WebSocket-Key: c2hvcnQ=', GOOD[5]]), /^HTTP\/1\.1 400 /],
    ['version 8 → 426 naming version 13', handshake([...GOOD.slice(0, 5), 'Sec-WebSocket-Version: 8']), /^HTTP\/1\.1 426 [\s\S]*Sec-WebSocket-Version: 13/],
    ['a method other than GET → 405', handshake(['POST /ws/echo HTTP/1.1', ...GOOD.slice(1)]), /^HTTP\/1\.1 405 /],
    ['an unknown path → 404', handshake(['GET /ws/nowhere HTTP/1.1', ...GOOD.slice(1)]), /^HTTP\/1\.1 404 /],
    ['an Origin from another site → 403', handshake([...GOOD, 'Origin: https://evil.example']), /^HTTP\/1\.1 403 /],
    ['no Upgrade header → 400', handshake(GOOD.filter((l) => !l.startsWith('Upgrade'))), /^HTTP\/1\.1 400 /],
  ])('%s', async (_name, text, expected) => {
    const { port } = await start();
    expect(await raw(port, text)).toMatch(expected);
  });

  it('accepts a page served by the same host', async () => {
    const { port } = await start();
    expect(await raw(port, handshake([...GOOD.slice(0, 1), `Host: 127.0.0.1:${port}`, ...GOOD.slice(2), `Origin: http://127.0.0.1:${port}`]))).toMatch(/^HTTP\/1\.1 101 /);
  });
});

describe('strict failure over real sockets: messages before a bad frame are answered first', () => {
  /** Opens /ws/echo over raw TCP, writes `bytes` in one write once the 101 has come, and parses what comes back until the server closes. */
  async function exchange(port: number, bytes: Uint8Array): Promise<ReceiverEvent[]> {
    const socket = net.connect(port, '127.0.0.1');
    const receiver = new Receiver({ role: 'client' });
    const events: ReceiverEvent[] = [];
    let head = Buffer.alloc(0);
    let open = false;
    socket.on('data', (chunk: Buffer) => {
      if (!open) {
        head = Buffer.concat([head, chunk]);
        const end = findHeaderEnd(head);
        if (end < 0) return;
        open = true;
        socket.write(bytes);
        chunk = head.subarray(end);
      }
      events.push(...receiver.push(new Uint8Array(chunk)));
    });
    socket.write(handshake(GOOD));
    await once(socket, 'close');
    return events;
  }

  it.each(STRICT_CASES)('Autobahn $name', async ({ bytes, echoes, code }) => {
    const { port } = await start();
    expect(await exchange(port, bytes)).toEqual([...echoes.map((data) => ({ type: 'text', data })), { type: 'close', code, reason: '' }]);
  });
});

describe('backpressure over real sockets: a client that sends and never reads cannot fill the server', () => {
  const KiB = 1024;
  const MiB = 1024 * KiB;
  const KEY = new Uint8Array([9, 8, 7, 6]);

  /** The server's end of each upgraded connection, to read its counters. */
  function serverSockets(server: LabHttpServer): net.Socket[] {
    const sockets: net.Socket[] = [];
    server.http.on('upgrade', (_req, socket: net.Socket) => sockets.push(socket));
    return sockets;
  }

  /** A raw client that completes the handshake to `path`, then stops reading (as a stalled or hostile client does). */
  async function stalledClient(port: number, path: string): Promise<net.Socket> {
    const socket = net.connect(port, '127.0.0.1');
    socket.write(handshake([`GET ${path} HTTP/1.1`, ...GOOD.slice(1)]));
    let head = '';
    await new Promise<void>((resolve) => {
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.off('data', onData);
        socket.pause();
        resolve();
      };
      socket.on('data', onData);
    });
    return socket;
  }

  /** Polls until `done` or until `value` stops changing for a few polls in a row; no timing is asserted. */
  async function settle(value: () => number, done: () => boolean) {
    let last = -1;
    let still = 0;
    while (!done() && still < 5) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = value();
      still = now === last ? still + 1 : 0;
      last = now;
    }
  }

  it('the echo server stops reading a client that does not read its echoes, and queues at most a high-water mark for it', async () => {
    const { server, port } = await start();
    const sockets = serverSockets(server);
    const client = await stalledClient(port, '/ws/echo');
    const frame = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(64 * KiB).fill(1), { maskingKey: KEY }));
    const total = 48 * MiB;
    for (let sent = 0; sent < total; sent += frame.length) client.write(frame);
    const [socket] = sockets;
    // Before flow control the server read everything and queued every echo in its own memory.
    await settle(() => client.writableLength, () => socket.writableLength > 16 * MiB || client.writableLength === 0);
    expect(socket.writableLength).toBeLessThanOrEqual(MiB);
    expect(socket.bytesRead).toBeLessThan(total / 2);
    expect(client.writableLength).toBeGreaterThan(0);
    client.destroy();
  }, 60_000);

  it('one read full of empty messages is parsed only up to the high-water mark while the handler does not read them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let received = 0;
    const lab = new LabServer().websocket('/ws/later', async (ws) => {
      await ws.accept();
      await gate;
      for await (const message of ws) if (message instanceof Uint8Array) received++;
    });
    const connections: ServerWebSocket[] = [];
    lab.on('connection', (ws) => connections.push(ws));
    const { server, port } = await start({ lab });
    const sockets = serverSockets(server);
    const client = await stalledClient(port, '/ws/later');
    const empty = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(0), { maskingKey: KEY }));
    const count = 30_000;
    client.write(Buffer.concat(Array.from({ length: count }, () => empty)));
    const [ws] = connections;
    await settle(() => sockets[0].bytesRead, () => sockets[0].bytesRead === count * empty.length);
    // Each waiting message counts 128 bytes: 512 of them reach the default 64 KiB mark. A
    // socket read of 64 KiB holds 10,922 of these frames; before, every one was parsed and queued.
    expect(ws.waitingMessages).toBeGreaterThan(256);
    expect(ws.waitingMessages).toBeLessThanOrEqual(64 * KiB / ITEM_COST + 1);
    release();
    await waitFor(() => received === count);
    expect(ws.state).toBe('open');
    client.destroy();
  });

  it('a chat room keeps serving its members while one never reads, and closes that one past its backpressure limit', async () => {
    const { server, port, ws: base } = await start();
    const sockets = serverSockets(server);
    const slow = await stalledClient(port, '/ws/chat/room?name=slow');
    const alice = wsClient(`${base}ws/chat/room?name=alice`);
    const bob = wsClient(`${base}ws/chat/room?name=bob`);
    await Promise.all([once(alice.ws, 'open'), once(bob.ws, 'open')]);
    await waitFor(() => bob.messages.length === 1);
    const line = 'x'.repeat(64 * KiB);
    const count = 256; // 16 MiB through the room
    // The number after the sender's name, read from the line's first bytes: polled often, the whole 64 KiB need not become a string.
    const lines = (client: typeof alice) => client.messages.filter((m) => m.data.length > KiB).map((m) => Number(m.data.toString('utf8', 0, 32).split(' ')[1]));
    // In bursts of half a MiB, each sent once the readers have the one before: a member
    // that reads is never a whole backpressure limit behind, however busy this machine is
    // (the test's clients share a thread with the server), while the one that never reads
    // has all 16 MiB sent its way.
    const BURST = 8;
    for (let sent = 0; sent < count; sent += BURST) {
      for (let i = sent; i < sent + BURST; i++) alice.ws.send(`${i} ${line}`);
      await waitFor(() => lines(bob).length === sent + BURST && lines(alice).length === sent + BURST, 20_000);
    }
    // Every member who reads gets every line in order, the sender too: answering a large read is not mistaken for being slow.
    expect(lines(bob)).toEqual([...Array(count).keys()]);
    expect(lines(alice)).toEqual([...Array(count).keys()]);
    await waitFor(() => bob.messages.some((m) => m.data.toString() === '* slow left #room'), 20_000);
    // The slow member's queue never went far past the limit (1 MiB by default) before it was closed.
    expect(sockets[0].writableLength).toBeLessThanOrEqual(MiB + 128 * KiB);
    alice.ws.close();
    bob.ws.close();
    slow.destroy();
  }, 90_000);
});

describe('limits', () => {
  it('drops a handshake that does not arrive in time', async () => {
    const { port } = await start({ handshakeTimeout: 300 });
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk; });
    socket.write('GET /ws/echo HTTP/1.1\r\nHost: x\r\n');
    await once(socket, 'close');
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 503 past the connection limit', async () => {
    const { ws: base, port } = await start({ maxConnections: 1 });
    const { ws } = wsClient(`${base}ws/echo`);
    await once(ws, 'open');
    expect(await raw(port, handshake(GOOD))).toMatch(/^HTTP\/1\.1 503 /);
    ws.close();
  });
});

describe('static files', () => {
  it('serves files with their types, folders with index.html, and the 404 page', async () => {
    const { url } = await start();
    const home = await fetch(url);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect((await fetch(`${url}app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${url}lessons/x/`)).status).toBe(200);
    const redirect = await fetch(`${url}lessons/x`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    const missing = await fetch(`${url}missing`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('not found');
    expect(await raw(Number(new URL(url).port), 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n')).not.toContain('root:');
  });
});

describe('the same handler in the lab and over real sockets', () => {
  const script = ['hello', 'how are you?'];
  async function overSockets(): Promise<string[]> {
    const { ws: base } = await start();
    const alice = wsClient(`${base}ws/chat/lobby?name=alice`);
    await once(alice.ws, 'open');
    await waitFor(() => alice.messages.length === 1);
    const bob = wsClient(`${base}ws/chat/lobby?name=bob`);
    await once(bob.ws, 'open');
    await waitFor(() => alice.messages.length === 2);
    for (const text of script) alice.ws.send(text);
    await waitFor(() => bob.messages.length === 1 + script.length);
    bob.ws.close(1000);
    await waitFor(() => alice.messages.length === 2 + script.length + 1);
    alice.ws.close(1000);
    return alice.messages.map((m) => m.data.toString());
  }
  async function inTheLab(): Promise<string[]> {
    const run = createLabRun({ server: createLessonServer(), seed: 3 });
    const received: string[] = [];
    const alice = new run.WebSocket('ws://lab/ws/chat/lobby?name=alice');
    alice.onmessage = (e) => received.push(String(e.data));
    await run.virtual!.advance(20);
    const bob = new run.WebSocket('ws://lab/ws/chat/lobby?name=bob');
    await run.virtual!.advance(20);
    for (const text of script) alice.send(text);
    await run.virtual!.advance(20);
    bob.close(1000);
    await run.virtual!.advance(50);
    alice.close(1000);
    await run.virtual!.run();
    return received;
  }
  it('gives the same messages', async () => {
    const real = await overSockets();
    const lab = await inTheLab();
    expect(lab).toEqual(['* alice joined #lobby', '* bob joined #lobby', 'alice: hello', 'alice: how are you?', '* bob left #lobby']);
    expect(real).toEqual(lab);
  });
});
