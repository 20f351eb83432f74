import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyMask } from '../../../../lib/index.ts';
import { expectMovedDown } from './helpers.ts';

function naive(data: Uint8Array, key: Uint8Array, offset: number): Uint8Array {
  return data.map((byte, i) => byte ^ key[(offset + i) % 4]);
}

describe('applyMask', () => {
  it('XORs octet i with key octet i mod 4 (RFC 6455 §5.3)', () => {
    const data = new TextEncoder().encode('Hello');
    expect(applyMask(data, new Uint8Array([0x37, 0xfa, 0x21, 0x3d]))).toEqual(new Uint8Array([0x7f, 0x9f, 0x4d, 0x51, 0x58]));
  });

  it('is its own inverse', () => {
    const data = new Uint8Array(1000).map((_, i) => i * 7);
    const copy = data.slice();
    const key = new Uint8Array([1, 2, 3, 4]);
    applyMask(applyMask(data, key), key);
    expect(data).toEqual(copy);
  });

  it('matches a byte-by-byte reference at any offset, length and alignment, and leaves the bytes around untouched', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 300 }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }),
      (bytes, key, offset, shift) => {
        const backing = new Uint8Array(bytes.length + 8);
        backing.set(bytes, shift);
        const view = backing.subarray(shift, shift + bytes.length);
        applyMask(view, key, offset);
        expect(view).toEqual(naive(bytes, key, offset));
        expect([...backing.subarray(0, shift), ...backing.subarray(shift + bytes.length)].every((byte) => byte === 0)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('unmasks a payload split into pieces when given each piece\'s offset', () => {
    const key = new Uint8Array([9, 8, 7, 6]);
    const data = new Uint8Array(101).map((_, i) => i);
    const whole = naive(data, key, 0);
    const pieces = [data.slice(0, 3), data.slice(3, 50), data.slice(50)];
    let offset = 0;
    const out: number[] = [];
    for (const piece of pieces) {
      out.push(...applyMask(piece, key, offset));
      offset += piece.length;
    }
    expect(new Uint8Array(out)).toEqual(whole);
  });

  it('rejects a key that is not 4 bytes', () => {
    expect(() => applyMask(new Uint8Array(4), new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('applyMask into a target', () => {
  it('writes the masked bytes to the start of the target, leaves the source and the rest of the target as they were, and returns the bytes written', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 300, size: 'max' }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 }),
      (bytes, key, offset, shift, spare) => {
        const source = bytes.slice();
        const backing = new Uint8Array(shift + bytes.length + spare + 4).fill(0xee);
        const target = backing.subarray(shift, shift + bytes.length + spare);
        const written = applyMask(source, key, offset, target);
        expect(written.length).toBe(bytes.length);
        expect(written.buffer).toBe(backing.buffer);
        expect(written.byteOffset).toBe(shift);
        expect(written).toEqual(naive(bytes, key, offset));
        expect(source).toEqual(bytes);
        expect([...backing.subarray(0, shift), ...backing.subarray(shift + bytes.length)].every((byte) => byte === 0xee)).toBe(true);
      },
    ), { numRuns: 300 });
  });

  it('refuses a target shorter than the source', () => {
    expect(() => applyMask(new Uint8Array(10), new Uint8Array(4), 0, new Uint8Array(9))).toThrow(RangeError);
  });

  it('moves bytes down within their own buffer, into a target that overlaps them, as it would copy them', () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 300, size: 'max' }), fc.uint8Array({ minLength: 4, maxLength: 4 }),
      fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 7 }),
      (bytes, key, offset, distance, lead) => expectMovedDown(applyMask, bytes, key, offset, distance, lead, naive(bytes, key, offset)),
    ), { numRuns: 300 });
  });
});
