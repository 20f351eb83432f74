import { describe, expect, it } from 'vitest';
import { LabServer } from '../../../../lib/lab/index.ts';
import { echoServer, labRun, record } from './harness.ts';

/** Sends `messages` once open and closes after the echoes came back. */
function chat(run: ReturnType<typeof labRun>, messages: string[], url = 'ws://lab/echo') {
  const ws = new run.WebSocket(url);
  const log = record(ws);
  ws.onopen = () => { for (const m of messages) ws.send(m); };
  ws.onmessage = () => { if (log.messages.length === messages.length) ws.close(1000); };
  return { ws, log };
}

describe('faults on the pipe', () => {
  it('latency delays every chunk by the same time', async () => {
    const run = labRun(echoServer(), { faults: { latency: 40 } });
    chat(run, ['a']);
    await run.virtual!.run();
    const frames = run.wireLog().entries.filter((e) => e.kind === 'frame');
    expect(frames[0]).toMatchObject({ direction: 'client→server', at: 120 });
    expect(frames[1]).toMatchObject({ direction: 'server→client', at: 160 });
  });

  it('split into 1-byte chunks, the same messages arrive', async () => {
    const whole = labRun();
    const split = labRun(echoServer(), { faults: { chunking: { mode: 'fixed', size: 1 } } });
    const a = chat(whole, ['hello', 'wörld 😀']);
    const b = chat(split, ['hello', 'wörld 😀']);
    await whole.virtual!.run();
    await split.virtual!.run();
    expect(b.log.messages).toEqual(a.log.messages);
    expect(b.log.close).toEqual({ code: 1000, reason: '', wasClean: true });
    const chunks = split.network.tap.records.filter((r) => r.kind === 'chunk');
    expect(chunks.every((r) => r.kind === 'chunk' && r.bytes.length === 1)).toBe(true);
  });

  it('random chunk sizes are seeded: the same seed splits the same way', async () => {
    const sizes = async (seed: number) => {
      const run = labRun(echoServer(), { faults: { chunking: { mode: 'random', min: 1, max: 7, seed } } });
      chat(run, ['some text that gets split']);
      await run.virtual!.run();
      return run.network.tap.records.flatMap((r) => (r.kind === 'chunk' ? [r.bytes.length] : []));
    };
    expect(await sizes(1)).toEqual(await sizes(1));
    expect(await sizes(1)).not.toEqual(await sizes(2));
  });

  it('drop after N bytes cuts the connection: 1006, and the drop is in the log', async () => {
    const run = labRun(echoServer(), { faults: { dropAfter: { direction: 'client→server', bytes: 300 } } });
    const { log } = chat(run, ['x'.repeat(100), 'y'.repeat(100), 'z'.repeat(100)]);
    await run.virtual!.run();
    expect(log.close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(run.wireLog().entries.some((e) => e.kind === 'event' && e.event === 'drop')).toBe(true);
  });

  it('an idle-timeout proxy cuts a quiet connection, and traffic keeps it alive', async () => {
    const quiet = labRun(echoServer(), { faults: { idleTimeout: 1000 } });
    const a = record(new quiet.WebSocket('ws://lab/silent'));
    await quiet.virtual!.advance(1500);
    expect(a.close).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(quiet.wireLog().entries.some((e) => e.kind === 'event' && e.event === 'idle-timeout')).toBe(true);

    const busy = labRun(echoServer(), { faults: { idleTimeout: 1000 } });
    const ws = new busy.WebSocket('ws://lab/echo');
    const b = record(ws);
    for (let t = 500; t <= 3000; t += 500) busy.clock.setTimeout(() => ws.send('heartbeat'), t);
    await busy.virtual!.advance(3200);
    expect(b.close).toBeUndefined();
    expect(b.messages).toHaveLength(6);
  });

  it('a flipped bit in a masked frame corrupts data or breaks the protocol, and is logged', async () => {
    // Byte 0 of the first frame after the handshake: flipping bit 6 sets RSV1 → 1002.
    const probe = labRun();
    chat(probe, ['ping me']);
    await probe.virtual!.run();
    const firstFrame = probe.wireLog().entries.find((e) => e.kind === 'frame' && e.direction === 'client→server');
    const run = labRun(echoServer(), { faults: { flipBit: { direction: 'client→server', offset: firstFrame!.kind === 'frame' ? firstFrame!.offset : 0, bit: 6 } } });
    const { log } = chat(run, ['ping me']);
    await run.virtual!.run();
    // The server failed the connection and said why: a Close frame with 1002, which the client reports.
    expect(log.close).toMatchObject({ code: 1002 });
    const entries = run.wireLog().entries;
    expect(entries.some((e) => e.kind === 'event' && e.event === 'flip')).toBe(true);
    const bad = entries.find((e) => e.kind === 'frame' && e.direction === 'client→server');
    expect(bad?.kind === 'frame' && bad.explanation.violations.map((v) => v.code)).toContain('RESERVED_BITS_SET');
    const serverClose = entries.find((e) => e.kind === 'frame' && e.direction === 'server→client' && e.opcode === 8);
    expect(serverClose?.kind === 'frame' && serverClose.preview).toBe('');
    expect(serverClose?.kind === 'frame' && serverClose.explanation.fields.at(-1)?.meaning).toMatch(/1002/);
  });

  it('a server restart cuts every connection, refuses new ones for a while, then accepts', async () => {
    const run = labRun();
    const first = record(new run.WebSocket('ws://lab/echo'));
    await run.virtual!.advance(10);
    run.network.restartServer(1000);
    await run.virtual!.advance(10);
    expect(first.close).toMatchObject({ code: 1006, wasClean: false });
    const refused = record(new run.WebSocket('ws://lab/echo'));
    await run.virtual!.advance(10);
    expect(refused.events).toEqual(['error', 'close']);
    await run.virtual!.advance(1000);
    const later = record(new run.WebSocket('ws://lab/echo'));
    await run.virtual!.advance(10);
    expect(later.events).toEqual(['open']);
    const events = run.wireLog().entries.filter((e) => e.kind === 'event').map((e) => e.kind === 'event' && e.event);
    expect(events).toEqual(expect.arrayContaining(['restart', 'cut', 'refused']));
  });
});

describe('replay', () => {
  const bytesOf = async (seed: number) => {
    const run = labRun(echoServer(), { seed, faults: { chunking: { mode: 'random', min: 1, max: 9, seed } } });
    chat(run, ['one', 'two', 'three']);
    await run.virtual!.run();
    return run.network.tap.records.map((r) => (r.kind === 'chunk' ? `${r.at}:${r.direction}:${[...r.bytes].join(',')}` : `${r.at}:${r.event}`));
  };
  it('the same seed gives identical bytes at identical times', async () => {
    expect(await bytesOf(5)).toEqual(await bytesOf(5));
  });
  it('another seed gives other masking keys', async () => {
    expect(await bytesOf(5)).not.toEqual(await bytesOf(6));
  });
});

describe('LabServer', () => {
  function app() {
    const server = new LabServer({ allowedOrigins: ['http://lab.local'] });
    server.websocket('/ws/chat/{room}', async (ws) => {
      if (ws.query.get('token') !== 'secret') return ws.reject(403);
      await ws.accept({ protocol: ws.pickProtocol(['json-rpc']) });
      for await (const message of ws) await ws.sendText(`room ${ws.params.room}: ${message}`);
    });
    server.websocket('/json', async (ws) => {
      await ws.accept();
      const value = await ws.receiveJson<{ n: number }>();
      await ws.sendJson({ doubled: value.n * 2 });
      const bytes = await ws.receiveBytes();
      await ws.sendBytes(bytes.reverse());
      try {
        await ws.receiveText();
      } catch (error) {
        await ws.sendText(`caught ${(error as Error).name}`);
      }
    });
    server.websocket('/throws', async (ws) => {
      await ws.accept();
      await ws.receive();
      throw new Error('handler bug');
    });
    return server;
  }

  it('routes path parameters and the query, and negotiates the subprotocol', async () => {
    const run = labRun(app());
    const ws = new run.WebSocket('ws://lab/ws/chat/lobby?token=secret', ['json-rpc']);
    const log = record(ws);
    ws.onopen = () => ws.send('hi');
    await run.virtual!.advance(50);
    expect(ws.protocol).toBe('json-rpc');
    expect(log.messages).toEqual(['room lobby: hi']);
  });

  it('reject(403) answers HTTP 403 and no upgrade', async () => {
    const run = labRun(app());
    record(new run.WebSocket('ws://lab/ws/chat/lobby'));
    await run.virtual!.run();
    const http = run.wireLog().entries.find((e) => e.kind === 'http');
    expect(http?.kind === 'http' && http.text).toMatch(/^HTTP\/1\.1 403 Forbidden/);
  });

  it('answers 404 for an unknown path', async () => {
    const run = labRun(app());
    record(new run.WebSocket('ws://lab/nope'));
    await run.virtual!.run();
    const http = run.wireLog().entries.find((e) => e.kind === 'http');
    expect(http?.kind === 'http' && http.text).toMatch(/^HTTP\/1\.1 404/);
  });

  it('answers 426 with Sec-WebSocket-Version: 13 and 400 for a bad key, to raw handshakes', async () => {
    const run = labRun(app());
    const answers: string[] = [];
    for (const [version, key] of [['8', 'dGhlIHNhbXBsZSBub25jZQ=='], ['13', 'short']]) {
      const transport = run.network.connect();
      let text = '';
      transport.onData((bytes) => { text += new TextDecoder().decode(bytes); });
      transport.onEnd(() => answers.push(text));
      transport.write(new TextEncoder().encode(`GET /json HTTP/1.1\r\nHost: lab\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: ${version}\r\n\r\n`));
    }
    await run.virtual!.run();
    expect(answers[0]).toMatch(/^HTTP\/1\.1 426 Upgrade Required\r\n[\s\S]*Sec-WebSocket-Version: 13\r\n/);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  });

  it('receiveJson, sendJson, receiveBytes, sendBytes, and WebSocketDisconnect on close', async () => {
    const server = app();
    const run = labRun(server);
    const ws = new run.WebSocket('ws://lab/json');
    ws.binaryType = 'arraybuffer';
    const log = record(ws);
    ws.onopen = () => {
      ws.send(JSON.stringify({ n: 21 }));
      ws.send(new Uint8Array([1, 2, 3]));
    };
    ws.onmessage = () => { if (log.messages.length === 2) ws.close(1000); };
    await run.virtual!.run();
    expect(log.messages[0]).toBe('{"doubled":42}');
    expect(new Uint8Array(log.messages[1] as ArrayBuffer)).toEqual(new Uint8Array([3, 2, 1]));
    expect(server.errors).toEqual([]);
  });

  it('a handler that throws closes the connection with 1011 and the error is reported', async () => {
    const server = app();
    const reported: unknown[] = [];
    server.on('error', (e) => reported.push(e.error));
    const run = labRun(server);
    const ws = new run.WebSocket('ws://lab/throws');
    const log = record(ws);
    ws.onopen = () => ws.send('boom');
    await run.virtual!.run();
    expect(log.close).toEqual({ code: 1011, reason: 'internal error', wasClean: true });
    expect(reported).toHaveLength(1);
    expect((reported[0] as Error).message).toBe('handler bug');
    expect(server.errors).toHaveLength(1);
  });

  it('refuses an Origin that is not allowed with 403', async () => {
    const server = new LabServer({ allowedOrigins: ['https://elsewhere.example'] });
    server.websocket('/x', async (ws) => { await ws.accept(); });
    const run = labRun(server);
    const log = record(new run.WebSocket('ws://lab/x'));
    await run.virtual!.run();
    expect(log.events).toEqual(['error', 'close']);
    const http = run.wireLog().entries.find((e) => e.kind === 'http');
    expect(http?.kind === 'http' && http.text).toMatch(/^HTTP\/1\.1 403/);
  });
});

describe('wire log', () => {
  it('has the handshake, every frame both ways with explainFrame, and survives JSON', async () => {
    const run = labRun();
    chat(run, ['hello']);
    await run.virtual!.run();
    const log = run.wireLog();
    const kinds = log.entries.map((e) => (e.kind === 'frame' ? `${e.direction} ${e.opcodeName}` : e.kind === 'event' ? `event ${e.event}` : `${e.kind}`));
    expect(kinds).toEqual([
      'handshake', 'handshake',
      'client→server text', 'server→client text',
      'client→server close', 'server→client close',
      'event end', 'event end',
    ]);
    const first = log.entries[2];
    expect(first.kind === 'frame' && first.masked).toBe(true);
    expect(first.kind === 'frame' && first.preview).toBe('hello');
    expect(first.kind === 'frame' && first.explanation.fields.map((f) => f.name)).toContain('maskingKey');
    const handshake = log.entries[0];
    expect(handshake.kind === 'handshake' && handshake.explanation.kind).toBe('request');
    expect(JSON.parse(JSON.stringify(log))).toEqual(log);
    expect(structuredClone(log)).toEqual(log);
  });
});
