import { describe, expect, it } from 'vitest';
import { Opcode, createFrame, encodeFrame } from '../../../../../lib/index.ts';
import {
  asJsBytes, buildFrame, closePayload, fromHash, maskingRows, parseFrameHex, parseFrameInput, parseKeyInput, parsePayloadInput, settle, specOf, toHash,
  toggleBit, typeInto, viewFrame, withClose, withFields, type Draft, type FrameSpec,
} from '../../../../../site/components/frame/frame-builder-model.ts';
import { toHex } from '../../../../../site/util/hex.ts';

const KEY = [0x37, 0xfa, 0x21, 0x3d];
const hello = new TextEncoder().encode('Hello');
/** RFC 6455 §5.7: a masked "Hello" from a client. */
const MASKED_HELLO = '81 85 37 fa 21 3d 7f 9f 4d 51 58';

const spec = (over: Partial<FrameSpec> = {}): FrameSpec => ({ fin: true, rsv1: false, rsv2: false, rsv3: false, opcode: 1, masked: true, maskingKey: KEY, payload: hello, ...over });
const bytesOf = (hex: string) => {
  const parsed = parseFrameHex(hex);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.bytes;
};
const ok = (edit: ReturnType<typeof toggleBit>) => {
  if (!edit.ok) throw new Error(edit.message);
  return edit.bytes;
};

describe('fields → bytes → fields', () => {
  it('builds the RFC 6455 §5.7 examples, the same bytes as lib encodes', () => {
    expect(toHex(buildFrame(spec()))).toBe(MASKED_HELLO);
    expect(toHex(buildFrame(spec({ masked: false })))).toBe('81 05 48 65 6c 6c 6f');
    const big = new Uint8Array(300).fill(7);
    expect(buildFrame(spec({ opcode: 2, masked: false, payload: big }))).toEqual(encodeFrame(createFrame(Opcode.Binary, big)));
  });
  it('reads the fields back from bytes, payload unmasked', () => {
    const read = specOf(bytesOf(MASKED_HELLO))!;
    expect(read).toMatchObject({ fin: true, opcode: 1, masked: true, maskingKey: KEY });
    expect(new TextDecoder().decode(read.payload)).toBe('Hello');
  });
  it('switches the length form at 126 and 65536, and back', () => {
    const lengths = [[125, 2], [126, 4], [65535, 4], [65536, 10]] as const;
    for (const [length, header] of lengths) {
      const bytes = buildFrame(spec({ masked: false, opcode: 2, payload: new Uint8Array(length) }));
      expect(viewFrame(bytes, 'server').headerLength).toBe(header);
      expect(specOf(bytes)!.payload.length).toBe(length);
    }
    const grown = ok(withFields(buildFrame(spec({ masked: false })), { payload: new Uint8Array(200) }));
    expect(grown[1]).toBe(126);
    const shrunk = ok(withFields(grown, { payload: new Uint8Array(3) }));
    expect(shrunk[1]).toBe(3);
  });
});

describe('bits → bytes', () => {
  const start = () => bytesOf(MASKED_HELLO);
  it('FIN, RSV and opcode bits flip in the first byte', () => {
    expect(ok(toggleBit(start(), 0))[0]).toBe(0x01);
    expect(ok(toggleBit(start(), 1))[0]).toBe(0xc1);
    expect(ok(toggleBit(start(), 4))[0]).toBe(0x89); // opcode 0x1 → 0x9 (ping)
    expect(ok(toggleBit(start(), 6))[0]).toBe(0x83); // → 0x3, reserved
  });
  it('the MASK bit adds or removes the key, keeping the payload', () => {
    const unmasked = ok(toggleBit(start(), 8));
    expect(toHex(unmasked)).toBe('81 05 48 65 6c 6c 6f');
    expect(toHex(ok(toggleBit(unmasked, 8)))).toBe(MASKED_HELLO);
  });
  it('length bits resize the payload; 126 and 127 bring in the extended length', () => {
    const seven = ok(toggleBit(start(), 14)); // bit 14 is the length's 2s place: 0000101 → 0000111
    expect(seven[1] & 0x7f).toBe(7);
    expect(new TextDecoder().decode(specOf(seven)!.payload)).toBe('Helloxx');
    const to125 = ok(toggleBit(buildFrame(spec({ masked: false, payload: new Uint8Array(124) })), 15)); // 1111100 → 1111101
    expect(specOf(to125)!.payload.length).toBe(125);
    const to127 = ok(toggleBit(to125, 14)); // 1111101 → 1111111: the 64-bit form, payload kept
    expect(to127[1] & 0x7f).toBe(127);
    expect(specOf(to127)!.payload.length).toBe(125);
    const view = viewFrame(to127, 'server');
    expect(view.headerLength).toBe(10);
    expect(view.warnings.join(' ')).toMatch(/fits in 16 bits/);
    const to126 = ok(toggleBit(buildFrame(spec({ masked: false, payload: new Uint8Array(124) })), 14)); // 1111100 → 1111110
    expect(to126[1] & 0x7f).toBe(126);
    expect(specOf(to126)!.payload.length).toBe(124); // the 16-bit form, payload kept
  });
  it('extended length bits set the length; beyond the builder limit is refused with a message', () => {
    const wide = buildFrame(spec({ masked: false, opcode: 2, payload: new Uint8Array(200) }));
    const grown = ok(toggleBit(wide, 16 + 7)); // 200 ^ 256 = 456
    expect(specOf(grown)!.payload.length).toBe(456);
    expect(specOf(ok(toggleBit(wide, 16)))!.payload.length).toBe(200 + 32768);
    const long = buildFrame(spec({ masked: false, opcode: 2, payload: new Uint8Array(70000) }));
    const tooBig = toggleBit(long, 16 + 8 * 5); // sets a bit worth 2^23
    expect(tooBig).toMatchObject({ ok: false, message: expect.stringMatching(/up to 1,048,576 bytes/) });
  });
  it('masking key bits change the key and the masked bytes, not the payload', () => {
    const next = ok(toggleBit(start(), 16));
    expect(specOf(next)!.maskingKey[0]).toBe(0x37 ^ 0x80);
    expect(new TextDecoder().decode(specOf(next)!.payload)).toBe('Hello');
    expect(next[6]).not.toBe(start()[6]);
  });
});

describe('invalid frames are built, and flagged with lib\'s errors', () => {
  const codes = (bytes: Uint8Array, direction: 'client' | 'server') => viewFrame(bytes, direction).violations.map((v) => v.code);
  it.each([
    ['a control frame over 125 bytes', spec({ opcode: 9, payload: new Uint8Array(126) }), 'client', 'CONTROL_FRAME_TOO_LONG'],
    ['a fragmented control frame', spec({ opcode: 9, fin: false }), 'client', 'CONTROL_FRAME_FRAGMENTED'],
    ['RSV1 without an extension', spec({ rsv1: true }), 'client', 'RESERVED_BITS_SET'],
    ['a client frame without a mask', spec({ masked: false }), 'client', 'UNMASKED_CLIENT_FRAME'],
    ['a server frame with a mask', spec(), 'server', 'MASKED_SERVER_FRAME'],
    ['a reserved opcode', spec({ opcode: 3 }), 'client', 'RESERVED_OPCODE'],
    ['text that is not UTF-8', spec({ payload: Uint8Array.of(0xc3, 0x28) }), 'client', 'INVALID_UTF8'],
  ] as const)('%s', (_, frame, direction, code) => {
    expect(codes(buildFrame(frame), direction)).toContain(code);
  });
  it('a close code that may not be sent', () => {
    const close = buildFrame(spec({ opcode: 8, payload: closePayload(1006, '') }));
    const violations = viewFrame(close, 'client').violations;
    expect(violations.map((v) => v.closeCode)).toContain(1002);
    expect(violations[0].section).toMatch(/^7\.4/);
  });
  it('a valid frame has none', () => {
    expect(codes(buildFrame(spec()), 'client')).toEqual([]);
  });
});

describe('raw hex', () => {
  it('reads hex in any spacing and case', () => {
    expect(toHex(bytesOf('0x81 0X05 48656C6C6F'))).toBe('81 05 48 65 6c 6c 6f');
  });
  it('explains what is wrong, and never throws', () => {
    expect(parseFrameHex('81 05 48')).toMatchObject({ ok: false, message: 'The frame is not complete: 4 more bytes are needed.' });
    expect(parseFrameHex('81 00 00')).toMatchObject({ ok: false, message: expect.stringMatching(/1 more byte follows/) });
    expect(parseFrameHex('81 zz')).toMatchObject({ ok: false, message: expect.stringMatching(/not hex/) });
    expect(parseFrameHex('82 7f 80 00 00 00 00 00 00 00')).toMatchObject({ ok: false, message: expect.stringMatching(/§5\.2/) });
  });
});

describe('URL and copying', () => {
  it('round-trips through the hash', () => {
    const bytes = bytesOf(MASKED_HELLO);
    const hash = toHash(bytes, 'client');
    expect(hash).toBe('#frame=818537fa213d7f9f4d5158&from=client');
    expect(fromHash(hash)).toEqual({ ok: true, bytes, direction: 'client' });
    expect(fromHash('#frame=8105&from=server')).toMatchObject({ ok: false });
    expect(fromHash('#frame=81054865 6c6c6f&from=me')).toMatchObject({ ok: false, message: expect.stringMatching(/client or server/) });
    expect(fromHash('#intro')).toBeUndefined();
  });
  it('copies as JS bytes', () => {
    expect(asJsBytes(Uint8Array.of(0x81, 0x05))).toBe('new Uint8Array([0x81, 0x05])');
  });
  it('masking table: payload XOR key[i mod 4]', () => {
    const rows = maskingRows(spec());
    expect(rows.map((r) => r.masked)).toEqual([0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    expect(rows[4].key).toBe(0x37);
  });
});

describe('input boxes', () => {
  it('reads the payload as text, or as hex when it is not text', () => {
    expect(parsePayloadInput('Hi', true)).toEqual({ ok: true, value: new TextEncoder().encode('Hi') });
    expect(parsePayloadInput('48 69', false)).toEqual({ ok: true, value: Uint8Array.of(0x48, 0x69) });
    expect(parsePayloadInput('  ', false)).toEqual({ ok: true, value: new Uint8Array(0) });
    expect(parsePayloadInput('4g', false).ok).toBe(false);
  });
  it('takes a masking key of exactly four bytes', () => {
    expect(parseKeyInput('37 fa 21 3d')).toEqual({ ok: true, value: KEY });
    expect(parseKeyInput('37 fa')).toEqual({ ok: false, message: 'A masking key is 4 bytes; this is 2.' });
  });
  it('keeps what was typed while it does not read, and lets go of it once it does', () => {
    const draft: Draft = {};
    expect(typeInto(draft, '81 8', parseFrameInput)).toBeUndefined();
    expect(draft).toEqual({ text: '81 8', error: expect.stringContaining('odd number') });
    settle(draft);
    expect(draft.text).toBe('81 8');
    expect(typeInto(draft, '81 00', parseFrameInput)).toEqual(Uint8Array.of(0x81, 0x00));
    expect(draft.error).toBeUndefined();
    settle(draft);
    expect(draft).toEqual({ text: undefined, error: undefined });
  });
  it('a close code outside 16 bits is refused with a message', () => {
    expect(withClose(bytesOf('88 02 03 e8'), 70000, '').ok).toBe(false);
    expect(toHex(ok(withClose(bytesOf('88 02 03 e8'), 1001, 'x')))).toBe('88 03 03 e9 78');
  });
});
