import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Opcode, Receiver, decodeFrame, encodeFrame, type Frame, type ReceiverEvent } from '../../../../lib/index.ts';
import { concatBytes, firstDifference } from './helpers.ts';

// Every length form: 7-bit (≤ 125), 16-bit (126–65535) and 64-bit (≥ 65536), with the boundaries themselves.
const lengths = fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom(125, 126, 127, 65535, 65536, 65537), fc.integer({ min: 120, max: 4000 }), fc.integer({ min: 65530, max: 66_000 }));
const key = fc.uint8Array({ minLength: 4, maxLength: 4 });

const frameArb: fc.Arbitrary<Frame> = fc.record({
  fin: fc.boolean(), rsv1: fc.constant(false), rsv2: fc.constant(false), rsv3: fc.constant(false),
  opcode: fc.constantFrom(0, 1, 2),
  length: lengths, seed: fc.integer({ min: 0, max: 255 }),
  maskingKey: fc.option(key, { nil: undefined }),
}).map(({ length, seed, maskingKey, ...rest }) => {
  const frame: Frame = { ...rest, payload: new Uint8Array(length).map((_, i) => (i * 13 + seed) & 0xff) };
  if (maskingKey) frame.maskingKey = maskingKey;
  return frame;
});

/** A valid client→server stream: messages (some fragmented, with pings between fragments) and maybe a close. */
const streamArb = fc.array(fc.record({
  kind: fc.constantFrom('text', 'binary', 'ping'),
  text: fc.string({ unit: 'grapheme', maxLength: 40 }),
  bytes: fc.uint8Array({ maxLength: 300 }),
  cut: fc.nat(),
  pingBetween: fc.boolean(),
  key,
}), { maxLength: 6 }).chain((messages) => fc.boolean().map((withClose) => ({ messages, withClose })));

type StreamShape = typeof streamArb extends fc.Arbitrary<infer T> ? T : never;

function encodeStream({ messages, withClose }: StreamShape): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of messages) {
    const frame = (opcode: number, payload: Uint8Array, fin: boolean) => encodeFrame({ fin, rsv1: false, rsv2: false, rsv3: false, opcode, payload, maskingKey: m.key });
    if (m.kind === 'ping') {
      parts.push(frame(Opcode.Ping, m.bytes.subarray(0, 125), true));
      continue;
    }
    const payload = m.kind === 'text' ? new TextEncoder().encode(m.text) : m.bytes;
    const opcode = m.kind === 'text' ? Opcode.Text : Opcode.Binary;
    const at = payload.length ? m.cut % payload.length : 0;
    if (at === 0) {
      parts.push(frame(opcode, payload, true));
    } else {
      parts.push(frame(opcode, payload.subarray(0, at), false));
      if (m.pingBetween) parts.push(frame(Opcode.Ping, new Uint8Array([1, 2, 3]), true));
      parts.push(frame(Opcode.Continuation, payload.subarray(at), true));
    }
  }
  if (withClose) parts.push(encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Close, payload: new Uint8Array([0x03, 0xe8]), maskingKey: new Uint8Array([1, 2, 3, 4]) }));
  return concatBytes(...parts);
}

function feedChunks(bytes: Uint8Array, cuts: number[], role: 'server' | 'client' = 'server', unmaskInPlace = false): ReceiverEvent[] {
  const receiver = new Receiver({ role, unmaskInPlace });
  const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
  const events: ReceiverEvent[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    // A receiver that unmasks in place is handed chunks of its own, as a socket's reads are.
    events.push(...receiver.push(unmaskInPlace ? bytes.slice(from, point) : bytes.subarray(from, point)));
    from = point;
  }
  return events;
}

describe('properties', () => {
  it('decode(encode(frame)) equals the frame', () => {
    fc.assert(fc.property(frameArb, (frame) => {
      const bytes = encodeFrame(frame);
      const decoded = decodeFrame(bytes);
      if (decoded.kind !== 'frame') throw new Error(`decoded as ${decoded.kind}`);
      expect(decoded.length).toBe(bytes.length);
      // The header fields by deep equality, the payload byte by byte (a deep equality of 64 KiB is slow).
      const { payload, ...header } = decoded.frame;
      const { payload: expected, ...expectedHeader } = frame;
      expect(header).toEqual(expectedHeader);
      expect(firstDifference(payload, expected)).toBe(-1);
    }), { numRuns: 150 });
  });

  it('every chunking of a valid stream yields the same events as one push', () => {
    fc.assert(fc.property(streamArb, fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
      const bytes = encodeStream(stream);
      const whole = new Receiver({ role: 'server' }).push(bytes);
      expect(whole.some((e) => e.type === 'error')).toBe(false);
      expect(feedChunks(bytes, cuts)).toEqual(whole);
    }), { numRuns: 300 });
  });

  it('a receiver handed its chunks (unmaskInPlace) yields the same events, however they are cut', () => {
    fc.assert(fc.property(streamArb, fc.array(fc.nat(), { maxLength: 20 }), (stream, cuts) => {
      const bytes = encodeStream(stream);
      expect(feedChunks(bytes, cuts, 'server', true)).toEqual(new Receiver({ role: 'server' }).push(bytes));
    }), { numRuns: 300 });
  });

  it('a valid stream fed one byte at a time yields the same events', () => {
    fc.assert(fc.property(streamArb, (stream) => {
      const bytes = encodeStream(stream);
      const receiver = new Receiver({ role: 'server' });
      const events: ReceiverEvent[] = [];
      for (let i = 0; i < bytes.length; i++) events.push(...receiver.push(bytes.subarray(i, i + 1)));
      expect(events).toEqual(new Receiver({ role: 'server' }).push(bytes));
    }), { numRuns: 60 });
  });

  it('feed and next, pulling any number of events between reads, yield the same events as one push, errors included', () => {
    fc.assert(fc.property(
      streamArb, fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 12 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }),
      (stream, cuts, pulls, mutations) => {
        const bytes = encodeStream(stream).slice();
        for (const [at, value] of mutations) if (bytes.length) bytes[at % bytes.length] = value;
        const receiver = new Receiver({ role: 'server' });
        const events: ReceiverEvent[] = [];
        const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
        let from = 0;
        [...points, bytes.length].forEach((point, i) => {
          receiver.feed(bytes.subarray(from, point));
          from = point;
          // A reader that pauses takes a few events, or none, and leaves the rest for later.
          for (let n = pulls[i % pulls.length]; n > 0; n--) {
            const event = receiver.next();
            if (event) events.push(event);
          }
        });
        for (let event = receiver.next(); event; event = receiver.next()) events.push(event);
        expect(events).toEqual(new Receiver({ role: 'server' }).push(bytes));
        expect(receiver.next()).toBeUndefined();
      },
    ), { numRuns: 400 });
  });

  it('next leaves an array push returned as it was', () => {
    const receiver = new Receiver({ role: 'server' });
    const frame = (byte: number) => encodeFrame({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: Opcode.Binary, payload: new Uint8Array([byte]), maskingKey: new Uint8Array([1, 2, 3, 4]) });
    const first = receiver.push(frame(7));
    receiver.feed(concatBytes(frame(8), frame(9)));
    expect(receiver.next()).toEqual({ type: 'binary', data: new Uint8Array([8]) });
    expect(first).toEqual([{ type: 'binary', data: new Uint8Array([7]) }]);
    // push parses what feed left too, in order.
    expect(receiver.push(new Uint8Array(0))).toEqual([{ type: 'binary', data: new Uint8Array([9]) }]);
  });

  const checkOutcome = (events: ReceiverEvent[]) => {
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBeLessThanOrEqual(1);
    if (errors.length === 1) {
      expect(events[events.length - 1]).toBe(errors[0]);
      expect([1002, 1007, 1009]).toContain(errors[0].type === 'error' && errors[0].error.closeCode);
    }
  };

  it('random bytes never throw and end in events or one error with 1002, 1007 or 1009', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom<'server' | 'client'>('server', 'client'), fc.array(fc.nat(), { maxLength: 8 }), (bytes, role, cuts) => {
      checkOutcome(feedChunks(bytes, cuts, role));
    }), { numRuns: 1500 });
  });

  it('mutated valid streams never throw and end in events or one error with 1002, 1007 or 1009', () => {
    fc.assert(fc.property(streamArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (stream, mutations) => {
      const bytes = encodeStream(stream).slice();
      if (bytes.length === 0) return;
      for (const [at, value] of mutations) bytes[at % bytes.length] = value;
      const whole = new Receiver({ role: 'server' }).push(bytes);
      checkOutcome(whole);
      expect(feedChunks(bytes, mutations.map(([at]) => at))).toEqual(whole);
      expect(feedChunks(bytes, mutations.map(([at]) => at), 'server', true)).toEqual(whole);
    }), { numRuns: 800 });
  });
});
