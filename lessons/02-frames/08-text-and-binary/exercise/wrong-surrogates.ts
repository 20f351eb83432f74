/**
 * A common mistake: treating every byte after ED like any continuation byte. ED A0–BF
 * would encode U+D800–U+DFFF, the halves of UTF-16 surrogate pairs; they are not characters
 * and never valid UTF-8 (RFC 3629 §3). A lenient decoder lets them through.
 * Fails: "UTF-16 surrogates are not UTF-8: ed a0 80 is U+D800"
 */
export type Utf8Error = {
  offset: number;
  reason: 'invalid-byte' | 'unexpected-continuation' | 'missing-continuation' | 'overlong' | 'surrogate' | 'too-large' | 'truncated';
};

export function createUtf8Validator() {
  let offset = 0; // bytes of the message seen so far
  let needed = 0; // continuation bytes still owed by the current character
  let low = 0x80; // the range the next continuation byte must fall in
  let high = 0xbf;
  let failure: Utf8Error | null = null;

  const fail = (at: number, reason: Utf8Error['reason']): Utf8Error => (failure = { offset: at, reason });

  return {
    push(bytes: Uint8Array, fin: boolean): Utf8Error | null {
      if (failure) return failure;
      for (let i = 0; i < bytes.length; i++, offset++) {
        const b = bytes[i];
        if (needed > 0) {
          if (b < 0x80 || b > 0xbf) return fail(offset, 'missing-continuation');
          if (b < low) return fail(offset, 'overlong'); // only after E0 or F0 is low raised
          if (b > high) return fail(offset, high === 0x9f ? 'surrogate' : 'too-large');
          needed--;
          low = 0x80;
          high = 0xbf;
        } else if (b < 0x80) {
          continue; // ASCII
        } else if (b <= 0xbf) {
          return fail(offset, 'unexpected-continuation');
        } else if (b <= 0xc1 || b >= 0xf5) {
          return fail(offset, 'invalid-byte');
        } else if (b <= 0xdf) {
          needed = 1;
        } else if (b <= 0xef) {
          needed = 2;
          if (b === 0xe0) low = 0xa0;
        } else {
          needed = 3;
          if (b === 0xf0) low = 0x90;
          if (b === 0xf4) high = 0x8f;
        }
      }
      if (fin && needed > 0) return fail(offset, 'truncated');
      return null;
    },
  };
}
