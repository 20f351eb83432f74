/** Hex bytes as people type them and as the lab prints them. */
import { toHex as bytesToHex } from '../../lib/protocol/explain.ts';

/** Reads hex bytes: spaces, commas, case and `0x` prefixes are all fine. */
export function parseHexBytes(text: string): { ok: true; bytes: number[] } | { ok: false; message: string } {
  const cleaned = text.trim();
  if (cleaned === '') return { ok: false, message: 'Type the bytes in hex, for example 81 05.' };
  const tokens = cleaned.split(/[\s,]+/).filter(Boolean);
  const digits: string[] = [];
  for (const token of tokens) {
    const bare = token.replace(/^0x/i, '');
    if (bare === '' || !/^[0-9a-f]+$/i.test(bare)) {
      return { ok: false, message: `“${token.slice(0, 20)}” is not hex: use the digits 0–9 and a–f, e.g. 81 05 or 0x81 0x05.` };
    }
    if (tokens.length > 1 && bare.length !== 2 && bare.length % 2 !== 0) {
      return { ok: false, message: `“${token.slice(0, 20)}” has an odd number of hex digits; each byte is two digits (05, not 5).` };
    }
    digits.push(bare);
  }
  const all = digits.join('');
  if (all.length % 2 !== 0) return { ok: false, message: 'An odd number of hex digits: each byte is two digits (05, not 5).' };
  const bytes: number[] = [];
  for (let i = 0; i < all.length; i += 2) bytes.push(Number.parseInt(all.slice(i, i + 2), 16));
  return { ok: true, bytes };
}

/** Bytes as lowercase hex pairs separated by spaces ("81 05"): lib's toHex, which also takes a plain list of byte values here. */
export const toHex = (bytes: ArrayLike<number>): string => bytesToHex(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
