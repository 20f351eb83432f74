/**
 * Arbitraries shared by property tests.
 */
import fc from 'fast-check';

const SURROGATES = 0xe000 - 0xd800;

/**
 * Any Unicode scalar value (U+0000 to U+10FFFF without the surrogates) as a string: what
 * fast-check's `fc.string({ unit: 'binary' })` draws, without the second it spends
 * building its table on first use.
 */
export const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff - SURROGATES })
  .map((n) => String.fromCodePoint(n >= 0xd800 ? n + SURROGATES : n));

/** A string of up to `maxLength` arbitrary code points. */
export function anyText(maxLength: number): fc.Arbitrary<string> {
  return fc.array(anyCodePoint, { maxLength }).map((points) => points.join(''));
}
