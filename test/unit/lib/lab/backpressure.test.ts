import { describe, expect, it } from 'vitest';
import { createChatHandler, echoHandler } from '../../../../lib/lab/handlers/index.ts';
import { LabServer, createLabRun, type LabRun, type ServerWebSocket, type WebSocketDisconnect } from '../../../../lib/lab/index.ts';
import { Opcode, buildClientHandshake, createFrame, encodeFrame, findHeaderEnd } from '../../../../lib/index.ts';
import { record } from './harness.ts';
import { ITEM_COST } from '../../../../lib/lab/flow.ts';

const KiB = 1024;
const KEY = new Uint8Array([9, 8, 7, 6]);

/** A raw client over the run's network: it completes the handshake to `path`, then stops reading. */
async function stalledClient(run: LabRun, path: string) {
  const transport = run.network.connect({ client: 'stalled', url: `ws://lab${path}` });
  const connection = run.network.connections[run.network.connections.length - 1];
  let head = new Uint8Array(0);
  let open = false;
  transport.onData((bytes) => {
    if (open) return;
    head = new Uint8Array([...head, ...bytes]);
    if (findHeaderEnd(head) < 0) return;
    open = true;
    transport.pause!();
  });
  transport.write(new TextEncoder().encode(buildClientHandshake({ host: 'lab', path, key: 'dGhlIHNhbXBsZSBub25jZQ==' })));
  await run.virtual!.advance(10);
  expect(open).toBe(true);
  return { transport, pipe: connection.pipe };
}

describe('lab pipe: a reader that pauses holds the writer back', () => {
  it('keeps chunks for a paused reader pending for the writer, and delivers them in order on resume', async () => {
    const run = createLabRun({ server: new LabServer().websocket('/ws/echo', echoHandler) });
    const { transport, pipe } = await stalledClient(run, '/ws/echo');
    const got: number[] = [];
    transport.onData((bytes) => got.push(...bytes));
    pipe.server.write(new Uint8Array([1, 2, 3]));
    pipe.server.write(new Uint8Array([4]));
    let drained = false;
    pipe.server.drain!(() => { drained = true; });
    await run.virtual!.advance(10);
    expect(pipe.server.pendingBytes).toBe(4);
    expect(got).toEqual([]);
    expect(drained).toBe(false);
    transport.resume!();
    await run.virtual!.advance(10);
    expect(got).toEqual([1, 2, 3, 4]);
    expect(pipe.server.pendingBytes).toBe(0);
    expect(drained).toBe(true);
  });
});

describe('backpressure in the lab: a client that sends and never reads cannot fill the server', () => {
  it('the echo server stops reading such a client; what it sends waits in the network, not in the server', async () => {
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/ws/echo', echoHandler);
    const run = createLabRun({ server });
    const { transport, pipe } = await stalledClient(run, '/ws/echo');
    const frame = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(8 * KiB).fill(1), { maskingKey: KEY }));
    const count = 256; // 2 MiB
    for (let i = 0; i < count; i++) transport.write(frame);
    await run.virtual!.run();
    // Echoes queued for the client: at most the high-water mark and one message.
    expect(pipe.server.pendingBytes).toBeLessThanOrEqual(16 * KiB + frame.length);
    // The server stopped taking the client's bytes: most of them are still held back by the pipe.
    expect(pipe.client.pendingBytes).toBeGreaterThan((count - 8) * frame.length);
    transport.resume!();
    await run.virtual!.run();
    expect(pipe.client.pendingBytes).toBe(0);
  });

  it('empty messages count too: a flood of them from a client that never reads stops being read', async () => {
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/ws/echo', echoHandler);
    const run = createLabRun({ server });
    const { transport, pipe } = await stalledClient(run, '/ws/echo');
    const empty = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(0), { maskingKey: KEY }));
    const count = 20_000;
    for (let i = 0; i < count; i++) transport.write(empty);
    await run.virtual!.run();
    const ws = [...server.connections][0];
    // The echoes (2 bytes each) fill the queue for the client up to the high-water mark; then
    // the handler waits, and the messages it has not taken stop the reading long before the
    // 20,000th: each costs memory (an empty Uint8Array is about 190 bytes of heap here), not 0 bytes.
    expect(pipe.server.pendingBytes).toBeLessThanOrEqual(16 * KiB + 2);
    expect(pipe.client.pendingBytes).toBeGreaterThan((count - 9_000) * empty.length);
    expect(ws.state).toBe('open');
    transport.resume!();
    await run.virtual!.run();
    expect(pipe.client.pendingBytes).toBe(0);
  });

  it('one read full of tiny messages stops being parsed at the high-water mark, and the rest comes in order as the handler reads', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const got: number[] = [];
    let peak = 0;
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/slow', async (ws) => {
      await ws.accept();
      await gate;
      for await (const message of ws) {
        peak = Math.max(peak, ws.waitingMessages + 1);
        got.push((message as Uint8Array)[0]);
      }
    });
    const run = createLabRun({ server });
    const { transport } = await stalledClient(run, '/slow');
    const count = 20_000;
    // One write, one chunk: 20,000 one-byte frames (7 bytes each), a read's worth of messages many times over.
    const frames = new Uint8Array(count * 7);
    for (let i = 0; i < count; i++) frames.set(encodeFrame(createFrame(Opcode.Binary, new Uint8Array([i & 0xff]), { maskingKey: KEY })), i * 7);
    transport.write(frames);
    await run.virtual!.run();
    const ws = [...server.connections][0];
    // Parsed up to the mark (each message counts 1 byte and ITEM_COST), the rest left as bytes: not 20,000 queued messages.
    const atMark = Math.ceil(16 * KiB / (ITEM_COST + 1)) + 1;
    expect(ws.waitingMessages).toBeGreaterThan(atMark / 2);
    expect(ws.waitingMessages).toBeLessThanOrEqual(atMark);
    release();
    await run.virtual!.run();
    expect(got).toHaveLength(count);
    expect(got.every((byte, i) => byte === (i & 0xff))).toBe(true);
    expect(peak).toBeLessThanOrEqual(atMark);
    expect(ws.state).toBe('open');
  });

  it('pings from a client that never reads the pongs stop being read too', async () => {
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/ws/echo', echoHandler);
    const run = createLabRun({ server });
    const { transport, pipe } = await stalledClient(run, '/ws/echo');
    const ping = encodeFrame(createFrame(Opcode.Ping, new Uint8Array(125), { maskingKey: KEY }));
    for (let i = 0; i < 2000; i++) transport.write(ping);
    await run.virtual!.run();
    // At most the high-water mark and the pong that crossed it.
    expect(pipe.server.pendingBytes).toBeLessThanOrEqual(16 * KiB + 127);
    expect(pipe.client.pendingBytes).toBeGreaterThan(1800 * ping.length);
  });

  it('a handler\'s send waits while the client is behind, and goes on once it catches up', async () => {
    let sent = 0;
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/big', async (ws) => {
      await ws.accept();
      for (let i = 0; i < 8; i++) {
        await ws.sendBytes(new Uint8Array(10 * KiB));
        sent++;
      }
    });
    const run = createLabRun({ server });
    const { transport } = await stalledClient(run, '/big');
    await run.virtual!.run();
    expect(sent).toBe(1); // the second 10 KiB put the queue past 16 KiB
    transport.resume!();
    await run.virtual!.run();
    expect(sent).toBe(8);
  });
});

describe('frames count for what they cost beyond their bytes', () => {
  it('a handler sending empty messages to a client that does not read waits after a few hundred, not after 8,192', async () => {
    let sent = 0;
    const server = new LabServer({ highWaterMark: 16 * KiB }).websocket('/empties', async (ws) => {
      await ws.accept();
      for (let i = 0; i < 10_000; i++) {
        await ws.sendBytes(new Uint8Array(0));
        sent++;
      }
    });
    const run = createLabRun({ server });
    const { transport, pipe } = await stalledClient(run, '/empties');
    await run.virtual!.run();
    // Each empty frame is 2 bytes and counts ITEM_COST more: sends wait once about 16 KiB / 130 are queued (counted as 2 bytes each, 8,192 would be).
    expect(sent).toBeGreaterThan(100);
    expect(sent).toBeLessThanOrEqual(Math.floor((16 * KiB) / (2 + ITEM_COST)));
    expect(pipe.server.pendingBytes).toBeLessThanOrEqual(2 * (sent + 2));
    transport.resume!();
    await run.virtual!.run();
    expect(sent).toBe(10_000);
  });
});

describe('a route\'s own flow options', () => {
  it('writeLimit 0 on one route: each send waits until its client has taken it; the server\'s other routes keep the server\'s limit', async () => {
    const sent: Record<string, number> = { strict: 0, relaxed: 0 };
    const handler = (name: string) => async (ws: ServerWebSocket) => {
      await ws.accept();
      for (let i = 0; i < 4; i++) {
        await ws.sendBytes(new Uint8Array(KiB));
        sent[name]!++;
      }
    };
    const server = new LabServer({ highWaterMark: 16 * KiB })
      .websocket('/strict', handler('strict'), { writeLimit: 0 })
      .websocket('/relaxed', handler('relaxed'));
    const run = createLabRun({ server });
    const strict = await stalledClient(run, '/strict');
    await stalledClient(run, '/relaxed');
    await run.virtual!.run();
    expect(sent).toEqual({ strict: 0, relaxed: 4 });
    strict.transport.resume!();
    await run.virtual!.run();
    expect(sent.strict).toBe(4);
  });

  it('a send still waiting when the client is cut rejects with WebSocketDisconnect 1006: its bytes were never read', async () => {
    const outcome: string[] = [];
    const server = new LabServer().websocket('/strict', async (ws) => {
      await ws.accept();
      try {
        await ws.sendText('never read');
        outcome.push('resolved');
      } catch (error) {
        outcome.push(`${(error as Error).name} ${(error as WebSocketDisconnect).code}`);
      }
    }, { writeLimit: 0 });
    const run = createLabRun({ server });
    const { pipe } = await stalledClient(run, '/strict');
    await run.virtual!.run();
    expect(outcome).toEqual([]);
    pipe.cut('the client went away');
    await run.virtual!.run();
    expect(outcome).toEqual(['WebSocketDisconnect 1006']);
  });
});

describe('a chat room in the lab keeps serving its members while one never reads', () => {
  const line = 'x'.repeat(16 * KiB);
  const count = 64; // 1 MiB through the room

  async function room(options: ConstructorParameters<typeof LabServer>[0]) {
    const server = new LabServer({ maxBackpressure: 128 * KiB, ...options }).websocket('/ws/chat/{room}', createChatHandler());
    const run = createLabRun({ server });
    const stalled = await stalledClient(run, '/ws/chat/r?name=slow');
    const alice = new run.WebSocket('ws://lab/ws/chat/r?name=alice');
    const bob = new run.WebSocket('ws://lab/ws/chat/r?name=bob');
    const bobLog = record(bob);
    await run.virtual!.advance(10);
    let peak = 0;
    for (let i = 0; i < count; i++) {
      alice.send(`${i} ${line}`);
      await run.virtual!.advance(1);
      peak = Math.max(peak, stalled.pipe.server.pendingBytes!);
    }
    await run.virtual!.run(1000);
    const lines = bobLog.messages.map(String);
    return { server, lines, peak };
  }

  it('every message reaches the members who read; the one who does not is closed (1008) once past its backpressure limit', async () => {
    const { server, lines, peak } = await room({});
    expect(lines.filter((m) => m.startsWith('alice: ')).map((m) => Number(m.split(' ')[1]))).toEqual([...Array(count).keys()]);
    expect(lines).toContain('* slow left #r');
    expect(peak).toBeLessThanOrEqual(128 * KiB + 17 * KiB);
    // Closing: its Close 1008 waits behind what it has not read, as a FIN would; nothing more is sent to it.
    const slow = [...server.connections].find((ws) => ws.query.get('name') === 'slow');
    expect(slow?.state ?? 'closed').not.toBe('open');
  });

  it('with backpressureLimit "drop", the one who does not read stays, and what it could not take is dropped', async () => {
    const { server, lines, peak } = await room({ backpressureLimit: 'drop' });
    expect(lines.filter((m) => m.startsWith('alice: '))).toHaveLength(count);
    expect(lines).not.toContain('* slow left #r');
    expect(peak).toBeLessThanOrEqual(128 * KiB + 17 * KiB);
    const slow = [...server.connections].find((ws) => ws.query.get('name') === 'slow');
    expect(slow?.state).toBe('open');
    expect(slow!.droppedMessages).toBeGreaterThan(0);
  });
});
