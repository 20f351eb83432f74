import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Opcode, Receiver, Utf8Validator, encodeFrame, type ReceiverEvent } from '../../../../lib/index.ts';
import { PRESIZE_LIMIT, Reassembly, SHARED_PIECE_LIMIT, TEXT_PART_SIZE, TextReassembly } from '../../../../lib/protocol/reassembly.ts';
import { anyCodePoint } from '../../arbitraries.ts';
import { RFC_KEY, concatBytes, firstDifference, hex } from './helpers.ts';

const KiB = 1024;

/** A masked frame whose payload is `size` bytes of `fill`. */
const frame = (size: number, fill: number, { fin = true, opcode = Opcode.Binary as number } = {}) =>
  encodeFrame({ fin, rsv1: false, rsv2: false, rsv3: false, opcode, payload: new Uint8Array(size).fill(fill), maskingKey: RFC_KEY });

/** The frames one after another, cut into reads of `read` bytes, each a buffer of its own as a socket's are. */
function reads(frames: Uint8Array[], read = 64 * KiB): Uint8Array[] {
  const stream = concatBytes(...frames);
  const out: Uint8Array[] = [];
  for (let at = 0; at < stream.length; at += read) out.push(stream.slice(at, at + read));
  return out;
}

/** The bound the receiver must keep while a message is open: the payload and room to grow, in a few buffers. */
function expectBounded(state: { bufferCount: number; retainedBytes: number; payloadBytes: number }) {
  expect(state.bufferCount).toBeLessThanOrEqual(Math.ceil(state.payloadBytes / (8 * KiB)) + 2);
  expect(state.retainedBytes).toBeLessThanOrEqual(2 * state.payloadBytes + KiB);
}

describe('Reassembly (§5.4: "the concatenation of the application data of all fragments")', () => {
  it('gives back the pieces in order as one buffer, however they were cut', () => {
    const payload = new Uint8Array(100_000).map((_, i) => (i * 7) & 0xff);
    for (const sizes of [[1], [3, 1000, 1], [SHARED_PIECE_LIMIT - 1, 2, SHARED_PIECE_LIMIT + 5], [40_000]]) {
      const reassembly = new Reassembly();
      let at = 0;
      for (let i = 0; at < payload.length; i++) {
        const piece = payload.subarray(at, at + sizes[i % sizes.length]);
        if (i % 3 === 2 && piece.length >= SHARED_PIECE_LIMIT) reassembly.adopt(piece.slice());
        else reassembly.reserve(piece.length).set(piece);
        at += piece.length;
      }
      expect(reassembly.length).toBe(payload.length);
      expect(firstDifference(reassembly.take(), payload)).toBe(-1);
      expect(reassembly.length).toBe(0);
      expect(reassembly.bufferCount).toBe(0);
    }
  });

  it('holds a number of buffers that grows with the payload, not with the number of pieces', () => {
    const reassembly = new Reassembly();
    for (let i = 0; i < 100_000; i++) reassembly.reserve(1)[0] = i & 0xff;
    expectBounded({ bufferCount: reassembly.bufferCount, retainedBytes: reassembly.retainedBytes, payloadBytes: reassembly.length });
  });

  it('hands out a small message as a copy of its own, not a view of a larger buffer', () => {
    const reassembly = new Reassembly();
    reassembly.reserve(1).set([1]);
    reassembly.reserve(2).set([2, 3]);
    const message = reassembly.take();
    expect([...message]).toEqual([1, 2, 3]);
    expect(message.buffer.byteLength).toBe(3);
  });
});

describe('Reassembly.presize: a message whose length is known gathers into one buffer of that length', () => {
  it('fills it piece by piece and hands that very buffer out, with no second copy', () => {
    let allocated: Uint8Array | undefined;
    const reassembly = new Reassembly((size) => (allocated = new Uint8Array(size)));
    expect(reassembly.presize(70_000)).toBe(true);
    const payload = new Uint8Array(70_000).map((_, i) => (i * 13) & 0xff);
    for (const [from, to] of [[0, 65_522], [65_522, 65_530], [65_530, 70_000]]) reassembly.reserve(to - from).set(payload.subarray(from, to));
    expect(reassembly.bufferCount).toBe(1);
    const message = reassembly.take();
    expect(message.buffer).toBe(allocated!.buffer);
    expect(message.length).toBe(allocated!.length);
    expect(firstDifference(message, payload)).toBe(-1);
    expect(reassembly.bufferCount).toBe(0);
  });

  it('hands out the very buffer it was given, even a slice of a larger one (a pool\'s, a read\'s), and allocates none', () => {
    const sizes: number[] = [];
    const reassembly = new Reassembly((size) => { sizes.push(size); return new Uint8Array(size); });
    const pool = new Uint8Array(8 * KiB);
    const room = pool.subarray(100, 1100);
    expect(reassembly.presize(1000, room)).toBe(true);
    reassembly.reserve(600).fill(1);
    reassembly.reserve(400).fill(2);
    const message = reassembly.take();
    expect(message).toBe(room);
    expect(pool.subarray(100, 700).every((byte) => byte === 1) && pool.subarray(700, 1100).every((byte) => byte === 2)).toBe(true);
    expect(sizes).toEqual([]);
  });

  it('declines past PRESIZE_LIMIT, so a header alone cannot make it allocate much', () => {
    const sizes: number[] = [];
    const reassembly = new Reassembly((size) => { sizes.push(size); return new Uint8Array(size); });
    expect(reassembly.presize(PRESIZE_LIMIT + 1)).toBe(false);
    expect(reassembly.presize(PRESIZE_LIMIT)).toBe(true);
    expect(sizes).toEqual([PRESIZE_LIMIT]);
  });
});

describe('Receiver: a frame cut across reads', () => {
  /** A masked binary frame of `size` bytes, pushed in reads of `read` bytes. */
  function across(size: number, read: number, options: { allocate?: (size: number) => Uint8Array; unmaskInPlace?: boolean } = {}) {
    const payload = new Uint8Array(size).map((_, i) => (i * 31 + 7) & 0xff);
    const bytes = encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: RFC_KEY });
    const receiver = new Receiver({ role: 'server', ...options });
    const events = reads([bytes], read).flatMap((chunk) => receiver.push(chunk));
    return { payload, events };
  }

  it.each([
    { unmaskInPlace: false, read: 64 * KiB },
    // Reads handed over, but too short to gather the message in: 64 KiB in reads of 32.
    { unmaskInPlace: true, read: 32 * KiB },
  ])('is gathered into the buffer the allocator gave, every byte written over what was there (unmaskInPlace: $unmaskInPlace, reads of $read bytes)', ({ unmaskInPlace, read }) => {
    const given: Uint8Array[] = [];
    // Memory as an unzeroed allocation may hold it: anything but the payload.
    const allocate = (size: number) => { const buffer = new Uint8Array(size).fill(0xaa); given.push(buffer); return buffer; };
    const { payload, events } = across(64 * KiB, read, { allocate, unmaskInPlace });
    expect(given).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0].type === 'binary' && events[0].data.buffer).toBe(given[0].buffer);
    expect(events[0].type === 'binary' && firstDifference(events[0].data, payload)).toBe(-1);
  });

  it.each([false, true])('copies a frame that arrives whole into the buffer the allocator gave, unmasked, and leaves the read as it was (unmaskInPlace: %s)', (unmaskInPlace) => {
    const given: Uint8Array[] = [];
    const allocate = (size: number) => { const buffer = new Uint8Array(size).fill(0xaa); given.push(buffer); return buffer; };
    const payload = new Uint8Array(1000).map((_, i) => (i * 31 + 7) & 0xff);
    const frame = encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: RFC_KEY });
    // The frame takes a small part of its read, so the message is a copy, not a view that would keep the whole read.
    const read = new Uint8Array(8 * KiB);
    read.set(frame);
    const before = read.slice();
    const events = new Receiver({ role: 'server', allocate, unmaskInPlace }).push(read.subarray(0, frame.length));
    expect(given.map((buffer) => buffer.length)).toEqual([1000]);
    expect(events[0].type === 'binary' && events[0].data.buffer).toBe(given[0].buffer);
    expect(events[0].type === 'binary' && firstDifference(events[0].data, payload)).toBe(-1);
    expect(firstDifference(read, before)).toBe(-1);
  });

  it('leaves the allocator alone for a frame larger than PRESIZE_LIMIT, and for one kept as a view of the read handed over', () => {
    const sizes: number[] = [];
    const allocate = (size: number) => { sizes.push(size); return new Uint8Array(size); };
    const large = across(PRESIZE_LIMIT + 1, 64 * KiB, { allocate });
    expect(large.events[0].type === 'binary' && firstDifference(large.events[0].data, large.payload)).toBe(-1);
    const whole = across(1000, 5000, { allocate, unmaskInPlace: true });
    expect(whole.events[0].type === 'binary' && firstDifference(whole.events[0].data, whole.payload)).toBe(-1);
    expect(sizes).toEqual([]);
  });
});

describe('Receiver: a message gathered in the read it starts in (reads handed over)', () => {
  function receive(chunks: Uint8Array[], allocate?: (size: number) => Uint8Array): ReceiverEvent[] {
    const receiver = new Receiver({ role: 'server', unmaskInPlace: true, allocate });
    return chunks.flatMap((chunk) => receiver.push(chunk));
  }
  const binary = (event: ReceiverEvent) => (event.type === 'binary' ? event.data : new Uint8Array(0));

  it('needs no buffer of its own for a 64 KiB message read in 64 KiB reads: it is moved down over its header in the first read and the rest copied after it', () => {
    const given: number[] = [];
    const allocate = (size: number) => { given.push(size); return new Uint8Array(size); };
    const payload = new Uint8Array(64 * KiB).map((_, i) => (i * 31 + 7) & 0xff);
    const chunks = reads([encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: RFC_KEY })]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([64 * KiB, 14]);
    const [event] = receive(chunks, allocate);
    expect(given).toEqual([]);
    expect(binary(event).buffer === chunks[0].buffer).toBe(true);
    expect(binary(event).byteOffset).toBe(0);
    expect(firstDifference(binary(event), payload)).toBe(-1);
  });

  it('never writes over a message delivered before it as a view of the same read', () => {
    // An eighth of the read, delivered as a view; nine smaller messages, copied out; then 20 KiB that goes on into the next read.
    const frames = [frame(8 * KiB, 1), ...Array.from({ length: 9 }, (_, i) => frame(6000, i + 2)), frame(20 * KiB, 11)];
    const chunks = reads(frames);
    const lastStart = frames.slice(0, -1).reduce((n, f) => n + f.length, 0);
    expect(lastStart).toBeLessThan(64 * KiB);
    expect(lastStart + frames[frames.length - 1].length).toBeGreaterThan(64 * KiB);
    const events = receive(chunks);
    expect(events.map((event) => binary(event).length)).toEqual([8 * KiB, ...Array(9).fill(6000), 20 * KiB]);
    events.forEach((event, i) => expect(binary(event).every((byte) => byte === i + 1)).toBe(true));
    // The first is a view; the last is gathered right after it, over the messages copied out.
    expect(binary(events[0]).buffer === chunks[0].buffer).toBe(true);
    expect(binary(events[10]).buffer === chunks[0].buffer).toBe(true);
    expect(binary(events[10]).byteOffset).toBe(binary(events[0]).byteOffset + 8 * KiB);
  });

  it('never writes over a piece of a fragmented message kept as a view of the same read', () => {
    // 36 KiB kept as it lies (over half the read), an empty last fragment, so the message is that very view; then 20 KiB that goes on into the next read.
    const frames = [frame(36 * KiB, 1, { fin: false }), frame(0, 0, { opcode: Opcode.Continuation }), frame(5000, 2), frame(5000, 3), frame(20 * KiB, 4)];
    const chunks = reads(frames);
    expect(frames.slice(0, -1).reduce((n, f) => n + f.length, 0) + frames[4].length).toBeGreaterThan(64 * KiB);
    const events = receive(chunks);
    expect(events.map((event) => binary(event).length)).toEqual([36 * KiB, 5000, 5000, 20 * KiB]);
    events.forEach((event, i) => expect(binary(event).every((byte) => byte === i + 1)).toBe(true));
    expect(binary(events[0]).buffer === chunks[0].buffer).toBe(true);
    expect(binary(events[3]).buffer === chunks[0].buffer).toBe(true);
    expect(binary(events[3]).byteOffset).toBeGreaterThanOrEqual(binary(events[0]).byteOffset + 36 * KiB);
  });

  it('gives a buffer of its own to a message under an eighth of the read, or one with no room left in it', () => {
    const given: number[] = [];
    const allocate = (size: number) => { given.push(size); return new Uint8Array(size); };
    // 50 KiB delivered as a view leaves less than 16 KiB of the read for the message after it.
    const noRoom = receive(reads([frame(50 * KiB, 1), frame(16 * KiB, 2)]), allocate);
    // Small messages copied out leave room, but 7 KiB is under an eighth of 64 KiB: it would hold the read.
    const small = receive(reads([...Array.from({ length: 15 }, () => frame(4000, 1)), frame(7 * KiB, 2)]), allocate);
    expect(given.filter((size) => size !== 4000)).toEqual([16 * KiB, 7 * KiB]);
    for (const [events, size] of [[noRoom, 16 * KiB], [small, 7 * KiB]] as const) {
      const last = binary(events[events.length - 1]);
      expect(last.buffer.byteLength).toBe(size);
      expect(last.every((byte) => byte === 2)).toBe(true);
    }
  });

  it('leaves a read that is not handed over as it was', () => {
    const payload = new Uint8Array(64 * KiB).fill(9);
    const stream = encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: RFC_KEY });
    const before = stream.slice();
    const receiver = new Receiver({ role: 'server' });
    const events = [...receiver.push(stream.subarray(0, 64 * KiB)), ...receiver.push(stream.subarray(64 * KiB))];
    expect(binary(events[0]).every((byte) => byte === 9)).toBe(true);
    expect(firstDifference(stream, before)).toBe(-1);
  });
});

/** One message of `total` bytes in fragments of `size`, masked as a client sends it. */
function fragments(total: number, size: number, opcode: number = Opcode.Binary): { bytes: Uint8Array; payload: Uint8Array; lastFrame: number } {
  const payload = new Uint8Array(total).map((_, i) => (opcode === Opcode.Text ? 0x61 + (i % 26) : (i * 31 + 5) & 0xff));
  const frames: Uint8Array[] = [];
  for (let at = 0; at < total; at += size) {
    frames.push(encodeFrame({
      fin: at + size >= total, rsv1: false, rsv2: false, rsv3: false,
      opcode: at === 0 ? opcode : Opcode.Continuation, payload: payload.subarray(at, at + size), maskingKey: RFC_KEY,
    }));
  }
  const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const frame of frames) {
    bytes.set(frame, at);
    at += frame.length;
  }
  return { bytes, payload, lastFrame: frames[frames.length - 1].length };
}

describe('Receiver: memory per message stays within a small multiple of its payload, whatever the fragmentation', () => {
  const cases = [
    { size: 1, total: 8_000, read: 64 * KiB },
    { size: 1, total: 2_000, read: 1 },
    { size: 16, total: 64_000, read: 64 * KiB },
    { size: 1000, total: 300_000, read: 64 * KiB },
    { size: 20_000, total: 300_000, read: 64 * KiB },
    { size: 300_000, total: 300_000, read: 7 },
  ];
  describe.each([false, true])('unmaskInPlace: %s', (unmaskInPlace) => {
    it.each(cases)('$total bytes in $size-byte fragments, read $read bytes at a time', ({ size, total, read }) => {
      for (const opcode of [Opcode.Binary, Opcode.Text]) {
        const { bytes, payload, lastFrame } = fragments(total, size, opcode);
        const receiver = new Receiver({ role: 'server', unmaskInPlace });
        const open = bytes.length - lastFrame;
        let events: ReceiverEvent[] = [];
        // Fresh reads, as a socket delivers them: a receiver that keeps views is charged for them.
        for (let at = 0; at < open; at += read) events.push(...receiver.push(bytes.slice(at, Math.min(open, at + read))));
        expect(events).toEqual([]);
        expectBounded(receiver.reassembly);
        events = receiver.push(bytes.slice(open));
        expect(events).toHaveLength(1);
        const event = events[0];
        if (opcode === Opcode.Text) expect(event).toEqual({ type: 'text', data: new TextDecoder().decode(payload) });
        else expect(event.type === 'binary' && firstDifference(event.data, payload)).toBe(-1);
        expect(receiver.reassembly.bufferCount).toBe(0);
      }
    });
  });
});

describe('Receiver: unmaskInPlace', () => {
  it('unmasks a handed-over chunk where it lies and delivers a payload that fills it as a view, with no copy', () => {
    const payload = new Uint8Array(60_000).map((_, i) => i & 0xff);
    const chunk = encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload, maskingKey: RFC_KEY });
    const [event] = new Receiver({ role: 'server', unmaskInPlace: true }).push(chunk);
    expect(event.type === 'binary' && event.data.buffer).toBe(chunk.buffer);
    expect(event.type === 'binary' && firstDifference(event.data, payload)).toBe(-1);
  });

  it('copies a small payload out of a large chunk, so a kept message does not hold the chunk', () => {
    const chunk = new Uint8Array(64 * KiB);
    chunk.set(encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload: new Uint8Array([1, 2, 3]), maskingKey: RFC_KEY }));
    const receiver = new Receiver({ role: 'server', unmaskInPlace: true });
    const [event] = receiver.push(chunk.subarray(0, 9));
    expect(event.type === 'binary' && event.data.buffer.byteLength).toBe(3);
  });

  it('delivers a whole message that takes an eighth of its chunk as a view, and a smaller one as a copy of its own', () => {
    const chunk = new Uint8Array(64 * KiB);
    const eighth = frame(8 * KiB, 9);
    const smaller = frame(8 * KiB - 1, 9);
    chunk.set(eighth);
    chunk.set(smaller, eighth.length);
    const events = new Receiver({ role: 'server', unmaskInPlace: true }).push(chunk.subarray(0, eighth.length + smaller.length));
    expect(events).toHaveLength(2);
    expect(events[0].type === 'binary' && events[0].data.buffer).toBe(chunk.buffer);
    expect(events[1].type === 'binary' && events[1].data.buffer.byteLength).toBe(8 * KiB - 1);
    for (const event of events) expect(event.type === 'binary' && event.data.every((byte) => byte === 9)).toBe(true);
  });

  it('keeps a piece of a fragmented message as a view only when it takes half of its chunk', () => {
    const chunk = new Uint8Array(64 * KiB);
    const first = frame(20 * KiB, 5, { fin: false });
    const last = frame(1, 5, { opcode: Opcode.Continuation });
    chunk.set(first);
    chunk.set(last, first.length);
    const receiver = new Receiver({ role: 'server', unmaskInPlace: true });
    receiver.push(chunk.subarray(0, first.length));
    // A fifth of the chunk: copied while the message waits for its last piece, so it does not hold the read.
    expect(receiver.reassembly.retainedBytes).toBeLessThan(24 * KiB);
    const [event] = receiver.push(chunk.subarray(first.length, first.length + last.length));
    expect(event.type === 'binary' && event.data.length).toBe(20 * KiB + 1);
  });

  it('leaves the chunk untouched without it', () => {
    const chunk = encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Text, payload: new TextEncoder().encode('Hello'), maskingKey: RFC_KEY });
    const before = chunk.slice();
    expect(new Receiver({ role: 'server' }).push(chunk)).toEqual([{ type: 'text', data: 'Hello' }]);
    expect(chunk).toEqual(before);
  });
});

describe('TextReassembly: text checked and decoded as it arrives (§8.1)', () => {
  /** Where the first byte that cannot be part of valid UTF-8 is, fed one byte at a time; -1 when none is (an unfinished end aside). */
  function firstInvalidByte(bytes: Uint8Array): number {
    const validator = new Utf8Validator();
    for (let i = 0; i < bytes.length; i++) if (!validator.push(bytes.subarray(i, i + 1))) return i;
    return -1;
  }

  /** Cuts `bytes` at `cuts` (taken modulo its length, sorted, without repeats). */
  function piecesOf(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
    const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const cut of [...at, bytes.length]) {
      pieces.push(bytes.subarray(from, cut));
      from = cut;
    }
    return pieces;
  }

  // Long enough that pieces of either size arrive: some decoded at once, some gathered first.
  const text = fc.array(anyCodePoint, { minLength: 1, maxLength: 12_000 }).map((points) => points.join(''));
  const cuts = fc.array(fc.nat(), { maxLength: 6 });

  it('gives back the text however it was cut, code points split across pieces included', () => {
    fc.assert(fc.property(text, cuts, (expected, at) => {
      const bytes = new TextEncoder().encode(expected);
      const reassembly = new TextReassembly();
      for (const piece of piecesOf(bytes, at)) expect(reassembly.push(piece)).toBe(true);
      expect(reassembly.length).toBe(bytes.length);
      expect(reassembly.end()).toBe(expected);
      expect(reassembly.length).toBe(0);
    }), { numRuns: 150 });
  });

  it('fails on the piece that carries the first invalid byte, and accepts exactly what TextDecoder accepts', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const corruption = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });
    fc.assert(fc.property(text, fc.array(corruption, { minLength: 1, maxLength: 3 }), cuts, (valid, corruptions, at) => {
      const bytes = new TextEncoder().encode(valid);
      for (const { at: where, byte } of corruptions) bytes[where % bytes.length] = byte;
      const invalidAt = firstInvalidByte(bytes);
      const reassembly = new TextReassembly();
      let from = 0;
      let failedAt = -1;
      for (const piece of piecesOf(bytes, at)) {
        if (!reassembly.push(piece)) {
          failedAt = from;
          expect(invalidAt).toBeGreaterThanOrEqual(from);
          expect(invalidAt).toBeLessThan(from + piece.length);
          break;
        }
        from += piece.length;
      }
      expect(failedAt === -1).toBe(invalidAt === -1);
      let expected: string | undefined;
      try { expected = decoder.decode(bytes); } catch { expected = undefined; }
      if (failedAt === -1) expect(reassembly.end()).toBe(expected);
      else expect(expected).toBeUndefined();
    }), { numRuns: 300 });
  });

  it.each([
    ['ends in the middle of a four-byte code point', 'f0 9f 98', true],
    ['ends with a lead byte that never starts a sequence', 'c0', false],
    ['ends with an overlong three-byte start', 'e0 80', false],
    ['ends with four continuation bytes', '9f 98 80 80', false],
    ['ends with a byte above F4', 'f5 80', false],
  ])('a piece decoded at once that %s', (_name, tail, stillValid) => {
    const reassembly = new TextReassembly();
    expect(reassembly.push(new Uint8Array([...new Uint8Array(TEXT_PART_SIZE).fill(0x41), ...hex(tail)]))).toBe(stillValid);
  });

  it('an unfinished code point at the end is not text', () => {
    const reassembly = new TextReassembly();
    expect(reassembly.push(new Uint8Array([...new Uint8Array(TEXT_PART_SIZE).fill(0x41), 0xe2, 0x82]))).toBe(true);
    expect(reassembly.end()).toBeUndefined();
    // And the next message starts clean.
    expect(reassembly.push(hex('e2 82 ac'))).toBe(true);
    expect(reassembly.end()).toBe('€');
  });

  it('holds at most one decoded part per TEXT_PART_SIZE bytes however small the pieces, and about the payload in bytes', () => {
    const reassembly = new TextReassembly();
    const bytes = new TextEncoder().encode('ab'.repeat(100_000));
    for (let at = 0; at < bytes.length; at += 7) reassembly.push(bytes.subarray(at, at + 7));
    expect(reassembly.bufferCount).toBeLessThanOrEqual(Math.ceil(bytes.length / TEXT_PART_SIZE) + 1);
    expect(reassembly.retainedBytes).toBeLessThanOrEqual(bytes.length + 2 * TEXT_PART_SIZE);
    expect(reassembly.end()).toBe('ab'.repeat(100_000));
  });
});
