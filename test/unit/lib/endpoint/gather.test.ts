import { describe, expect, it } from 'vitest';
import { Endpoint, virtualClock, type ByteTransport } from '../../../../lib/endpoint/index.ts';
import { Opcode, createFrame, encodeFrame, parseClientHandshake, buildClientHandshake } from '../../../../lib/index.ts';
import { firstDifference } from '../protocol/helpers.ts';

/** A server endpoint over a transport that records each write and each gathered write. */
function recordingServer(withWritev: boolean) {
  const writes: Array<{ kind: 'write' | 'writev'; chunks: Uint8Array[] }> = [];
  const transport: ByteTransport = {
    write: (bytes) => writes.push({ kind: 'write', chunks: [bytes] }),
    ...(withWritev ? { writev: (chunks: Uint8Array[]) => writes.push({ kind: 'writev', chunks }) } : {}),
    end: () => {},
    onData: () => {},
    onEnd: () => {},
  };
  const head = buildClientHandshake({ host: 'lab', path: '/', key: 'dGhlIHNhbXBsZSBub25jZQ==' });
  const parsed = parseClientHandshake(head);
  if (!parsed.ok) throw new Error(parsed.error.problem);
  const server = Endpoint.server({ transport, clock: virtualClock(), request: parsed.request });
  writes.length = 0; // the 101 response
  return { server, writes };
}

const joined = (chunks: Uint8Array[]) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
};

describe('Endpoint: large unmasked frames are written beside their header', () => {
  const big = new Uint8Array(70_000).map((_, i) => i & 0xff);

  it('gives a transport with writev the header and the very payload, and the same bytes as encodeFrame', () => {
    const { server, writes } = recordingServer(true);
    server.sendBinary(big);
    expect(writes).toHaveLength(1);
    expect(writes[0].kind).toBe('writev');
    expect(writes[0].chunks[1]).toBe(big); // not a copy
    expect(firstDifference(joined(writes[0].chunks), encodeFrame(createFrame(Opcode.Binary, big)))).toBe(-1);
    expect(server.bufferedAmount).toBe(0);
  });

  it.each([63, 1024, 16 * 1024 - 1])('gives a transport with writev a payload of %i bytes beside its header, not a copy', (size) => {
    const payload = big.subarray(0, size);
    const { server, writes } = recordingServer(true);
    server.sendBinary(payload);
    expect(writes.map((w) => w.kind)).toEqual(['writev']);
    expect(writes[0].chunks[1]).toBe(payload);
    expect(firstDifference(joined(writes[0].chunks), encodeFrame(createFrame(Opcode.Binary, payload)))).toBe(-1);
  });

  it('writes a frame that fits in 64 bytes as one buffer', () => {
    const { server, writes } = recordingServer(true);
    server.sendBinary(big.subarray(0, 62));
    expect(writes.map((w) => w.kind)).toEqual(['write']);
    expect(firstDifference(writes[0].chunks[0], encodeFrame(createFrame(Opcode.Binary, big.subarray(0, 62))))).toBe(-1);
  });

  it('writes small frames, and every frame on a transport without writev, as one buffer', () => {
    const small = recordingServer(true);
    small.server.sendText('hi');
    expect(small.writes.map((w) => w.kind)).toEqual(['write']);
    const plain = recordingServer(false);
    plain.server.sendBinary(big);
    expect(plain.writes.map((w) => w.kind)).toEqual(['write']);
    expect(firstDifference(plain.writes[0].chunks[0], encodeFrame(createFrame(Opcode.Binary, big)))).toBe(-1);
  });
});

describe('Endpoint: a transport that hands its chunks over has them unmasked in place', () => {
  function serverOver(handsOverChunks: boolean) {
    let deliver: (bytes: Uint8Array) => void = () => {};
    const transport: ByteTransport = {
      write: () => {}, end: () => {}, onData: (listener) => { deliver = listener; }, onEnd: () => {},
      handsOverChunks,
    };
    const parsed = parseClientHandshake(buildClientHandshake({ host: 'lab', path: '/', key: 'dGhlIHNhbXBsZSBub25jZQ==' }));
    if (!parsed.ok) throw new Error(parsed.error.problem);
    const server = Endpoint.server({ transport, clock: virtualClock(), request: parsed.request });
    const messages: Uint8Array[] = [];
    server.on('message', (m) => { if (m.type === 'binary') messages.push(m.data); });
    return { deliver: (bytes: Uint8Array) => deliver(bytes), messages };
  }
  const payload = new Uint8Array(40_000).map((_, i) => (i * 7) & 0xff);
  const frame = () => encodeFrame(createFrame(Opcode.Binary, payload, { maskingKey: new Uint8Array([1, 2, 3, 4]) }));

  it('a socket transport: the payload is unmasked where it lies and delivered without a copy', () => {
    const { deliver, messages } = serverOver(true);
    const chunk = frame();
    deliver(chunk);
    expect(messages[0].buffer).toBe(chunk.buffer);
    expect(firstDifference(messages[0], payload)).toBe(-1);
  });

  it('any other transport (the lab pipe and its tap): the chunk is left as it arrived', () => {
    const { deliver, messages } = serverOver(false);
    const chunk = frame();
    const before = chunk.slice();
    deliver(chunk);
    expect(firstDifference(chunk, before)).toBe(-1);
    expect(firstDifference(messages[0], payload)).toBe(-1);
  });
});

describe('Endpoint: reading pauses in the middle of a read', () => {
  const KEY = new Uint8Array([1, 2, 3, 4]);
  const frame = (byte: number) => encodeFrame(createFrame(Opcode.Binary, new Uint8Array([byte]), { maskingKey: KEY }));
  const frames = (...bytes: number[]) => joined(bytes.map(frame));

  function pausable(deferFailure?: (fail: () => void) => void) {
    let deliver: (bytes: Uint8Array) => void = () => {};
    const calls: string[] = [];
    const transport: ByteTransport = {
      write: (bytes) => { if (bytes[0] === 0x88) calls.push('close frame'); },
      end: () => calls.push('end'),
      onData: (listener) => { deliver = listener; },
      onEnd: () => {},
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
    };
    const parsed = parseClientHandshake(buildClientHandshake({ host: 'lab', path: '/', key: 'dGhlIHNhbXBsZSBub25jZQ==' }));
    if (!parsed.ok) throw new Error(parsed.error.problem);
    const server = Endpoint.server({ transport, clock: virtualClock(), request: parsed.request, deferFailure });
    const got: number[] = [];
    return { server, calls, got, deliver: (bytes: Uint8Array) => deliver(bytes) };
  }

  it('hands out nothing more once paused, not even the rest of the same read; resuming hands it out in order, then resumes the transport', () => {
    const { server, calls, got, deliver } = pausable();
    server.on('message', (m) => {
      got.push((m.data as Uint8Array)[0]);
      if (got.length === 2) server.pauseReading();
    });
    deliver(frames(1, 2, 3, 4, 5));
    expect(got).toEqual([1, 2]);
    expect(calls).toEqual(['pause']);
    // A read that comes while paused waits behind the rest.
    deliver(frames(6, 7));
    expect(got).toEqual([1, 2]);
    server.resumeReading();
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('a listener that pauses again while the rest is handed out keeps the transport paused', () => {
    const { server, calls, got, deliver } = pausable();
    server.on('message', (m) => {
      got.push((m.data as Uint8Array)[0]);
      if (got.length % 2 === 0) server.pauseReading();
    });
    deliver(frames(1, 2, 3, 4, 5));
    server.resumeReading();
    expect(got).toEqual([1, 2, 3, 4]);
    expect(calls).toEqual(['pause']);
    server.resumeReading();
    expect(got).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it('a protocol error after messages of the same read is still held back for their answers when reading paused between them', () => {
    const deferred: Array<() => void> = [];
    const { server, calls, got, deliver } = pausable((fail) => deferred.push(fail));
    server.on('message', (m) => {
      got.push((m.data as Uint8Array)[0]);
      if (got.length === 1) server.pauseReading();
    });
    // An unmasked frame from a client is a protocol error (§5.1).
    deliver(joined([frames(1, 2), encodeFrame(createFrame(Opcode.Binary, new Uint8Array([3])))]));
    server.resumeReading();
    expect(got).toEqual([1, 2]);
    expect(deferred).toHaveLength(1);
    expect(calls).not.toContain('close frame');
    deferred[0]();
    expect(calls).toContain('close frame');
  });
});
