import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { socketTransport } from '../../../../lib/node/index.ts';

const KiB = 1024;
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

/** A connected pair over loopback: the server's side (to wrap) and the client's. */
async function connectedPair(): Promise<{ server: net.Socket; client: net.Socket }> {
  const listener = net.createServer();
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const client = net.connect((listener.address() as net.AddressInfo).port, '127.0.0.1');
  const [server] = await once(listener, 'connection') as [net.Socket];
  cleanup.push(() => { client.destroy(); server.destroy(); listener.close(); });
  return { server, client };
}

/** Everything the client receives, as one growing buffer. */
function collect(client: net.Socket): { bytes: () => Buffer; reads: () => number } {
  const chunks: Buffer[] = [];
  client.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { bytes: () => Buffer.concat(chunks), reads: () => chunks.length };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('socketTransport: what answers the reads of one turn goes out together', () => {
  it('holds the answers to several reads of one turn back, then writes them out once the turn is over', async () => {
    const { server, client } = await connectedPair();
    const received = collect(client);
    const transport = socketTransport(server);
    transport.onData((bytes) => transport.write(new TextEncoder().encode(`<${new TextDecoder().decode(bytes)}>`)));
    // Two reads in one turn of the event loop, as libuv delivers them when both have arrived.
    server.emit('data', Buffer.from('one'));
    server.emit('data', Buffer.from('two'));
    // Both answers are still here, held back: none of them is the client's to take yet.
    expect(transport.pendingBytes).toBe(10);
    expect(transport.backlogBytes).toBe(0);
    await nextTurn();
    expect(transport.pendingBytes).toBe(0);
    await until(() => received.bytes().length === 10);
    expect(received.bytes().toString()).toBe('<one><two>');
  });

  it.each([
    // 40 pieces of 8 KiB: 8 are held (64 KiB); the 9th passes the limit and all 9 go out, four times; the last 4 wait for the turn's end.
    { size: 8 * KiB, count: 40, limit: undefined, most: 8, left: 4 },
    // Larger than an eighth of 64 KiB: eight of 40 KiB are 320 KiB; the eighth sends them out, twice; the last 4 wait.
    { size: 40 * KiB, count: 20, limit: undefined, most: 7, left: 4 },
    // Six of 100 KiB would pass 512 KiB: the sixth sends them out, three times; the last 2 wait.
    { size: 100 * KiB, count: 20, limit: undefined, most: 5, left: 2 },
    // Held down to 100 KiB by flow control: three of 40 KiB pass it, so two are held at most.
    { size: 40 * KiB, count: 20, limit: 100 * KiB, most: 2, left: 2 },
  ])('writes out what it holds past 64 KiB and eight answers, or 512 KiB, and holds the rest of the turn again ($count answers of $size bytes, held down to $limit)', async ({ size, count, limit, most, left }) => {
    const { server, client } = await connectedPair();
    const received = collect(client);
    const transport = socketTransport(server);
    if (limit !== undefined) transport.limitHold!(limit);
    let heldMost = 0;
    transport.onData(() => {
      for (let i = 0; i < count; i++) {
        transport.write(new Uint8Array(size).fill(i));
        heldMost = Math.max(heldMost, transport.pendingBytes! - transport.backlogBytes!);
      }
    });
    server.emit('data', Buffer.from('go'));
    expect(heldMost).toBe(most * size);
    expect(transport.pendingBytes! - transport.backlogBytes!).toBe(left * size);
    await until(() => received.bytes().length === count * size);
    const bytes = received.bytes();
    for (let i = 0; i < count; i++) expect(bytes[i * size]).toBe(i);
  });

  it('writes out what it holds once it holds 1,024 writes, however small: each costs memory beyond its bytes', async () => {
    const { server, client } = await connectedPair();
    const received = collect(client);
    const transport = socketTransport(server);
    let heldMost = 0;
    transport.onData(() => {
      for (let i = 0; i < 2500; i++) {
        transport.write(new Uint8Array([i & 0xff, i >> 8]));
        heldMost = Math.max(heldMost, transport.pendingBytes! - transport.backlogBytes!);
      }
    });
    server.emit('data', Buffer.from('go'));
    // 2,500 writes of 2 bytes: 1,023 held, the 1,024th sends them out, twice; the last 452 wait for the turn's end.
    expect(heldMost).toBe(1023 * 2);
    expect(transport.pendingBytes! - transport.backlogBytes!).toBe(452 * 2);
    await until(() => received.bytes().length === 2500 * 2);
    const bytes = received.bytes();
    for (let i = 0; i < 2500; i++) expect(bytes.readUInt16LE(i * 2)).toBe(i);
  });

  it('holds nothing back for a peer that has not taken what it was sent: all of it counts as its backlog', async () => {
    const { server, client } = await connectedPair();
    client.pause();
    const transport = socketTransport(server);
    // Outside any read: written at once, until the kernel's buffers are full and Node queues the rest.
    const block = new Uint8Array(1024 * KiB);
    for (let i = 0; i < 256 && transport.pendingBytes === 0; i++) transport.write(block);
    expect(transport.pendingBytes).toBeGreaterThan(0);
    transport.onData(() => transport.write(new Uint8Array(100)));
    server.emit('data', Buffer.from('ping'));
    expect(transport.backlogBytes).toBe(transport.pendingBytes);
  });

  it('delivers small writes byte for byte, whatever they are views of', async () => {
    const { server, client } = await connectedPair();
    const received = collect(client);
    const transport = socketTransport(server);
    const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const writes = [
      Uint8Array.of(1, 2, 3),
      big.subarray(10, 74),
      Buffer.from([9, 8, 7]),
      big.subarray(100, 165),
      new Uint8Array(0),
      Uint8Array.of(0x81, 0x02, 0x68, 0x69),
    ];
    for (const bytes of writes) transport.write(bytes);
    transport.writev!([Uint8Array.of(0x82, 0x7e, 0x01, 0x00), big.subarray(0, 256)]);
    const expected = Buffer.concat([...writes, Uint8Array.of(0x82, 0x7e, 0x01, 0x00), big.subarray(0, 256)]);
    await until(() => received.bytes().length === expected.length);
    expect(received.bytes().equals(expected)).toBe(true);
  });
});

describe('socketTransport: ending while answers are held', () => {
  it('writes the held answers out before the end, and counts no backlog below zero after it', async () => {
    const { server, client } = await connectedPair();
    const received = collect(client);
    const transport = socketTransport(server);
    transport.onData(() => {
      transport.write(new TextEncoder().encode('last words'));
      transport.end();
      expect(transport.backlogBytes).toBeGreaterThanOrEqual(0);
    });
    server.emit('data', Buffer.from('bye'));
    await once(client, 'end');
    expect(received.bytes().toString()).toBe('last words');
    expect(transport.backlogBytes).toBe(0);
  });
});

describe('socketTransport: buffers for received messages', () => {
  it.each([1, 64, 65, 1000, 4 * KiB - 1, 4 * KiB, 70_000])('allocates %i bytes as a plain Uint8Array that holds at most the 8 KiB pool beyond itself, and only itself from 4 KiB', async (size) => {
    const { server } = await connectedPair();
    const buffer = socketTransport(server).allocate!(size);
    expect(buffer.constructor).toBe(Uint8Array);
    expect(buffer.length).toBe(size);
    if (size >= 4 * KiB) expect(buffer.buffer.byteLength).toBe(size);
    else expect(buffer.buffer.byteLength).toBeLessThanOrEqual(Math.max(size, Buffer.poolSize));
  });

  it('gives buffers below 4 KiB that do not overlap, so one message never shows through another', async () => {
    const { server } = await connectedPair();
    const allocate = socketTransport(server).allocate!;
    const buffers = [100, 1000, 3000, 65, 2000].map((size, i) => allocate(size).fill(i + 1));
    buffers.forEach((buffer, i) => expect(buffer.every((byte) => byte === i + 1)).toBe(true));
  });
});
