/**
 * A common mistake: buffering the whole message and validating it at the end. The verdict
 * is right, but late: a peer can send megabytes after the first bad byte, and a receiver
 * that waits holds them all before it fails the connection. Fail fast instead.
 * Fails: "fail fast: a bad byte is reported by the push that carries it, before fin"
 */
export type Utf8Error = {
  offset: number;
  reason: 'invalid-byte' | 'unexpected-continuation' | 'missing-continuation' | 'overlong' | 'surrogate' | 'too-large' | 'truncated';
};

export function createUtf8Validator() {
  const pieces: Uint8Array[] = [];
  let failure: Utf8Error | null = null;

  const check = (message: Uint8Array): Utf8Error | null => {
    let needed = 0;
    let low = 0x80;
    let high = 0xbf;
    for (let offset = 0; offset < message.length; offset++) {
      const b = message[offset];
      if (needed > 0) {
        if (b < 0x80 || b > 0xbf) return { offset, reason: 'missing-continuation' };
        if (b < low) return { offset, reason: 'overlong' };
        if (b > high) return { offset, reason: high === 0x9f ? 'surrogate' : 'too-large' };
        needed--;
        low = 0x80;
        high = 0xbf;
      } else if (b < 0x80) {
        continue;
      } else if (b <= 0xbf) {
        return { offset, reason: 'unexpected-continuation' };
      } else if (b <= 0xc1 || b >= 0xf5) {
        return { offset, reason: 'invalid-byte' };
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
    return needed > 0 ? { offset: message.length, reason: 'truncated' } : null;
  };

  return {
    push(bytes: Uint8Array, fin: boolean): Utf8Error | null {
      if (failure) return failure;
      pieces.push(bytes.slice());
      if (!fin) return null; // wait for the whole message
      const message = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const piece of pieces) {
        message.set(piece, at);
        at += piece.length;
      }
      failure = check(message);
      return failure;
    },
  };
}
