import { describe, expect, it } from 'vitest';
import { Opcode, Receiver, applyMask, createFrame, encodeFrame, type Frame } from '../../../../lib/index.ts';
import { RFC_KEY, concatBytes, feed, firstDifference, hex } from './helpers.ts';

const K = { maskingKey: RFC_KEY };
const masked = (opcode: number, payload: Uint8Array | string = '', fin = true) => encodeFrame(createFrame(opcode, payload, { ...K, fin }));
const plain = (opcode: number, payload: Uint8Array | string = '', fin = true) => encodeFrame(createFrame(opcode, payload, { fin }));
const close = (code: number, reason: Uint8Array = new Uint8Array(0)) => concatBytes(new Uint8Array([code >> 8, code & 0xff]), reason);
const withBits = (frame: Frame, patch: Partial<Frame>) => encodeFrame({ ...frame, ...patch });

/** Feeds whole and byte by byte; both must agree. */
function eventsOf(role: 'server' | 'client', bytes: Uint8Array, maxMessageSize?: number) {
  const whole = feed(role, bytes, bytes.length || 1, maxMessageSize);
  const bytewise = feed(role, bytes, 1, maxMessageSize);
  expect(bytewise).toEqual(whole);
  return whole;
}

describe('Receiver: RFC 6455 §5.7 streams', () => {
  it('delivers "Hello" from one masked frame (as a server)', () => {
    expect(eventsOf('server', hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'))).toEqual([{ type: 'text', data: 'Hello' }]);
  });
  it('delivers "Hello" from one unmasked frame (as a client)', () => {
    expect(eventsOf('client', hex('81 05 48 65 6c 6c 6f'))).toEqual([{ type: 'text', data: 'Hello' }]);
  });
  it('reassembles "Hel" + "lo"', () => {
    expect(eventsOf('client', hex('01 03 48 65 6c 80 02 6c 6f'))).toEqual([{ type: 'text', data: 'Hello' }]);
  });
  it('delivers a ping and a masked pong with their data', () => {
    expect(eventsOf('client', hex('89 05 48 65 6c 6c 6f'))).toEqual([{ type: 'ping', data: new TextEncoder().encode('Hello') }]);
    expect(eventsOf('server', hex('8a 85 37 fa 21 3d 7f 9f 4d 51 58'))).toEqual([{ type: 'pong', data: new TextEncoder().encode('Hello') }]);
  });
  it('delivers 256-byte and 64 KiB binary messages', () => {
    const a = new Uint8Array(256).map((_, i) => i);
    const b = new Uint8Array(65536).map((_, i) => i * 31);
    const events = eventsOf('client', concatBytes(plain(Opcode.Binary, a), plain(Opcode.Binary, b)));
    expect(events.map((e) => e.type)).toEqual(['binary', 'binary']);
    expect(events.map((e, i) => e.type === 'binary' && firstDifference(e.data, [a, b][i]))).toEqual([-1, -1]);
  });
  it('does not change the chunks it is given', () => {
    const bytes = masked(Opcode.Text, 'Hello');
    const before = bytes.slice();
    new Receiver({ role: 'server' }).push(bytes);
    expect(bytes).toEqual(before);
  });
  it('does not change a Node Buffer chunk either (Buffer#slice returns a view, not a copy)', () => {
    const frame = masked(Opcode.Binary, new Uint8Array(300).fill(7));
    const buffer = Buffer.from(frame);
    const events = new Receiver({ role: 'server' }).push(buffer);
    expect(new Uint8Array(buffer)).toEqual(frame);
    expect(events).toEqual([{ type: 'binary', data: new Uint8Array(300).fill(7) }]);
  });
});

describe('Receiver: control frames between fragments are delivered at once (§5.4, §5.5)', () => {
  it('delivers a ping that arrives between two fragments before the message', () => {
    const receiver = new Receiver({ role: 'server' });
    expect(receiver.push(masked(Opcode.Text, 'Hel', false))).toEqual([]);
    expect(receiver.push(masked(Opcode.Ping, 'p'))).toEqual([{ type: 'ping', data: new TextEncoder().encode('p') }]);
    expect(receiver.push(masked(Opcode.Continuation, 'lo'))).toEqual([{ type: 'text', data: 'Hello' }]);
  });
});

describe('Receiver: close frames (§5.5.1, §7.4)', () => {
  it.each([
    ['an empty close has no code (reported as 1005)', new Uint8Array(0), { type: 'close', reason: '' }],
    ['code 1000 with a reason', close(1000, new TextEncoder().encode('bye')), { type: 'close', code: 1000, reason: 'bye' }],
    ['a private code 4000', close(4000), { type: 'close', code: 4000, reason: '' }],
    ['code 1014', close(1014), { type: 'close', code: 1014, reason: '' }],
  ])('accepts %s', (_name, payload, event) => {
    expect(eventsOf('server', masked(Opcode.Close, payload))).toEqual([event]);
  });

  it('reports nothing after a close frame', () => {
    expect(eventsOf('server', concatBytes(masked(Opcode.Close, close(1000)), masked(Opcode.Text, 'late')))).toEqual([{ type: 'close', code: 1000, reason: '' }]);
  });
});

type Rule = [name: string, role: 'server' | 'client', bytes: Uint8Array, code: string, closeCode: number, maxMessageSize?: number];

const rules: Rule[] = [
  ['a server rejects an unmasked frame (§5.1)', 'server', plain(Opcode.Text, 'hi'), 'UNMASKED_CLIENT_FRAME', 1002],
  ['a client rejects a masked frame (§5.1)', 'client', masked(Opcode.Text, 'hi'), 'MASKED_SERVER_FRAME', 1002],
  ['RSV1 set without an extension (§5.2)', 'client', withBits(createFrame(Opcode.Text, 'x'), { rsv1: true }), 'RESERVED_BITS_SET', 1002],
  ['RSV2 set without an extension (§5.2)', 'client', withBits(createFrame(Opcode.Text, 'x'), { rsv2: true }), 'RESERVED_BITS_SET', 1002],
  ['RSV3 set without an extension (§5.2)', 'client', withBits(createFrame(Opcode.Text, 'x'), { rsv3: true }), 'RESERVED_BITS_SET', 1002],
  ...[3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op): Rule => [`reserved opcode 0x${op.toString(16)} (§5.2)`, 'client', plain(op, 'x'), 'RESERVED_OPCODE', 1002]),
  ['a ping over 125 bytes (§5.5)', 'client', plain(Opcode.Ping, new Uint8Array(126)), 'CONTROL_FRAME_TOO_LONG', 1002],
  ['a close over 125 bytes (§5.5)', 'client', plain(Opcode.Close, close(1000, new Uint8Array(124).fill(0x61))), 'CONTROL_FRAME_TOO_LONG', 1002],
  ['a fragmented ping (§5.5)', 'client', plain(Opcode.Ping, 'x', false), 'CONTROL_FRAME_FRAGMENTED', 1002],
  ['a fragmented close (§5.5)', 'client', plain(Opcode.Close, close(1000), false), 'CONTROL_FRAME_FRAGMENTED', 1002],
  ['a continuation with nothing in progress (§5.4)', 'client', plain(Opcode.Continuation, 'x'), 'UNEXPECTED_CONTINUATION', 1002],
  ['a new text frame inside a fragmented message (§5.4)', 'client', concatBytes(plain(Opcode.Text, 'a', false), plain(Opcode.Text, 'b')), 'EXPECTED_CONTINUATION', 1002],
  ['a new binary frame inside a fragmented message (§5.4)', 'client', concatBytes(plain(Opcode.Binary, 'a', false), plain(Opcode.Binary, 'b')), 'EXPECTED_CONTINUATION', 1002],
  ['a close payload of 1 byte (§5.5.1)', 'client', plain(Opcode.Close, new Uint8Array([3])), 'INVALID_CLOSE_PAYLOAD', 1002],
  ...[0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535].map((code): Rule => [`close code ${code} (§7.4)`, 'client', plain(Opcode.Close, close(code)), 'INVALID_CLOSE_CODE', 1002]),
  ['a close reason that is not UTF-8 (§5.5.1, §8.1)', 'client', plain(Opcode.Close, close(1000, hex('ff fe'))), 'INVALID_CLOSE_REASON', 1007],
  ['a text message that is not UTF-8 (§8.1)', 'client', plain(Opcode.Text, hex('48 c0 80')), 'INVALID_UTF8', 1007],
  ['a text message that ends inside a character (§8.1)', 'client', plain(Opcode.Text, hex('48 e2 82')), 'INVALID_UTF8', 1007],
  ['a 64-bit length with the top bit set (§5.2)', 'client', hex('82 7f 80 00 00 00 00 00 00 01'), 'LENGTH_TOP_BIT_SET', 1002],
  ['a 64-bit length above 2^53 − 1 (§5.2)', 'client', hex('82 7f 00 20 00 00 00 00 00 00'), 'LENGTH_TOO_LARGE', 1009],
  ['a message over maxMessageSize (§10.4)', 'client', plain(Opcode.Binary, new Uint8Array(101)), 'MESSAGE_TOO_BIG', 1009, 100],
  ['fragments that add up to more than maxMessageSize (§10.4)', 'client', concatBytes(plain(Opcode.Binary, new Uint8Array(60), false), plain(Opcode.Continuation, new Uint8Array(60))), 'MESSAGE_TOO_BIG', 1009, 100],
];

describe('Receiver: every receiving rule fails the connection with its error', () => {
  it.each(rules)('%s', (_name, role, bytes, code, closeCode, maxMessageSize) => {
    const events = eventsOf(role, bytes, maxMessageSize);
    const last = events[events.length - 1];
    expect(last?.type).toBe('error');
    expect(last?.type === 'error' && last.error.code).toBe(code);
    expect(last?.type === 'error' && last.error.closeCode).toBe(closeCode);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('yields nothing more after an error', () => {
    const receiver = new Receiver({ role: 'server' });
    expect(receiver.push(plain(Opcode.Text, 'x'))[0]?.type).toBe('error');
    expect(receiver.push(masked(Opcode.Text, 'x'))).toEqual([]);
  });

  it('the default limit is 16 MiB', () => {
    expect(new Receiver({ role: 'client' }).maxMessageSize).toBe(16 * 1024 * 1024);
    const header = hex('82 7f 00 00 00 00 01 00 00 01');
    expect(feed('client', header)[0]).toMatchObject({ type: 'error', error: { code: 'MESSAGE_TOO_BIG' } });
  });
});

describe('Receiver: errors are reported as soon as the bytes show them', () => {
  it('rejects an unmasked client frame when its second byte arrives', () => {
    const receiver = new Receiver({ role: 'server' });
    expect(receiver.push(hex('81'))).toEqual([]);
    expect(receiver.push(hex('05'))[0]).toMatchObject({ type: 'error', error: { code: 'UNMASKED_CLIENT_FRAME' } });
  });

  it('rejects an oversize message from its header, before the payload', () => {
    const receiver = new Receiver({ role: 'client', maxMessageSize: 1000 });
    expect(receiver.push(hex('82 7e 10 00'))[0]).toMatchObject({ type: 'error', error: { code: 'MESSAGE_TOO_BIG', closeCode: 1009 } });
  });

  it('rejects invalid UTF-8 in the push that carries it, mid-frame and mid-fragment', () => {
    const receiver = new Receiver({ role: 'client' });
    // First fragment of a message, its header announcing 10 bytes; only 3 arrive, the third invalid.
    expect(receiver.push(hex('01 0a 48 65'))).toEqual([]);
    expect(receiver.push(hex('ff'))[0]).toMatchObject({ type: 'error', error: { code: 'INVALID_UTF8', closeCode: 1007 } });
  });

  it('rejects invalid UTF-8 in a continuation frame before the message ends', () => {
    const receiver = new Receiver({ role: 'client' });
    expect(receiver.push(plain(Opcode.Text, 'ok', false))).toEqual([]);
    expect(receiver.push(hex('00 05 41 ed a0'))[0]).toMatchObject({ type: 'error', error: { code: 'INVALID_UTF8' } });
  });

  it('accepts a code point split across two frames', () => {
    const euro = hex('e2 82 ac');
    const bytes = concatBytes(plain(Opcode.Text, euro.subarray(0, 1), false), plain(Opcode.Continuation, euro.subarray(1)));
    expect(eventsOf('client', bytes)).toEqual([{ type: 'text', data: '€' }]);
  });
});

describe('Receiver: masked text in a chunk it may not change', () => {
  it('unmasks a piece larger than its scratch buffer a slice at a time, code points split at the slices included, and leaves the chunk as it was', () => {
    // 200,000 bytes of three-byte characters: 64 KiB slices cut code points, and the piece after the header is one push.
    const text = '€'.repeat(66_667).slice(0, 66_666) + 'ab';
    const frame = masked(Opcode.Text, text);
    const header = frame.length - new TextEncoder().encode(text).length;
    const rest = frame.slice(header + 1);
    const before = rest.slice();
    const receiver = new Receiver({ role: 'server' });
    expect(receiver.push(frame.slice(0, header + 1))).toEqual([]);
    expect(receiver.push(rest)).toEqual([{ type: 'text', data: text }]);
    expect(firstDifference(rest, before)).toBe(-1);
  });

  it('fails on an invalid byte in a later slice of such a piece', () => {
    const payload = new TextEncoder().encode('a'.repeat(150_000));
    payload[140_000] = 0xff;
    const frame = masked(Opcode.Text, payload);
    const header = frame.length - payload.length;
    const receiver = new Receiver({ role: 'server' });
    expect(receiver.push(frame.slice(0, header + 1))).toEqual([]);
    expect(receiver.push(frame.slice(header + 1))[0]).toMatchObject({ type: 'error', error: { code: 'INVALID_UTF8' } });
  });
});

describe('Receiver: a platform mask function', () => {
  it('unmasks every masked payload with the function it is given, control frames included', () => {
    const calls: number[] = [];
    const mask = (data: Uint8Array, key: Uint8Array, offset = 0, target?: Uint8Array) => { calls.push(data.length); return applyMask(data, key, offset, target); };
    const receiver = new Receiver({ role: 'server', mask });
    const bytes = concatBytes(
      encodeFrame(createFrame(Opcode.Text, 'Hello', { maskingKey: RFC_KEY })),
      encodeFrame(createFrame(Opcode.Ping, 'p', { maskingKey: RFC_KEY })),
    );
    expect(receiver.push(bytes)).toEqual([{ type: 'text', data: 'Hello' }, { type: 'ping', data: new TextEncoder().encode('p') }]);
    expect(calls).toEqual([5, 1]);
  });
});
