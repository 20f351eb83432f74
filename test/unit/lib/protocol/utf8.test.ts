import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Utf8Validator, decodeUtf8, isValidUtf8 } from '../../../../lib/index.ts';
import { encodeUtf8 } from '../../../../lib/protocol/utf8.ts';
import { hex } from './helpers.ts';
import { anyText } from '../../arbitraries.ts';

describe('UTF-8 validation (RFC 3629, RFC 6455 §8.1)', () => {
  it.each([
    ['ASCII', '48 65 6c 6c 6f'],
    ['two-byte é', 'c3 a9'],
    ['three-byte €', 'e2 82 ac'],
    ['four-byte 😀', 'f0 9f 98 80'],
    ['U+D7FF, the last code point before the surrogates', 'ed 9f bf'],
    ['U+10FFFF, the last code point', 'f4 8f bf bf'],
    ['the empty string', ''],
  ])('accepts %s', (_name, bytes) => {
    expect(isValidUtf8(hex(bytes))).toBe(true);
  });

  it.each([
    ['an overlong two-byte NUL', 'c0 80'],
    ['an overlong two-byte /', 'c1 af'],
    ['an overlong three-byte form', 'e0 80 80'],
    ['an overlong four-byte form', 'f0 80 80 80'],
    ['a UTF-16 surrogate U+D800', 'ed a0 80'],
    ['a UTF-16 surrogate U+DFFF', 'ed bf bf'],
    ['a code point above U+10FFFF', 'f4 90 80 80'],
    ['the byte F5', 'f5 80 80 80'],
    ['the byte FF', 'ff'],
    ['a lone continuation byte', '80'],
    ['a truncated sequence', 'e2 82'],
    ['a lead byte followed by ASCII', 'c3 41'],
  ])('rejects %s', (_name, bytes) => {
    expect(isValidUtf8(hex(bytes))).toBe(false);
  });

  it('accepts a code point split across pushes', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('f0 9f'))).toBe(true);
    expect(validator.complete).toBe(false);
    expect(validator.push(hex('98'))).toBe(true);
    expect(validator.push(hex('80'))).toBe(true);
    expect(validator.end()).toBe(true);
  });

  it('fails on the push that carries the first invalid byte', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('48 65'))).toBe(true);
    expect(validator.push(hex('ed'))).toBe(true);
    expect(validator.push(hex('a0'))).toBe(false);
    expect(validator.push(hex('41'))).toBe(false);
  });

  it('pushEdges checks only the code point left open before the piece and the one the piece leaves open', () => {
    const validator = new Utf8Validator();
    expect(validator.push(hex('e2 82'))).toBe(true);
    // The middle (ff) is for the caller to check: pushEdges reads the finishing ac and the open f0 9f.
    expect(validator.pushEdges(hex('ac ff 41 f0 9f'))).toBe(true);
    expect(validator.complete).toBe(false);
    expect(validator.push(hex('98 80'))).toBe(true);
    expect(validator.end()).toBe(true);
    expect(new Utf8Validator().pushEdges(hex('41 e0 80'))).toBe(false);
    const broken = new Utf8Validator();
    expect(broken.push(hex('e2'))).toBe(true);
    expect(broken.pushEdges(hex('41 41 41 41'))).toBe(false);
  });

  it('agrees with TextDecoder in fatal mode on arbitrary bytes', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      let expected = true;
      try { decoder.decode(bytes); } catch { expected = false; }
      expect(isValidUtf8(bytes)).toBe(expected);
    }), { numRuns: 2000 });
  });

  it('decodeUtf8 accepts exactly what the validator accepts, and decodes it', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const text = decodeUtf8(bytes);
      expect(text !== undefined).toBe(isValidUtf8(bytes));
      if (text !== undefined) expect(new TextEncoder().encode(text)).toEqual(bytes);
    }), { numRuns: 2000 });
  });

  it('decodeUtf8 keeps a leading byte order mark as data', () => {
    expect(decodeUtf8(hex('ef bb bf 41'))).toBe('\ufeffA');
  });

  it('accepts every string TextEncoder makes, split anywhere', () => {
    fc.assert(fc.property(anyText(40), fc.nat(200), (text, cut) => {
      const bytes = new TextEncoder().encode(text);
      const at = bytes.length ? cut % (bytes.length + 1) : 0;
      const validator = new Utf8Validator();
      expect(validator.push(bytes.subarray(0, at)) && validator.push(bytes.subarray(at)) && validator.end()).toBe(true);
    }));
  });
});

describe('encodeUtf8', () => {
  const encoder = new TextEncoder();

  it('gives what TextEncoder gives, for any text', () => {
    fc.assert(fc.property(fc.oneof(anyText(80), fc.string({ maxLength: 80 })), (text) => {
      expect(Array.from(encodeUtf8(text))).toEqual(Array.from(encoder.encode(text)));
    }), { seed: 6455, numRuns: 500 });
  });

  it('around the short-text limit, and with the last ASCII character, the first beyond it, or a lone surrogate', () => {
    for (const length of [0, 1, 63, 64, 65, 200]) {
      const ascii = 'a'.repeat(length);
      for (const text of [ascii, `${ascii}\u007f`, `${ascii}\u0080`, `${ascii}é`, `${ascii}\u0800`, `${ascii}\ud800`, `\udc00${ascii}`]) {
        expect(Array.from(encodeUtf8(text)), JSON.stringify(text)).toEqual(Array.from(encoder.encode(text)));
      }
    }
  });
});
