/**
 * Interop with the `ws` package over loopback TCP: lib's bytes against a widely used
 * implementation, in both directions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { WebSocket, WebSocketServer } from 'ws';
import {
  Opcode, Receiver, buildClientHandshake, buildServerHandshake, createFrame, encodeFrame,
  findHeaderEnd, generateKey, parseClientHandshake, parseServerHandshake, type ReceiverEvent,
} from '../../lib/index.ts';
import { firstDifference } from '../unit/lib/protocol/helpers.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wsServer(onConnection: (socket: WebSocket) => void): Promise<number> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
  server.on('connection', onConnection);
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const client of server.clients) client.terminate();
    server.close(() => resolve());
  }));
  return (server.address() as net.AddressInfo).port;
}

const KEY_BYTES = new Uint8Array(16).map((_, i) => i * 17);

/** A raw TCP client speaking lib's handshake and frames; events come from lib's Receiver. */
async function rawClient(port: number, protocols: string[] = []) {
  const socket = net.connect(port, '127.0.0.1');
  cleanups.push(() => { socket.destroy(); });
  await once(socket, 'connect');
  const key = generateKey(KEY_BYTES);
  socket.write(buildClientHandshake({ host: `127.0.0.1:${port}`, path: '/', key, protocols }));
  const receiver = new Receiver({ role: 'client' });
  const events: ReceiverEvent[] = [];
  let head = new Uint8Array(0);
  let handshake: ReturnType<typeof parseServerHandshake> | undefined;
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    if (!handshake) {
      head = new Uint8Array([...head, ...bytes]);
      const end = findHeaderEnd(head);
      if (end < 0) return;
      handshake = parseServerHandshake(new TextDecoder().decode(head.subarray(0, end)), { key, protocols });
      bytes = head.subarray(end);
    }
    events.push(...receiver.push(bytes));
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (predicate: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the peer');
      await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 50); });
    }
  };
  await until(() => handshake !== undefined);
  let maskSeed = 1;
  const send = (opcode: number, payload: Uint8Array | string, fin = true) => {
    const maskingKey = new Uint8Array([maskSeed++, 0xa5, 0x5a, 0xff]);
    socket.write(encodeFrame(createFrame(opcode, payload, { fin, maskingKey })));
  };
  return { socket, handshake: handshake!, events, until, send };
}

describe('lib and ws', () => {
  it('a ws server accepts lib\'s client handshake, and lib accepts its 101', async () => {
    const port = await wsServer(() => {});
    const client = await rawClient(port, ['chat']);
    expect(client.handshake).toMatchObject({ ok: true, response: { status: 101, protocol: 'chat' } });
  });

  it('a ws client accepts lib\'s server handshake', async () => {
    const server = net.createServer((socket) => {
      let head = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        head = Buffer.concat([head, chunk]);
        const end = findHeaderEnd(head);
        if (end < 0) return;
        const parsed = parseClientHandshake(head.subarray(0, end).toString('latin1'));
        if (!parsed.ok) return socket.destroy();
        socket.write(buildServerHandshake({ key: parsed.request.key, protocol: parsed.request.protocols[0] }));
        socket.write(encodeFrame(createFrame(Opcode.Text, 'hello from lib')));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as net.AddressInfo).port}/`, ['json']);
    cleanups.push(() => ws.terminate());
    const [message] = await once(ws, 'message');
    expect(ws.protocol).toBe('json');
    expect(message.toString()).toBe('hello from lib');
  });

  it('ws parses lib\'s masked frames of every length form, fragmented messages, ping and close', async () => {
    const received: Array<{ data: Buffer; isBinary: boolean }> = [];
    const pings: Buffer[] = [];
    let closeCode = 0;
    const port = await wsServer((socket) => {
      socket.on('message', (data: Buffer, isBinary) => received.push({ data, isBinary }));
      socket.on('ping', (data) => pings.push(data));
      socket.on('close', (code) => { closeCode = code; });
    });
    const client = await rawClient(port);
    const sizes = [0, 1, 125, 126, 65535, 65536, 200_000];
    const payloads = sizes.map((n) => new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff));
    for (const payload of payloads) client.send(Opcode.Binary, payload);
    client.send(Opcode.Text, 'Hé', false);
    client.send(Opcode.Ping, 'between');
    client.send(Opcode.Continuation, 'llo €');
    client.send(Opcode.Ping, 'ping data');
    await client.until(() => client.events.filter((e) => e.type === 'pong').length === 2);
    client.send(Opcode.Close, new Uint8Array([0x0f, 0xa0, ...new TextEncoder().encode('done')]));
    await client.until(() => client.events.some((e) => e.type === 'close'));

    // Compared byte by byte where they first part: a deep equality over 470 KB takes seconds.
    expect(received.slice(0, sizes.length).map((m, i) => firstDifference(new Uint8Array(m.data), payloads[i]))).toEqual(sizes.map(() => -1));
    expect(received.slice(0, sizes.length).map((m) => m.data.length)).toEqual(sizes);
    expect(received[sizes.length]).toMatchObject({ isBinary: false });
    expect(received[sizes.length].data.toString()).toBe('Héllo €');
    expect(pings.map(String)).toEqual(['between', 'ping data']);
    expect(client.events.filter((e) => e.type === 'pong').map((e) => e.type === 'pong' && new TextDecoder().decode(e.data))).toEqual(['between', 'ping data']);
    expect(client.events.find((e) => e.type === 'close')).toEqual({ type: 'close', code: 4000, reason: 'done' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closeCode).toBe(4000);
  });

  it('lib\'s Receiver parses ws\'s frames byte for byte', async () => {
    const sizes = [0, 5, 125, 126, 65535, 65536, 300_000];
    const payloads = sizes.map((n) => Buffer.from(new Uint8Array(n).map((_, i) => (i * 11 + 3) & 0xff)));
    const port = await wsServer((socket) => {
      for (const payload of payloads) socket.send(payload, { binary: true });
      socket.send('text from ws: ünïcödé 😀');
      socket.send('fragment one, ', { fin: false });
      socket.send('fragment two', { fin: true });
      socket.ping(Buffer.from('are you there'));
      socket.close(1001, 'going away');
    });
    const client = await rawClient(port);
    await client.until(() => client.events.some((e) => e.type === 'close'));
    const binaries = client.events.filter((e) => e.type === 'binary');
    expect(binaries.map((e) => e.type === 'binary' && e.data.length)).toEqual(sizes);
    expect(binaries.map((e, i) => e.type === 'binary' && firstDifference(e.data, payloads[i]))).toEqual(sizes.map(() => -1));
    expect(client.events.filter((e) => e.type === 'text')).toEqual([
      { type: 'text', data: 'text from ws: ünïcödé 😀' },
      { type: 'text', data: 'fragment one, fragment two' },
    ]);
    expect(client.events.find((e) => e.type === 'ping')).toEqual({ type: 'ping', data: new TextEncoder().encode('are you there') });
    expect(client.events.at(-1)).toEqual({ type: 'close', code: 1001, reason: 'going away' });
    expect(client.events.some((e) => e.type === 'error')).toBe(false);
  });
});
