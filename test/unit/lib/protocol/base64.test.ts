import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from '../../../../lib/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** RFC 4648 §10, "Test Vectors". */
const RFC_4648_VECTORS: Array<[string, string]> = [
  ['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy'],
];

describe('base64 (RFC 4648 §4)', () => {
  it.each(RFC_4648_VECTORS)('encodes %j as %j (§10)', (text, encoded) => {
    expect(encodeBase64(bytes(text))).toBe(encoded);
  });

  it.each(RFC_4648_VECTORS)('decodes %j from %j (§10)', (text, encoded) => {
    expect(decodeBase64(encoded)).toEqual(bytes(text));
  });

  it('the 62nd and 63rd characters are + and / (the base64 alphabet, not base64url)', () => {
    expect(encodeBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
    expect(decodeBase64('-_8=')).toBeUndefined();
  });

  it('decodes the RFC 6455 §1.3 key to its 16 bytes and the accept value to a 20-byte SHA-1', () => {
    expect(decodeBase64('dGhlIHNhbXBsZSBub25jZQ==')).toEqual(bytes('the sample nonce'));
    expect(decodeBase64('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=')).toHaveLength(20);
  });

  it('padding is required (§3.2): a length that is not a multiple of 4 is refused', () => {
    expect(decodeBase64('Zg')).toBeUndefined();
    expect(decodeBase64('Zm9vY')).toBeUndefined();
  });

  it('refuses characters outside the alphabet, white space included (§3.3)', () => {
    expect(decodeBase64('Zm9v!A==')).toBeUndefined();
    expect(decodeBase64('Zm9v Zg==')).toBeUndefined();
  });

  it('refuses padding anywhere but at the end', () => {
    expect(decodeBase64('Zg==Zm9v')).toBeUndefined();
    expect(decodeBase64('Z===')).toBeUndefined();
  });

  it('refuses non-canonical input whose pad bits are not zero (§3.5)', () => {
    expect(decodeBase64('Zh==')).toBeUndefined();
    expect(decodeBase64('Zm9=')).toBeUndefined();
  });

  it('decodes what it encodes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
      expect(decodeBase64(encodeBase64(data))).toEqual(data);
    }));
  });
});
