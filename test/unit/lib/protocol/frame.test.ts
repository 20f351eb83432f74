import { describe, expect, it } from 'vitest';
import { Opcode, createFrame, decodeFrame, encodeFrame, encodeHeader, headerLength } from '../../../../lib/index.ts';
import { RFC_KEY, hex } from './helpers.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('RFC 6455 §5.7 examples', () => {
  it.each([
    ['a single-frame unmasked text message "Hello"', createFrame(Opcode.Text, 'Hello'), '81 05 48 65 6c 6c 6f'],
    ['a single-frame masked text message "Hello"', createFrame(Opcode.Text, 'Hello', { maskingKey: RFC_KEY }), '81 85 37 fa 21 3d 7f 9f 4d 51 58'],
    ['the first fragment "Hel"', createFrame(Opcode.Text, 'Hel', { fin: false }), '01 03 48 65 6c'],
    ['the last fragment "lo"', createFrame(Opcode.Continuation, 'lo'), '80 02 6c 6f'],
    ['an unmasked ping "Hello"', createFrame(Opcode.Ping, 'Hello'), '89 05 48 65 6c 6c 6f'],
    ['a masked pong "Hello"', createFrame(Opcode.Pong, 'Hello', { maskingKey: RFC_KEY }), '8a 85 37 fa 21 3d 7f 9f 4d 51 58'],
  ])('encodes and decodes %s', (_name, frame, bytes) => {
    expect(encodeFrame(frame)).toEqual(hex(bytes));
    const decoded = decodeFrame(hex(bytes));
    expect(decoded).toEqual({ kind: 'frame', frame, length: hex(bytes).length });
  });

  it('uses a 16-bit length for a 256-byte binary message (82 7E 0100)', () => {
    const bytes = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(256)));
    expect(bytes.subarray(0, 4)).toEqual(hex('82 7e 01 00'));
    expect(bytes.length).toBe(4 + 256);
  });

  it('uses a 64-bit length for a 64 KiB binary message (82 7F 0000000000010000)', () => {
    const bytes = encodeFrame(createFrame(Opcode.Binary, new Uint8Array(65536)));
    expect(bytes.subarray(0, 10)).toEqual(hex('82 7f 00 00 00 00 00 01 00 00'));
    const decoded = decodeFrame(bytes);
    expect(decoded.kind === 'frame' && decoded.frame.payload.length).toBe(65536);
  });
});

describe('minimal length encoding', () => {
  it.each([
    [0, 2], [125, 2], [126, 4], [65535, 4], [65536, 10],
  ])('a %i-byte payload takes a %i-byte header', (length, size) => {
    expect(headerLength(length, false)).toBe(size);
    expect(headerLength(length, true)).toBe(size + 4);
    expect(encodeHeader({ fin: true, opcode: Opcode.Binary, payloadLength: length }).length).toBe(size);
  });
});

describe('encodeFrame', () => {
  it('masks a copy and never changes the caller\'s payload', () => {
    const payload = text('Hello');
    const before = payload.slice();
    encodeFrame(createFrame(Opcode.Text, payload, { maskingKey: RFC_KEY }));
    expect(payload).toEqual(before);
  });

  it('rejects opcodes that do not fit in 4 bits and keys that are not 4 bytes', () => {
    expect(() => encodeFrame(createFrame(16, text('x')))).toThrow(RangeError);
    expect(() => encodeFrame(createFrame(1, text('x'), { maskingKey: new Uint8Array(3) }))).toThrow(RangeError);
  });
});

describe('decodeFrame', () => {
  it('says how many more bytes it needs', () => {
    expect(decodeFrame(hex(''))).toEqual({ kind: 'incomplete', needed: 2 });
    expect(decodeFrame(hex('81'))).toEqual({ kind: 'incomplete', needed: 1 });
    expect(decodeFrame(hex('81 05 48'))).toEqual({ kind: 'incomplete', needed: 4 });
    expect(decodeFrame(hex('82 7e 01'))).toEqual({ kind: 'incomplete', needed: 1 });
    expect(decodeFrame(hex('81 85 37 fa'))).toEqual({ kind: 'incomplete', needed: 7 });
  });

  it('does not change its input when unmasking, even a Node Buffer', () => {
    const bytes = hex('81 85 37 fa 21 3d 7f 9f 4d 51 58');
    const before = bytes.slice();
    decodeFrame(bytes);
    expect(bytes).toEqual(before);
    const buffer = Buffer.from(before);
    decodeFrame(buffer);
    expect(new Uint8Array(buffer)).toEqual(before);
  });

  it.each([
    ['RESERVED_BITS_SET', 'c1 00'],
    ['RESERVED_OPCODE', '83 00'],
    ['CONTROL_FRAME_FRAGMENTED', '09 00'],
    ['CONTROL_FRAME_TOO_LONG', '89 7e 00 7e'],
    ['LENGTH_TOP_BIT_SET', '82 7f 80 00 00 00 00 00 00 00'],
    ['LENGTH_TOO_LARGE', '82 7f 00 20 00 00 00 00 00 00'],
  ])('reports %s from the header alone', (code, bytes) => {
    const result = decodeFrame(hex(bytes));
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.error.code).toBe(code);
  });
});
