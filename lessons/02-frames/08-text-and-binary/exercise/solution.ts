/**
 * A streaming UTF-8 validator for one text message, as a WebSocket receiver needs it.
 *
 * push(bytes, fin) is called with each piece of the message as it arrives (a fragment, or
 * part of one); fin is true on the last piece. It returns null while the bytes so far can
 * still be the start of valid UTF-8, and otherwise the first bad byte's offset — counted
 * from the start of the message, across pushes — and the rule it breaks:
 *
 * - 'invalid-byte': C0, C1 or F5–FF, bytes that never appear in UTF-8;
 * - 'unexpected-continuation': a continuation byte (80–BF) where a character should start;
 * - 'missing-continuation': a character started and the next byte is not 80–BF;
 * - 'overlong': E0 followed by 80–9F, or F0 followed by 80–8F (a longer form than needed);
 * - 'surrogate': ED followed by A0–BF (U+D800–U+DFFF, which are not characters);
 * - 'too-large': F4 followed by 90–BF (above U+10FFFF);
 * - 'truncated': fin is true and the message ends inside a character; the offset is the
 *   message's length, where the missing byte should have been.
 *
 * Report a bad byte in the push that carries it, even when fin is false: that is fail fast.
 * A character may be split across pushes.
 * Same result once it has failed: every later push returns the same failure.
 *
 * Write the byte rules yourself: lib's Utf8Validator and a fatal TextDecoder answer only
 * "valid or not", never where or why, and the point is to know both.
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
          if (b === 0xed) high = 0x9f;
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
