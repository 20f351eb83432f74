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

  return {
    push(bytes: Uint8Array, fin: boolean): Utf8Error | null {
      for (let i = 0; i < bytes.length; i++, offset++) {
        const b = bytes[i];
        if (b < 0x80) continue; // ASCII is always fine
        // Your code: a lead byte starts a character of 2, 3 or 4 bytes, whose continuation
        // bytes may arrive in later pushes. For now, everything that is not ASCII fails.
        return { offset, reason: 'invalid-byte' };
      }
      return null;
    },
  };
}
