import { describe, expect, it } from 'vitest';
import { Endpoint, seededRandom, virtualClock, type CloseInfo } from '../../../../lib/endpoint/index.ts';
import { Tap, createPipe } from '../../../../lib/lab/index.ts';
import { Opcode, createFrame, encodeFrame, parseClientHandshake, findHeaderEnd } from '../../../../lib/index.ts';

/** A client endpoint and a raw server end we script byte by byte. */
async function setup(options: { closeTimeout?: number } = {}) {
  const clock = virtualClock();
  const tap = new Tap();
  const pipe = createPipe(clock, tap);
  const serverBytes: Uint8Array[] = [];
  let serverEnded = false;
  let server: Endpoint | undefined;
  let head = new Uint8Array(0);
  pipe.server.onData((bytes) => {
    if (server) return;
    head = new Uint8Array([...head, ...bytes]);
    const end = findHeaderEnd(head);
    if (end < 0) return;
    const parsed = parseClientHandshake(new TextDecoder().decode(head.subarray(0, end)));
    if (!parsed.ok) throw new Error(parsed.error.problem);
    server = Endpoint.server({ transport: pipe.server, clock, request: parsed.request, closeTimeout: options.closeTimeout });
    server.on('message', (m) => serverBytes.push(m.type === 'text' ? new TextEncoder().encode(m.data) : m.data));
  });
  pipe.server.onEnd(() => { serverEnded = true; });
  const client = Endpoint.client({ transport: pipe.client, clock, random: seededRandom(1), request: { host: 'lab', path: '/' }, closeTimeout: options.closeTimeout });
  const closes: { client?: CloseInfo; server?: CloseInfo } = {};
  const errors: string[] = [];
  client.on('close', (info) => { closes.client = info; });
  client.on('error', (e) => errors.push(e.kind === 'protocol' ? e.error.code : 'handshake'));
  await clock.run(10);
  server!.on('close', (info) => { closes.server = info; });
  return { clock, tap, pipe, client, server: server!, serverBytes, closes, errors, serverEnded: () => serverEnded };
}

describe('Endpoint: every way a connection ends', () => {
  it('a clean close started by the client: both see the code, wasClean, the server closes TCP', async () => {
    const s = await setup();
    s.client.close(1000, 'bye');
    await s.clock.run();
    expect(s.closes.client).toEqual({ code: 1000, reason: '', wasClean: true });
    expect(s.closes.server).toEqual({ code: 1000, reason: 'bye', wasClean: true });
    const ends = s.tap.records.filter((r) => r.kind === 'event' && r.event === 'end');
    expect(ends[0]).toMatchObject({ direction: 'server→client' });
  });

  it('a clean close started by the server', async () => {
    const s = await setup();
    s.server.close(4002, 'server done');
    await s.clock.run();
    expect(s.closes.client).toEqual({ code: 4002, reason: 'server done', wasClean: true });
    expect(s.closes.server).toEqual({ code: 4002, reason: '', wasClean: true });
  });

  it('a close frame without a code is reported as 1005', async () => {
    const s = await setup();
    s.server.close();
    await s.clock.run();
    expect(s.closes.client).toEqual({ code: 1005, reason: '', wasClean: true });
  });

  it('a cut connection is reported as 1006 on both sides', async () => {
    const s = await setup();
    s.pipe.cut();
    await s.clock.run();
    expect(s.closes.client).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(s.closes.server).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it.each([
    ['1002 for a masked frame from the server', encodeFrame(createFrame(Opcode.Text, 'x', { maskingKey: new Uint8Array(4) })), 1002, 'MASKED_SERVER_FRAME'],
    ['1007 for text that is not UTF-8', encodeFrame(createFrame(Opcode.Text, new Uint8Array([0xc0, 0x80]))), 1007, 'INVALID_UTF8'],
    ['1002 for a reserved opcode', new Uint8Array([0x83, 0x00]), 1002, 'RESERVED_OPCODE'],
  ])('a protocol error fails the connection with %s', async (_name, bytes, code, error) => {
    const s = await setup();
    s.pipe.server.write(bytes);
    s.pipe.server.write(encodeFrame(createFrame(Opcode.Text, 'never delivered')));
    const messages: unknown[] = [];
    s.client.on('message', (m) => messages.push(m));
    await s.clock.run();
    expect(s.errors).toEqual([error]);
    expect(messages).toEqual([]);
    expect(s.closes.client).toMatchObject({ code, wasClean: false });
    // The client told the server why, in a close frame.
    expect(s.closes.server).toMatchObject({ code });
  });

  it('1009 for a message over the limit, before its payload arrives', async () => {
    const clock = virtualClock();
    const pipe = createPipe(clock, new Tap());
    const server = new Promise<Endpoint>((resolve) => {
      pipe.server.onData((bytes) => {
        const parsed = parseClientHandshake(new TextDecoder().decode(bytes));
        if (parsed.ok) resolve(Endpoint.server({ transport: pipe.server, clock, request: parsed.request, maxMessageSize: 10 }));
      });
    });
    const client = Endpoint.client({ transport: pipe.client, clock, random: seededRandom(3), request: { host: 'lab', path: '/' } });
    await clock.run(10);
    const endpoint = await server;
    let info: CloseInfo | undefined;
    endpoint.on('close', (i) => { info = i; });
    client.sendBinary(new Uint8Array(11));
    await clock.run();
    expect(info).toMatchObject({ code: 1009, wasClean: false });
  });

  it('the closing handshake times out when the peer never answers', async () => {
    const s = await setup({ closeTimeout: 1000 });
    // The server end stops reading: its listener is replaced by one that ignores everything.
    s.pipe.server.onData(() => {});
    s.client.close(1000);
    await s.clock.advance(999);
    expect(s.closes.client).toBeUndefined();
    await s.clock.advance(2);
    await s.clock.run();
    expect(s.closes.client).toEqual({ code: 1006, reason: '', wasClean: false });
  });

  it('answers a ping with a pong carrying the same data', async () => {
    const s = await setup();
    const pongs: Uint8Array[] = [];
    s.server.on('pong', (data) => pongs.push(data));
    s.server.ping(new Uint8Array([1, 2, 3]));
    await s.clock.run(100);
    expect(pongs).toEqual([new Uint8Array([1, 2, 3])]);
  });

  it('sends fragmented messages that reassemble', async () => {
    const s = await setup();
    s.client.sendText('fragmented hello', { fragmentSize: 3 });
    await s.clock.run(100);
    expect(new TextDecoder().decode(s.serverBytes[0])).toBe('fragmented hello');
    const frames = s.tap.records.filter((r) => r.kind === 'chunk' && r.direction === 'client→server').length;
    expect(frames).toBe(1 + 6);
  });
});

describe('Endpoint: backpressure', () => {
  it('bufferedAmount rises with queued data and falls as the peer takes it', async () => {
    const clock = virtualClock();
    const pipe = createPipe(clock, new Tap(), { latency: 100 });
    pipe.server.onData((bytes) => {
      const parsed = parseClientHandshake(new TextDecoder().decode(bytes));
      if (parsed.ok) Endpoint.server({ transport: pipe.server, clock, request: parsed.request });
    });
    const client = Endpoint.client({ transport: pipe.client, clock, random: seededRandom(5), request: { host: 'lab', path: '/' } });
    await clock.advance(250);
    expect(client.readyState).toBe('open');
    client.sendBinary(new Uint8Array(1000));
    client.sendBinary(new Uint8Array(500));
    expect(client.bufferedAmount).toBe(1500);
    await clock.advance(150);
    expect(client.bufferedAmount).toBe(0);
  });
});
