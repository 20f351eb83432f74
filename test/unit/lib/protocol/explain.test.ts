import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { explainFrame } from '../../../../lib/index.ts';
import { toHex } from '../../../../lib/protocol/explain.ts';
import { hex } from './helpers.ts';

const VECTORS = ['81 05 48 65 6c 6c 6f', '81 85 37 fa 21 3d 7f 9f 4d 51 58', '01 03 48 65 6c', '80 02 6c 6f', '89 05 48 65 6c 6c 6f', '8a 85 37 fa 21 3d 7f 9f 4d 51 58'];

describe('explainFrame', () => {
  it('lays out every field of a masked text frame with bit ranges, bits, values and meanings', () => {
    const e = explainFrame(hex('81 85 37 fa 21 3d 7f 9f 4d 51 58'), { role: 'server' });
    expect(e.complete).toBe(true);
    expect(e.text).toBe('Hello');
    expect(e.fields.map((f) => [f.name, f.bitOffset, f.bitLength, f.bits.slice(0, 8)])).toEqual([
      ['fin', 0, 1, '1'], ['rsv1', 1, 1, '0'], ['rsv2', 2, 1, '0'], ['rsv3', 3, 1, '0'], ['opcode', 4, 4, '0001'],
      ['mask', 8, 1, '1'], ['payloadLength', 9, 7, '0000101'], ['maskingKey', 16, 32, '00110111'], ['payload', 48, 40, '01111111'],
    ]);
    expect(e.fields.find((f) => f.name === 'opcode')?.meaning).toMatch(/text/);
    expect(e.violations).toEqual([]);
  });

  it('shows the extended length field', () => {
    const e = explainFrame(hex(`82 7e 01 00 ${'00 '.repeat(256)}`));
    expect(e.fields.find((f) => f.name === 'extendedPayloadLength')).toMatchObject({ bitOffset: 16, bitLength: 16, value: 256 });
    expect(e.fields.find((f) => f.name === 'payload')?.truncated).toBe(true);
  });

  it.each([
    ['RESERVED_BITS_SET', 'c1 00', undefined],
    ['RESERVED_OPCODE', '83 00', undefined],
    ['CONTROL_FRAME_FRAGMENTED', '09 00', undefined],
    ['CONTROL_FRAME_TOO_LONG', `89 7e 00 7e ${'00 '.repeat(126)}`, undefined],
    ['UNMASKED_CLIENT_FRAME', '81 00', 'server'],
    ['MASKED_SERVER_FRAME', '81 80 00 00 00 00', 'client'],
    ['INVALID_CLOSE_PAYLOAD', '88 01 03', undefined],
    ['INVALID_CLOSE_CODE', '88 02 03 ed', undefined],
    ['INVALID_CLOSE_REASON', '88 03 03 e8 ff', undefined],
    ['INVALID_UTF8', '81 02 c0 80', undefined],
  ] as const)('flags %s', (code, bytes, role) => {
    expect(explainFrame(hex(bytes), { role }).violations.map((v) => v.code)).toContain(code);
  });

  it('finds several violations at once', () => {
    expect(explainFrame(hex('79 7e 00 80')).violations.map((v) => v.code)).toEqual(['RESERVED_BITS_SET', 'CONTROL_FRAME_FRAGMENTED', 'CONTROL_FRAME_TOO_LONG']);
  });

  it('judges the UTF-8 of a first fragment as the receiver does: invalid bytes are a violation, a character cut at the end only a warning', () => {
    expect(explainFrame(hex('01 02 48 ff')).violations.map((v) => v.code)).toEqual(['INVALID_UTF8']);
    const cut = explainFrame(hex('01 02 48 e2'));
    expect(cut.violations).toEqual([]);
    expect(cut.warnings[0]).toMatch(/next fragment/);
    expect(explainFrame(hex('81 02 48 e2')).violations.map((v) => v.code)).toEqual(['INVALID_UTF8']);
  });

  it('warns about a length that is not minimally encoded', () => {
    expect(explainFrame(hex('82 7e 00 01 00')).warnings[0]).toMatch(/minimal/);
  });

  it('reports truncated frames as incomplete with the bytes needed', () => {
    expect(explainFrame(hex('81 05 48'))).toMatchObject({ complete: false, needed: 4 });
    expect(explainFrame(new Uint8Array(0))).toMatchObject({ complete: false, needed: 2 });
  });

  it.each(VECTORS)('explains the RFC vector %s completely', (bytes) => {
    const e = explainFrame(hex(bytes));
    expect(e.complete).toBe(true);
    expect(e.length).toBe(hex(bytes).length);
  });

  it('never throws on garbage and stays serializable', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom<'server' | 'client' | undefined>('server', 'client', undefined), (bytes, role) => {
      const e = explainFrame(bytes, { role });
      expect(JSON.parse(JSON.stringify(e)).fields.length).toBe(e.fields.length);
    }), { numRuns: 1000 });
  });
});

describe('toHex', () => {
  it('writes each byte as two lowercase digits, separated by single spaces', () => {
    expect(toHex(new Uint8Array(0))).toBe('');
    expect(toHex(Uint8Array.of(0x81))).toBe('81');
    expect(toHex(Uint8Array.of(0x81, 0x05, 0x00, 0x0f, 0xff))).toBe('81 05 00 0f ff');
  });

  it('agrees with formatting each byte on its own, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      expect(toHex(bytes)).toBe(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' '));
    }), { seed: 6455 });
  });
});
