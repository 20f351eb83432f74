import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DecodeError, Decoder, ExtData, encode } from '@msgpack/msgpack';
import { isOneMsgpackValue } from '../../../../../site/components/lab-run/app-protocol-values.ts';
import { anyText } from '../../../arbitraries.ts';

/**
 * Values of every MessagePack type @msgpack/msgpack writes: each width of integer, float,
 * nil, booleans, timestamps, and the short forms of string, bin, ext, array and map (the
 * 16- and 32-bit forms have a test of their own: values that large make slow samples).
 */
const msgpackValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }),
    fc.double(),
    anyText(40),
    fc.uint8Array({ maxLength: 40 }),
    fc.record({ type: fc.integer({ min: 0, max: 127 }), data: fc.uint8Array({ maxLength: 20 }) }).map(({ type, data }) => new ExtData(type, data)),
    fc.date({ noInvalidDate: true }),
    fc.array(tie('value'), { maxLength: 8 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 8 }),
  ),
})).value;

const encodeAny = (value: unknown) => encode(value, { useBigInt64: true });

/** How the decoder takes `bytes`: 'framing' if it throws for their framing (cut short, bytes left over, an unknown type byte). */
function decoded(bytes: Uint8Array): 'ok' | 'framing' | 'other error' {
  try {
    new Decoder({ useBigInt64: true }).decode(bytes);
    return 'ok';
  } catch (error) {
    return error instanceof RangeError || (error instanceof DecodeError && error.message.startsWith('Unrecognized type byte')) ? 'framing' : 'other error';
  }
}

describe('isOneMsgpackValue', () => {
  it('holds for every value an encoder writes, and for nothing cut from it or added to it', () => {
    fc.assert(fc.property(msgpackValue, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 }), (value, cut, more) => {
      const bytes = encodeAny(value);
      expect(isOneMsgpackValue(bytes)).toBe(true);
      expect(isOneMsgpackValue(bytes.subarray(0, cut % bytes.length))).toBe(false);
      expect(isOneMsgpackValue(Uint8Array.from([...bytes, ...more]))).toBe(false);
    }), { seed: 6455, numRuns: 200 });
  });

  it.each([[300, '16-bit'], [65_536, '32-bit']])('holds for the %s-element or -byte forms (%s): array, map, string, bin and ext', (size, width) => {
    /** An array or map header for `count` and then `values` zeros (each a fixint). */
    const zeros = (type: number, count: number, values: number) => {
      const header = width === '16-bit' ? [type, count >> 8, count & 0xff] : [type, count >>> 24, (count >> 16) & 0xff, (count >> 8) & 0xff, count & 0xff];
      return Uint8Array.from([...header, ...new Uint8Array(values)]);
    };
    const short = width === '16-bit';
    const forms = [zeros(short ? 0xdc : 0xdd, size, size), zeros(short ? 0xde : 0xdf, size, 2 * size), encodeAny('x'.repeat(size)), encodeAny(new Uint8Array(size)), encodeAny(new ExtData(1, new Uint8Array(size)))];
    expect(forms.map((bytes) => bytes[0])).toEqual(short ? [0xdc, 0xde, 0xda, 0xc5, 0xc8] : [0xdd, 0xdf, 0xdb, 0xc6, 0xc9]);
    for (const bytes of forms) {
      expect(decoded(bytes)).toBe('ok');
      expect(isOneMsgpackValue(bytes)).toBe(true);
      expect(isOneMsgpackValue(bytes.subarray(0, -1))).toBe(false);
    }
  });

  it('holds for each fixed-size extension (fixext 1, 2, 4, 8, 16) and the ext forms around them', () => {
    for (const size of [1, 2, 3, 4, 8, 15, 16, 17, 256]) {
      const bytes = encodeAny([new ExtData(7, new Uint8Array(size).fill(0xc1)), 'after']);
      expect(isOneMsgpackValue(bytes), `ext of ${size}`).toBe(true);
      expect(isOneMsgpackValue(bytes.subarray(0, -1)), `ext of ${size}, cut`).toBe(false);
    }
  });

  it('says no only where the decoder throws, and yes only where the framing is not what it throws for (random and damaged bytes)', () => {
    const damaged = fc.tuple(msgpackValue, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([value, at, byte]) => {
      const bytes = encodeAny(value);
      bytes[at % bytes.length] = byte;
      return bytes;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
      // Where the bytes break a rule of content too (a map as a key), the decoder may throw for that first.
      if (isOneMsgpackValue(bytes)) expect(decoded(bytes)).not.toBe('framing');
      else expect(decoded(bytes)).not.toBe('ok');
    }), { seed: 6455, numRuns: 1000 });
  });

  it('never reads a count as more values than there are bytes left', () => {
    // array32 of 4,294,967,295: a decoder that believed it would allocate before finding out.
    expect(isOneMsgpackValue(Uint8Array.of(0xdd, 0xff, 0xff, 0xff, 0xff, 0x00))).toBe(false);
    expect(isOneMsgpackValue(Uint8Array.of(0xdf, 0x00, 0x00, 0x00, 0x01, 0xa1, 0x61, 0x01))).toBe(true);
    expect(isOneMsgpackValue(Uint8Array.of(0xc1))).toBe(false);
    expect(isOneMsgpackValue(new Uint8Array(0))).toBe(false);
  });
});
